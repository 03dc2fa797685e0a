import Foundation

extension Language {
    /// A number as the reader's documents write it: "1.234.567" and "95,5" in Vietnamese, "1,234,567" and "95.5" in
    /// English. Whole numbers without decimals and others with one (two when one would show a non-zero value as zero),
    /// unless `decimals` fixes how many, as a column does so that all its numbers read alike.
    public func number(_ value: Double, decimals: Int? = nil) -> String {
        guard value.isFinite else { return "–" }
        // Beyond what an Int64 holds (a sum over units of a criterion without a maximum), as Swift writes it: the grouping
        // below would trap.
        guard abs(value) < 1e15 else { return NumberText.text(value) }
        let decimals = min(max(decimals ?? Self.decimalsNeeded(value), 0), 4)
        let scale = pow(10, Double(decimals))
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let (group, point) = self == .vi ? (".", ",") : (",", ".")
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = group + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if decimals > 0 {
            let fraction = String(scaled % Int64(scale))
            grouped += point + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (value < 0 && scaled != 0 ? "−" : "") + grouped
    }

    /// How many decimals `number` writes a value with when nothing fixes them: 0 for a whole number, else 1, or 2 when
    /// one would show a non-zero value as zero.
    public static func decimalsNeeded(_ value: Double) -> Int {
        guard value.isFinite, abs(value) < 1e15, value != value.rounded() else { return 0 }
        return (value * 10).rounded() == 0 ? 2 : 1
    }

    /// The decimals a column of values is written with: as many as the value that needs most.
    public static func decimals(of values: [Double?]) -> Int { values.compactMap { $0.map(decimalsNeeded) }.max() ?? 0 }
}
