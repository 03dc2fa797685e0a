import Foundation
import TonghopCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A cell's value as a workbook stores it.
public enum CellValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case bool(Bool)
    /// A number shown as a date (Excel's day count since 1899-12-30).
    case date(LocalDate)
    /// A formula's error value, e.g. `#DIV/0!`.
    case error(String)
}

/// One sheet as read: its cells by row and column (both 0-based).
public struct ReadSheet: Sendable {
    public var name: String
    public var cells: [Int: [Int: CellValue]]

    public func value(row: Int, column: Int) -> CellValue? { cells[row]?[column] }

    /// The rows that hold at least one cell, top to bottom.
    public var rowNumbers: [Int] { cells.keys.sorted() }
}

/// Reads the cell values of an .xlsx workbook: shared and inline strings, numbers, booleans, formulas' cached values,
/// dates by their number format. Files saved by Excel, LibreOffice and openpyxl store these differently; all are read.
public enum WorkbookReader {
    public static func read(_ data: Data) throws(WorkbookReadError) -> [ReadSheet] {
        var archive = try SafeArchive(data)
        if archive.paths.contains(where: { $0.lowercased().hasSuffix("vbaproject.bin") }) { throw .macroEnabled }
        guard let types = try archive.part("[Content_Types].xml") else { throw .notAWorkbook("the package has no [Content_Types].xml: it is not an Office file") }
        if String(decoding: types, as: UTF8.self).contains("macroEnabled") { throw .macroEnabled }
        guard let workbook = try archive.part("xl/workbook.xml") else {
            throw .notAWorkbook("the package has no workbook (xl/workbook.xml): it is not a spreadsheet")
        }
        let sheets = try parse(SheetListParser(), workbook, "xl/workbook.xml").sheets
        var targets: [String: String] = [:]
        var strings: [String] = []
        var dateStyles: Set<Int> = []
        if let xml = try archive.part("xl/_rels/workbook.xml.rels") { targets = try parse(RelationshipParser(), xml, "xl/_rels/workbook.xml.rels").targets }
        if let xml = try archive.part("xl/sharedStrings.xml") { strings = try parse(SharedStringParser(), xml, "xl/sharedStrings.xml").strings }
        if let xml = try archive.part("xl/styles.xml") { dateStyles = try parse(StyleParser(), xml, "xl/styles.xml").dateStyles }
        var read: [ReadSheet] = []
        for sheet in sheets {
            let target = targets[sheet.relationship] ?? ""
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let xml = try archive.part(path) else { throw .damaged("the sheet \(sheet.name) is listed but its part \(path) is missing") }
            read.append(ReadSheet(name: sheet.name, cells: try parse(SheetParser(strings: strings, dateStyles: dateStyles), xml, path).cells))
        }
        return read
    }

    private static func parse<P: PartParser>(_ handler: P, _ data: Data, _ path: String) throws(WorkbookReadError) -> P {
        let parser = XMLParser(data: data)
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        // parse() can answer true with an error recorded (a tag left open at the end): both are checked.
        guard parser.parse(), parser.parserError == nil else {
            throw .damaged("the part \(path) is not well-formed XML (line \(parser.lineNumber)); the file may be damaged")
        }
        return handler
    }

}

private protocol PartParser: XMLParserDelegate {}

/// `<sheet name="…" r:id="…"/>` entries of the workbook, in order.
private final class SheetListParser: NSObject, PartParser {
    var sheets: [(name: String, relationship: String)] = []

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        guard element == "sheet" || element.hasSuffix(":sheet") else { return }
        let id = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value ?? ""
        sheets.append((attributes["name"] ?? "", id))
    }
}

/// Relationship ids to their targets.
private final class RelationshipParser: NSObject, PartParser {
    var targets: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if element == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

/// The shared strings; a rich-text string's runs are joined, its phonetic hints left out.
private final class SharedStringParser: NSObject, PartParser {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch element {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// Which cell styles show numbers as dates.
private final class StyleParser: NSObject, PartParser {
    var dateStyles: Set<Int> = []
    private var customDateFormats: Set<Int> = []
    private var inCellFormats = false
    private var index = 0
    /// Excel's built-in date and time formats.
    private static let builtInDates: Set<Int> = Set(14...22).union(45...47)

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "numFmt":
            // A format with day, month or year codes outside quoted text and brackets is a date format.
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                var quoted = false, bracket = false, isDate = false
                for c in code.lowercased() {
                    if c == "\"" { quoted.toggle() } else if c == "[" { bracket = true } else if c == "]" { bracket = false }
                    else if !quoted && !bracket && (c == "y" || c == "d" || c == "m") { isDate = true }
                }
                if isDate { customDateFormats.insert(id) }
            }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats:
            let format = attributes["numFmtId"].flatMap(Int.init) ?? 0
            if Self.builtInDates.contains(format) || customDateFormats.contains(format) { dateStyles.insert(index) }
            index += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "cellXfs" { inCellFormats = false }
    }
}

/// The cells of one sheet.
private final class SheetParser: NSObject, PartParser {
    var cells: [Int: [Int: CellValue]] = [:]
    private let strings: [String]
    private let dateStyles: Set<Int>
    private var row = -1
    private var column = -1
    private var type = ""
    private var style = 0
    private var text = ""
    private var inValue = false
    private var value: String?

    init(strings: [String], dateStyles: Set<Int>) {
        self.strings = strings
        self.dateStyles = dateStyles
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "row":
            // Some writers leave out row and cell references; they are then counted.
            row = attributes["r"].flatMap(Int.init).map { $0 - 1 } ?? row + 1
            column = -1
        case "c":
            let reference = attributes["r"].flatMap(Self.address)
            if let reference { (row, column) = (reference.row, reference.column) } else { column += 1 }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = nil
        case "v", "t":
            inValue = true
            text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { text += string } }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch element {
        case "v":
            value = text
            inValue = false
        case "t":
            // The runs of an inline string.
            value = (value ?? "") + text
            inValue = false
        case "c":
            if let value, let cell = cellValue(value) { cells[row, default: [:]][column] = cell }
        default: break
        }
    }

    private func cellValue(_ raw: String) -> CellValue? {
        switch type {
        case "s": return Int(raw).flatMap { $0 < strings.count ? .text(strings[$0]) : nil }
        case "inlineStr", "str": return .text(raw)
        case "b": return .bool(raw == "1" || raw == "true")
        case "e": return .error(raw)
        case "d": return LocalDate(iso: String(raw.prefix(10))).map(CellValue.date) ?? .text(raw)
        default:
            guard let number = Double(raw) else { return raw.isEmpty ? nil : .text(raw) }
            if dateStyles.contains(style), let date = ExcelDate.date(serial: number) { return .date(date) }
            return .number(number)
        }
    }

    /// "D14" → row 13, column 3.
    static func address(_ reference: String) -> (row: Int, column: Int)? {
        let letters = reference.prefix { $0.isLetter }
        guard let column = CellReference.columnIndex(letters), let row = Int(reference.dropFirst(letters.count)), row >= 1 else { return nil }
        return (row - 1, column)
    }
}
