import Foundation
import TonghopSynthesis

/// The values that counted as tidy CSV rows: one value per row, as spreadsheets and statistics tools read them.
public enum SynthesisCSV {
    public static let header = ["unit", "unit_name", "period", "criterion", "value"]

    /// UTF-8 with a byte-order mark and CRLF line ends, so Excel opens the Vietnamese text as it is.
    public static func render(_ synthesis: Synthesis) -> Data {
        var out = "\u{FEFF}" + header.joined(separator: ",") + "\r\n"
        for v in synthesis.values {
            out += [v.unit, v.unitName, v.period, v.criterion, v.value].map(cell).joined(separator: ",") + "\r\n"
        }
        return Data(out.utf8)
    }

    /// A cell quoted as RFC 4180 asks, and neutralised if a spreadsheet would read it as a formula: text starting
    /// with = + - @ (or a tab or carriage return) gets a leading apostrophe. Numbers stay numbers.
    public static func cell(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
