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
        self.cell = cell
        self.path = path
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
}
