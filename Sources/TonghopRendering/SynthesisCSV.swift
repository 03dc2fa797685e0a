import Foundation
import TonghopSynthesis

/// The values that counted as tidy CSV rows: one value per row, as spreadsheets and statistics tools read them.
public enum SynthesisCSV {
    public static let header = ["unit", "unit_name", "period", "criterion", "value"]

    /// UTF-8 with a byte-order mark and CRLF line ends, so Excel opens the Vietnamese text as it is.
    public static func render(_ synthesis: Synthesis) -> Data {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        out.reserveCapacity(synthesis.values.count * 64)
        func row(_ cells: [String]) {
            for (i, text) in cells.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: cell(text).utf8)
            }
            out.append(contentsOf: [13, 10])
        }
        row(header)
        for v in synthesis.values { row([v.unit, v.unitName, v.period, v.criterion, v.value]) }
        return Data(out)
    }

    /// A cell quoted as RFC 4180 asks, and neutralised if a spreadsheet would read it as a formula: text starting
    /// with = + - @ (or a tab or carriage return) gets a leading apostrophe. Numbers stay numbers.
    public static func cell(_ text: String) -> String {
        var value = text
        if let first = value.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13].contains(first),
            Double(value) == nil
        {
            value = "'" + value
        }
        // Bytes rather than characters: walking grapheme clusters of Vietnamese text cost more than the rest of the file.
        guard value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
