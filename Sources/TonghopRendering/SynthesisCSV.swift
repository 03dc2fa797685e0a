import Foundation
import TonghopCore
import TonghopSynthesis

/// The values that counted as tidy CSV rows: one value per row, as spreadsheets and statistics tools read them; then
/// the state of each task of each unit as one more row, its criterion `task:<id>` and its value the state's code; then, for a
/// report returned for correction, `review:state` (`returned`) and `review:reason`.
public enum SynthesisCSV {
    public static let header = ["unit", "unit_name", "period", "criterion", "value"]
    private static let comma = UInt8(ascii: ",")

    /// Writes the file to `output`: UTF-8 with a byte-order mark and CRLF line ends, so Excel opens the Vietnamese text as
    /// it is. The values' rows in chunks, a few at a time on all cores (`writeRowsInPieces`), each handed on in order before
    /// the next are written; then the tasks and the returned reports.
    public static func write(_ synthesis: Synthesis, to output: ByteOutput) throws {
        let values = synthesis.values
        var out = ByteWriter()
        out.bytes = [0xEF, 0xBB, 0xBF]
        out.csvRow(header)
        try out.flush(to: output)
        try writeRowsInPieces(count: values.count, minimum: 1024, to: output) { range in
            var out = ByteWriter(capacity: range.count * 64)
            // A report's values come together: its unit, name and period are written once and copied for each value
            // (each row's cells gathered in an array of their own were a third of the file's time).
            var lead = ByteWriter()
            var leadOf: TidyReport?
            for v in values[range] {
                if leadOf !== v.report {
                    lead = ByteWriter()
                    lead.csvCell(v.unit, then: Self.comma)
                    lead.csvCell(v.unitName, then: Self.comma)
                    lead.csvCell(v.period, then: Self.comma)
                    leadOf = v.report
                }
                out.bytes += lead.bytes
                out.csvCell(v.criterion, then: Self.comma)
                out.csvCell(v.value.description)
                out.bytes += [13, 10]
            }
            return out.bytes
        }
        let tasks = synthesis.tasks.assignments, period = synthesis.heading.periodKey
        try writeRowsInPieces(count: tasks.count, minimum: 1024, to: output) { range in
            var out = ByteWriter(capacity: range.count * 80)
            for item in tasks[range] {
                out.csvCell(item.unit.code, then: Self.comma)
                out.csvCell(item.unit.name, then: Self.comma)
                out.csvCell(period, then: Self.comma)
                out.csvCell("task:" + item.taskId, then: Self.comma)
                out.csvCell(item.state.rawValue)
                out.bytes += [13, 10]
            }
            return out.bytes
        }
        // A report returned for correction still counts: two more rows say so, its state and the reason.
        for returned in synthesis.dataQuality.returned {
            out.csvRow([returned.unit.code, returned.unit.name, synthesis.heading.periodKey, "review:state", ReviewState.returned.rawValue])
            out.csvRow([returned.unit.code, returned.unit.name, synthesis.heading.periodKey, "review:reason", returned.reason])
        }
        try out.flush(to: output)
    }

    /// A cell quoted as RFC 4180 asks, and neutralised if a spreadsheet would read it as a formula: text starting
    /// with = + - @ (or a tab or carriage return) gets a leading apostrophe. Numbers stay numbers.
    public static func cell(_ text: String) -> String {
        var out = ByteWriter()
        out.csvCell(text)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Whether a cell starting with this byte could be read as a formula.
    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@") || byte == 9 || byte == 13
    }

    /// Whether a cell holding this byte must be quoted.
    static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 10 || byte == 13
    }
}

extension ByteWriter {
    /// One CSV row, its cells quoted and neutralised as `SynthesisCSV.cell` says, ended by CRLF.
    mutating func csvRow(_ cells: [String]) {
        for (i, text) in cells.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            csvCell(text)
        }
        bytes += [13, 10]
    }

    /// A cell and the separator after it, as `csvRow` writes them: a row written cell by cell, not gathered in an array.
    fileprivate mutating func csvCell(_ text: String, then separator: UInt8) {
        csvCell(text)
        byte(separator)
    }

    /// A cell as `SynthesisCSV.cell` says, over its bytes: most need neither quotes nor neutralising and are copied as
    /// they are after one scan; the rest are quoted here byte by byte. Foundation's `replacingOccurrences` took 29,000
    /// instructions a cell (5% of a commune-scale CSV synthesis whose text answers hold commas), and left single a quote
    /// that a combining mark follows, which it searched for as a character.
    fileprivate mutating func csvCell(_ text: String) {
        // Text that a spreadsheet would read as a formula; a number such as -5 stays a number.
        let neutralised = text.utf8.first.map(SynthesisCSV.startsFormula) == true && Double(text) == nil
        var text = text
        text.withUTF8 { utf8 in
            let quoted = utf8.contains(where: SynthesisCSV.needsQuotes)
            guard neutralised || quoted else { return bytes.append(contentsOf: utf8) }
            if quoted { byte(UInt8(ascii: "\"")) }
            if neutralised { byte(UInt8(ascii: "'")) }
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { self.byte(byte) }
                self.byte(byte)
            }
            if quoted { byte(UInt8(ascii: "\"")) }
        }
    }
}
