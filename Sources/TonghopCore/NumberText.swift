import Foundation

/// Numbers written as text in a report file, read by one strict grammar.
///
/// Swift's `Double("…")` also takes `nan`, `inf`, hexadecimal floats and a leading `+`, and `Int("…")` a sign, which
/// would let `NaN` stand for "not answered" or `2025-+1-19` for a date. Every number read from a file goes through here.
public enum NumberText {
    /// The largest whole number a `Double` holds exactly (2⁵³ − 1): a count above it would be stored changed.
    public static let largestExactWhole: Double = 9_007_199_254_740_991

    /// A decimal number: an optional `-`, digits, optionally `.` and digits, and (with `exponent`) `e` or `E`, an
    /// optional sign and digits. Nil for anything else, and for a number too large to be finite.
    public static func decimal<Text: StringProtocol>(_ text: Text, exponent: Bool = false) -> Double? {
        var bytes = text.utf8.makeIterator()
        var state = 0  // 0 start, 1 after '-', 2 integer digits, 3 after '.', 4 fraction digits, 5 after 'e', 6 after sign, 7 exponent digits
        while let byte = bytes.next() {
            let isDigit = byte &- UInt8(ascii: "0") < 10
            switch (state, byte) {
            case (0, UInt8(ascii: "-")): state = 1
            case (0, _) where isDigit, (1, _) where isDigit, (2, _) where isDigit: state = 2
            case (2, UInt8(ascii: ".")): state = 3
            case (3, _) where isDigit, (4, _) where isDigit: state = 4
            case (2, UInt8(ascii: "e")) where exponent, (2, UInt8(ascii: "E")) where exponent,
                (4, UInt8(ascii: "e")) where exponent, (4, UInt8(ascii: "E")) where exponent:
                state = 5
            case (5, UInt8(ascii: "+")), (5, UInt8(ascii: "-")): state = 6
            case (5, _) where isDigit, (6, _) where isDigit, (7, _) where isDigit: state = 7
            default: return nil
            }
        }
        guard state == 2 || state == 4 || state == 7, let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }

    /// Unsigned decimal digits only (no sign, no space), as a whole number; nil on anything else or on overflow.
    public static func digits<Text: StringProtocol>(_ text: Text) -> Int? {
        digits(bytes: text.utf8)
    }

    /// The whole number that ASCII digits spell (no sign, no space); nil on anything else, on none, or on overflow. The
    /// one whole-number parser: the readers' shortcuts and the database's instants come here.
    @inlinable
    public static func digits<Bytes: Collection<UInt8>>(bytes: Bytes) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(digit))
            guard !overflow, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// A number as tonghop writes it in files and messages: a whole number of less than 10¹⁵ without a decimal point
    /// (`12`, not `12.0`), any other in Swift's shortest form that reads back the same (`3.5`, `1.2e+16`). The one rule
    /// of numbers as text: reports, messages, rules, JSON and sheets all use it.
    /// A whole number written as Vietnamese write it, with dots between groups of three digits: "1.134" → 1134,
    /// "12.500.000" → 12500000. Only groups of exactly three after a first group of one to three digits, so that "1.5" or
    /// "1.13" is never taken for one; nil for anything else, or beyond 2⁵³.
    public static func groupedWhole(_ text: String) -> Double? {
        // Most answers hold no dot: answered without splitting (every CSV answer is text and passes here).
        guard text.utf8.contains(UInt8(ascii: ".")) else { return nil }
        let text = text.trimmed
        let negative = text.hasPrefix("-")
        let groups = (negative ? text.dropFirst() : text[...]).split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count >= 2, (1...3).contains(groups[0].utf8.count), groups.dropFirst().allSatisfy({ $0.utf8.count == 3 }),
            let value = digits(groups.joined()), Double(value) <= largestExactWhole
        else { return nil }
        return negative ? -Double(value) : Double(value)
    }

    public static func text(_ value: Double) -> String {
        // Below 10¹⁵ the conversion to Int64 is exact and cannot trap, whatever the value (a rule's constant, a sum).
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A number as a spreadsheet shows it: rounded to the 15 significant digits Excel and LibreOffice keep, so that a
    /// formula's last-bit error (`=2.58*100` stored as 258.00000000000006) reads as the 258 the sender saw.
    public static func asSpreadsheetShows(_ value: Double) -> Double {
        guard value.isFinite, value != 0, let rounded = Double(String(format: "%.15g", value)) else { return value }
        return rounded
    }

    /// The percentage a spreadsheet shows for the fraction it stores: 0.934 → 93.4. Rounded as `asSpreadsheetShows`, so
    /// that the multiplication's last-bit error does not turn 93.4 into 93.40000000000001.
    public static func percent(fromFraction fraction: Double) -> Double {
        asSpreadsheetShows(fraction * 100)
    }

    /// The fraction a spreadsheet stores for a percentage: 93.4 → 0.934, rounded as `percent(fromFraction:)` rounds.
    public static func fraction(fromPercent percent: Double) -> Double {
        asSpreadsheetShows(percent / 100)
    }
}
