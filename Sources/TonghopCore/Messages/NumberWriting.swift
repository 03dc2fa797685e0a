import Foundation

extension Language {
    /// A number as the reader's documents write it: "1.234.567" and "95,5" in Vietnamese, "1,234,567" and "95.5" in
    /// English. Whole numbers without decimals and others with one (two when one would show a non-zero value as zero),
    /// unless `decimals` fixes how many, as a column does so that all its numbers read alike.
    public func number(_ value: Double, decimals: Int? = nil) -> String {
        guard value.isFinite else { return "–" }
        let decimals = min(max(decimals ?? Self.decimalsNeeded(value), 0), 4)
        let scale = Self.scales[decimals]
        // Beyond what an Int64 holds once scaled (a sum over units of a criterion without a maximum), as Swift writes it:
        // the conversion to Int64 below would trap. (A product at or above 2⁶³ is a whole number already: rounding it
        // cannot bring it under.)
        guard abs(value) < 1e15, abs(value) * Double(scale) < 0x1p63 else { return NumberText.text(value) }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        let (group, point) = self == .vi ? (UInt8(ascii: "."), UInt8(ascii: ",")) : (UInt8(ascii: ","), UInt8(ascii: "."))
        // Written backwards into bytes on the stack: a commune-scale table writes 27,000 numbers, and grouping them
        // through strings took 1,700 instructions each.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            var (whole, fraction) = scaled.quotientAndRemainder(dividingBy: scale)
            if decimals > 0 {
                for _ in 0..<decimals {
                    put(UInt8(ascii: "0") + UInt8(fraction % 10))
                    fraction /= 10
                }
                put(point)
            }
            var written = 0
            repeat {
                if written > 0 && written % 3 == 0 { put(group) }
                put(UInt8(ascii: "0") + UInt8(whole % 10))
                whole /= 10
                written += 1
            } while whole > 0
            // "−", the minus sign (U+2212), not a hyphen.
            if value < 0 && scaled != 0 { for byte in "−".utf8.reversed() { put(byte) } }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }

    /// 10 to the power of each count of decimals `number` writes.
    private static let scales: [Int64] = [1, 10, 100, 1000, 10000]

    /// How many decimals `number` writes a value with when nothing fixes them: 0 for a whole number, else 1, or 2 when
    /// one would show a non-zero value as zero.
    public static func decimalsNeeded(_ value: Double) -> Int {
        guard value.isFinite, abs(value) < 1e15, value != value.rounded() else { return 0 }
        return (value * 10).rounded() == 0 ? 2 : 1
    }

    /// The decimals a column of values is written with: as many as the value that needs most.
    public static func decimals(of values: [Double?]) -> Int { values.compactMap { $0.map(decimalsNeeded) }.max() ?? 0 }
}
