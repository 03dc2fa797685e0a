/// Where in a report file something was found: a line (JSON), a row and column (CSV) or a sheet cell (XLSX).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    /// Line in a text file, 1-based.
    public var line: Int?
    /// Row in a table, 1-based with the header as row 1 (as Frictionless counts).
    public var row: Int?
    /// Column name in a table.
    public var column: String?
    /// Cell of a spreadsheet, e.g. "Báo cáo!D14".
    public var cell: String?
    /// The place in the file's structure, e.g. `values.dc.tasks_received` or `difficulties[2]`.
    public var path: String?

    public init(file: String, line: Int? = nil, row: Int? = nil, column: String? = nil, cell: String? = nil, path: String? = nil) {
        self.file = file
        self.line = line
        self.row = row
        self.column = column
        // A sheet's name and a field's name come from the file: printed without its control characters, its invisible
        // ones named, and cut short if absurdly long (a JSON key may be a megabyte).
        self.cell = cell.map { cell in
            // "Sheet!D14": only the sheet's name is the file's, and only it is cut, so the cell stays named.
            guard let bang = cell.lastIndex(of: "!") else { return cell.withoutControlCharacters.cut(toScalars: 120) }
            return String(cell[..<bang]).withoutControlCharacters.cut(toScalars: 120) + cell[bang...]
        }
        self.path = path.map { $0.withoutControlCharacters.cut(toScalars: 120) }
    }

    public var description: String {
        var parts = [file]
        if let cell { parts.append("cell \(cell)") }
        if let row { parts.append("row \(row)") }
        // A table row spans several lines only when a quoted cell holds line breaks.
        if let line, line != row { parts.append("line \(line)") }
        if let column { parts.append("column \(column)") }
        if let path { parts.append(path) }
        return parts.joined(separator: ", ")
    }

    /// The place in the file, without its name, as the reader's language says it: "dòng 44", "hàng 29, cột giá trị",
    /// "ô D14 trang Báo cáo"; "line 44", "row 29, column value", "cell D14 of sheet Báo cáo". Empty for the whole file.
    public func place(in language: Language) -> String {
        var parts: [String] = []
        if let cell {
            // "Báo cáo!D14": the sheet's name may itself hold "!", the cell never does.
            let (sheet, reference) = cell.lastIndex(of: "!").map { (String(cell[..<$0]), String(cell[cell.index(after: $0)...])) } ?? ("", cell)
            switch language {
            case .vi: parts.append("ô \(reference)" + (sheet.isEmpty ? "" : " trang \(sheet)"))
            case .en: parts.append("cell \(reference)" + (sheet.isEmpty ? "" : " of sheet \(sheet)"))
            }
        }
        if let row { parts.append((language == .vi ? "hàng " : "row ") + String(row)) }
        // A table row spans several lines only when a quoted cell holds line breaks.
        if let line, line != row { parts.append((language == .vi ? "dòng " : "line ") + String(line)) }
        if let column {
            switch language {
            case .vi: parts.append("cột " + (Self.vietnameseColumns[column] ?? column))
            case .en: parts.append("column " + column)
            }
        }
        if let path { parts.append((language == .vi ? "trường " : "field ") + path) }
        return parts.joined(separator: ", ")
    }

    /// The file's name, then the place: "HN.csv, hàng 29, cột giá trị".
    public func text(in language: Language) -> String {
        let place = place(in: language)
        return place.isEmpty ? file : file + ", " + place
    }

    /// The columns of the CSV format (`record,key,value`) by what they hold.
    private static let vietnameseColumns = ["record": "loại dòng", "key": "mã", "value": "giá trị"]
}
