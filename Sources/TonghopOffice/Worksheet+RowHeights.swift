import Foundation
import TonghopCore

extension Worksheet {
    /// How many lines a text wraps to in a column `width` units wide. A unit is the width of a digit, and Vietnamese
    /// text in Arial averages 0.8 of it (measured on the rendered form: a 58-unit column holds 72 characters of label);
    /// lists of names, capitals first, run wider, so a line is taken to hold 1.1 characters a unit. Words wrap whole, as
    /// a spreadsheet wraps them: a line ends where the next word does not fit (estimated by characters, a word longer
    /// than a line taking the lines it fills).
    public static func lines(_ text: String, width: Double) -> Int {
        // One pass over the bytes, counting scalars (every byte but UTF-8's continuation bytes): Vietnamese is written
        // precomposed, and breaking a results sheet's thousands of long texts into characters cost more than writing them.
        var count = LineCount(perLine: max(Int(max(width, 1) * 1.1), 1))
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 { count.add(byte) }
        }
        count.endWord()
        return count.lines
    }

    /// The lines of a text counted as its bytes come: a struct's own state, which Swift checks once at compile time
    /// (the locals a nested function captures were checked at every byte).
    private struct LineCount {
        let perLine: Int
        var lines = 1
        var line = 0
        var word = 0

        init(perLine: Int) { self.perLine = perLine }

        mutating func add(_ byte: UInt8) {
            if byte == UInt8(ascii: "\n") {
                endWord()
                lines += 1
                line = 0
            } else if byte == UInt8(ascii: " ") {
                endWord()
            } else if byte & 0xC0 != 0x80 {
                word += 1
            }
        }

        mutating func endWord() {
            guard word > 0 else { return }
            let needed = line == 0 ? word : line + 1 + word
            if needed <= perLine {
                line = needed
            } else if line == 0 {
                // A word longer than a line: it fills lines of its own.
                lines += (word - 1) / perLine
                line = (word - 1) % perLine + 1
            } else {
                lines += 1 + (word - 1) / perLine
                line = (word - 1) % perLine + 1
            }
            word = 0
        }
    }

    /// Makes every row whose wrapped cells run over a line tall enough for them (rows given a height keep the larger).
    /// Spreadsheets keep a row's stored height, and a wrapped text in a row of one line runs over the rows below.
    public mutating func fitWrappedRows(lineHeight: Double = 15) {
        // Each column's text in the row above and its lines: a column mostly repeats it (a task's text down its 3,300
        // units), and comparing bytes is cheaper than counting words.
        var above: [(text: String, lines: Int)?] = []
        for (index, row) in rows.enumerated() {
            var lines = 1
            for (column, cell) in row.enumerated() where cell.style == .header || cell.style == .wrapped || cell.style == .inputWrapped {
                guard case .text(let text) = cell.value else { continue }
                if column >= above.count { above += Array(repeating: nil, count: column + 1 - above.count) }
                if let same = above[column], same.text.hasSameBytes(as: text) {
                    lines = max(lines, same.lines)
                    continue
                }
                let counted = Self.lines(text, width: column < columnWidths.count ? columnWidths[column] : 8.43)
                above[column] = (text, counted)
                lines = max(lines, counted)
            }
            guard lines > 1 else { continue }
            // 409 points is the tallest row a spreadsheet keeps; a longer text scrolls within its cell.
            rowHeights[index + 1] = min(409, max(rowHeights[index + 1] ?? 0, Double(lines) * lineHeight + 2))
        }
    }
}
