import Foundation

extension Worksheet {
    /// How many lines a text wraps to in a column `width` units wide. A unit is the width of a digit, and Vietnamese
    /// text in Arial averages 0.8 of it (measured on the rendered form: a 58-unit column holds 72 characters of label).
    public static func lines(_ text: String, width: Double) -> Int {
        let perLine = max(width, 1) * 1.2
        // One pass over the bytes, counting scalars (every byte but UTF-8's continuation bytes) line by line: Vietnamese
        // is written precomposed, and breaking a results sheet's thousands of long texts into characters cost more than
        // writing them.
        var lines = 0
        var scalars = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                lines += max(1, Int((Double(scalars) / perLine).rounded(.up)))
                scalars = 0
            } else if byte & 0xC0 != 0x80 {
                scalars += 1
            }
        }
        return lines + max(1, Int((Double(scalars) / perLine).rounded(.up)))
    }

    /// Makes every row whose wrapped cells run over a line tall enough for them (rows given a height keep the larger).
    /// Spreadsheets keep a row's stored height, and a wrapped text in a row of one line runs over the rows below.
    public mutating func fitWrappedRows(lineHeight: Double = 15) {
        for (index, row) in rows.enumerated() {
            var lines = 1
            for (column, cell) in row.enumerated() where cell.style == .header || cell.style == .wrapped || cell.style == .inputWrapped {
                guard case .text(let text) = cell.value else { continue }
                lines = max(lines, Self.lines(text, width: column < columnWidths.count ? columnWidths[column] : 8.43))
            }
            guard lines > 1 else { continue }
            // 409 points is the tallest row a spreadsheet keeps; a longer text scrolls within its cell.
            rowHeights[index + 1] = min(409, max(rowHeights[index + 1] ?? 0, Double(lines) * lineHeight + 2))
        }
    }
}
