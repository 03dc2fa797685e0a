import Foundation

/// A spreadsheet to be written as .xlsx: sheets of cells with a small fixed set of styles.
public struct Workbook: Sendable {
    public var sheets: [Worksheet]
    /// Written into the document's properties and on every part, so the same workbook gives the same bytes.
    public var created: Date
    public var title: String

    public init(sheets: [Worksheet] = [], created: Date, title: String) {
        self.sheets = sheets
        self.created = created
        self.title = title
    }
}

/// One sheet: rows of cells, column widths, and what helps people read, print and fill it.
public struct Worksheet: Sendable {
    public var name: String
    /// Column widths in characters, first column first; columns past the list keep the default width.
    public var columnWidths: [Double]
    public var rows: [[Cell]]
    /// Rows kept in view while scrolling (the header).
    public var frozenRows: Int
    /// Filter buttons on the first row of the table that starts at `filterHeaderRow` (1-based), if any.
    public var filterHeaderRow: Int?
    /// Cell ranges merged into one, e.g. "A1:F1".
    public var merges: [String]
    public var validations: [DataValidation]
    /// Whether only unlocked cells (the `input` styles) can be changed.
    public var isProtected: Bool
    public var isHidden: Bool
    /// Columns (0-based) kept but not shown: the keys a form is read back by, which people need not see.
    public var hiddenColumns: Set<Int>
    public var landscape: Bool
    /// Rows repeated at the top of every printed page (1-based, inclusive).
    public var printTitleRows: ClosedRange<Int>?
    /// Heights in points of rows that need more than one line (1-based row numbers).
    public var rowHeights: [Int: Double]

    public init(name: String, columnWidths: [Double] = [], rows: [[Cell]] = [], frozenRows: Int = 0) {
        self.name = name
        self.columnWidths = columnWidths
        self.rows = rows
        self.frozenRows = frozenRows
        self.filterHeaderRow = nil
        self.merges = []
        self.validations = []
        self.isProtected = false
        self.isHidden = false
        self.hiddenColumns = []
        self.landscape = false
        self.printTitleRows = nil
        self.rowHeights = [:]
    }
}

/// One cell: a value and its style.
public struct Cell: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case empty
        case text(String)
        case number(Double)
    }

    public var value: Value
    public var style: CellStyle

    public init(_ value: Value, _ style: CellStyle = .normal) {
        self.value = value
        self.style = style
    }

    public static func text(_ text: String, _ style: CellStyle = .normal) -> Cell { Cell(.text(text), style) }
    public static func number(_ number: Double, _ style: CellStyle = .integer) -> Cell { Cell(.number(number), style) }
    /// A number, or an empty cell when there is none.
    public static func number(_ number: Double?, _ style: CellStyle = .integer) -> Cell {
        number.map { Cell(.number($0), style) } ?? Cell(.empty, style)
    }
    public static let empty = Cell(.empty)
}

/// The styles a workbook offers; each is one entry of the styles part, in this order.
public enum CellStyle: Int, Sendable, Hashable, CaseIterable {
    case normal
    /// Bold on grey with a border, wrapped: table headers.
    case header
    /// Bold, larger: a sheet's title.
    case title
    /// Wrapped, aligned to the top: long text.
    case wrapped
    /// Whole numbers with thousands separators.
    case integer
    /// Numbers with one decimal.
    case decimal
    /// Bold.
    case bold
    /// A cell people fill in: unlocked on a protected sheet, bordered, on pale yellow.
    case input
    /// An input cell for long text: wrapped too.
    case inputWrapped
    /// A date shown as dd/mm/yyyy, as Vietnamese write it, for input.
    case inputDate
    /// Italic and grey: notes and hints.
    case note
    /// A percentage for input: the cell holds the fraction and shows it with a % sign (0.934 as 93.4%).
    case inputPercent
    /// Italic and grey like a note, on one line shrunk to fit its column: a code that must never run into other cells.
    case code
    /// A change that is good news, in dark green with its sign: whole, and to one decimal.
    case goodChange
    case goodChangeDecimal
    /// A change that is bad news, in dark red with its sign: whole, and to one decimal.
    case badChange
    case badChangeDecimal
    /// A share: the cell holds the fraction (0.916) and shows it as a percentage to one decimal (91.6%).
    case percent
}

/// An Excel data-validation rule on some cells: a whole number between bounds, a choice from a list ...
public struct DataValidation: Sendable, Hashable {
    public enum Kind: String, Sendable { case whole, decimal, list, date, textLength }

    public var kind: Kind
    /// `between`, `greaterThanOrEqual`, `lessThanOrEqual` ... (not used for lists).
    public var comparison: String?
    /// The first bound, or for a list: `"a,b,c"` in quotes or a range such as `Lists!$A$1:$A$8`.
    public var formula1: String
    public var formula2: String?
    /// The cells, e.g. "D5:D41".
    public var cells: String
    public var prompt: String?
    public var error: String?

    public init(
        kind: Kind, comparison: String? = nil, formula1: String, formula2: String? = nil, cells: String, prompt: String? = nil, error: String? = nil
    ) {
        self.kind = kind
        self.comparison = comparison
        self.formula1 = formula1
        self.formula2 = formula2
        self.cells = cells
        self.prompt = prompt
        self.error = error
    }
}

/// Cell references as Excel writes them.
public enum CellReference {
    /// "A" for 0, "Z" for 25, "AA" for 26.
    public static func column(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// "B3" for column 1, row 3 (rows 1-based).
    public static func cell(column: Int, row: Int) -> String { Self.column(column) + String(row) }

    /// The 0-based column of a letter name ("AA" → 26), or nil; at most three letters, as spreadsheets have (XFD).
    public static func columnIndex(_ letters: Substring) -> Int? {
        guard (1...3).contains(letters.utf8.count), letters.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            return nil
        }
        return letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }
}
