import Foundation
import TonghopCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A cell's value as a workbook stores it.
public enum CellValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    /// A number shown as a percentage, as the workbook stores it: 0.934 for a cell that shows 93.4%.
    case percent(Double)
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
/// dates and percentages by their number format. Files saved by Excel, LibreOffice and openpyxl store these differently;
/// all are read.
///
/// Every XML part is checked before FoundationXML sees it (it traps on a name that is not UTF-8), and every number taken
/// from a part (a row, a column, a shared string's place) is checked before it is used.
public enum WorkbookReader {
    /// The largest row and column numbers a spreadsheet has (Excel's limits, 1-based).
    public static let maximumRow = 1_048_576
    public static let maximumColumn = 16_384

    public static func read(_ data: Data) throws(WorkbookReadError) -> [ReadSheet] {
        var archive = try SafeArchive(data)
        if archive.paths.contains(where: { $0.lowercased().hasSuffix("vbaproject.bin") }) { throw .macroEnabled }
        guard let types = try archive.part("[Content_Types].xml") else {
            throw .notAWorkbook(Message(.workbookNotOffice))
        }
        if String(decoding: types, as: UTF8.self).contains("macroEnabled") { throw .macroEnabled }
        guard let workbookXML = try archive.part("xl/workbook.xml") else {
            throw .notAWorkbook(Message(.workbookNoWorkbookPart))
        }
        let workbook = try parse(WorkbookPartParser(), workbookXML, "xl/workbook.xml")
        // Excel refuses two sheets whose names differ only in case; a workbook that has them was not written by it, and
        // which of the two is the report is not for tonghop to guess.
        var names: Set<String> = []
        for sheet in workbook.sheets where !names.insert(sheet.name.lowercased()).inserted {
            throw .damaged(Message(.workbookSheetTwice, ["sheet": .quoted(sheet.name)]))
        }
        var targets: [String: String] = [:]
        var strings: [String] = []
        var styles = StyleParser()
        if let xml = try archive.part("xl/_rels/workbook.xml.rels") {
            targets = try parse(RelationshipParser(), xml, "xl/_rels/workbook.xml.rels").targets
        }
        if let xml = try archive.part("xl/sharedStrings.xml") { strings = try parse(SharedStringParser(), xml, "xl/sharedStrings.xml").strings }
        if let xml = try archive.part("xl/styles.xml") { styles = try parse(StyleParser(), xml, "xl/styles.xml") }
        var read: [ReadSheet] = []
        for sheet in workbook.sheets {
            let target = targets[sheet.relationship] ?? ""
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let xml = try archive.part(path) else {
                throw .damaged(Message(.workbookSheetPartMissing, ["sheet": .quoted(sheet.name), "part": .quoted(path)]))
            }
            let parser = SheetParser(
                sheet: sheet.name, strings: strings, dateStyles: styles.dateStyles, percentStyles: styles.percentStyles,
                dateSystem: workbook.dateSystem)
            read.append(ReadSheet(name: sheet.name, cells: try parse(parser, xml, path).cells))
        }
        return read
    }

    private static func parse<P: PartParser>(_ handler: P, _ data: Data, _ path: String) throws(WorkbookReadError) -> P {
        try checkXML(data, path)
        let parser = XMLParser(data: data)
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        // Elements by their namespace, not their prefix: `<x:c>` is SpreadsheetML's cell as `<c>` is, and an extension's
        // `<x14:…>` is not.
        parser.shouldProcessNamespaces = true
        // parse() can answer true with an error recorded (a tag left open at the end): both are checked.
        let parsed = parser.parse()
        if let problem = handler.problem { throw problem }
        guard parsed, parser.parserError == nil else {
            throw .damaged(Message(.workbookPartNotXML, ["part": .quoted(path), "line": .count(parser.lineNumber)]))
        }
        return handler
    }

    /// What every part must be before the XML parser sees it: UTF-8 text (as Office writes its parts), declared so if
    /// at all, with no document type. A DOCTYPE can define entities, which the parser would stop at and drop the rest.
    static func checkXML(_ data: Data, _ path: String) throws(WorkbookReadError) {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .damaged(Message(.workbookPartNotUTF8, ["part": .quoted(path)]))
        }
        // Over the bytes: `String.contains` goes through NSString and was half the time of reading a form.
        let declaresType = data.withUnsafeBytes { bytes -> Bool in
            var index = bytes.firstIndex(of: UInt8(ascii: "<"))
            while let at = index {
                if at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "!") {
                    let rest = bytes[(at + 2)...]
                    if rest.starts(with: "DOCTYPE".utf8) || rest.starts(with: "ENTITY".utf8) { return true }
                }
                index = bytes[(at + 1)...].firstIndex(of: UInt8(ascii: "<"))
            }
            return false
        }
        if declaresType {
            throw .damaged(Message(.workbookPartDoctype, ["part": .quoted(path)]))
        }
        let head = text.utf8.prefix(200)
        if head.starts(with: "<?xml".utf8) || head.starts(with: "\u{FEFF}<?xml".utf8) {
            let declaration = String(decoding: head.prefix { $0 != UInt8(ascii: ">") }, as: UTF8.self)
            if let range = declaration.range(of: "encoding") {
                let value = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
                    .prefix { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "?" }.lowercased()
                guard value == "utf-8" || value == "utf8" else {
                    throw .damaged(Message(.workbookPartEncoding, ["part": .quoted(path), "encoding": .quoted(value)]))
                }
            }
        }
    }
}

/// A part's parser: a delegate of FoundationXML's parser, which may stop it with the first problem found.
private protocol PartParser: AnyObject, XMLParserDelegate {
    var problem: WorkbookReadError? { get set }
}

extension PartParser {
    func stop(_ parser: XMLParser, _ problem: WorkbookReadError) {
        guard self.problem == nil else { return }
        self.problem = problem
        parser.abortParsing()
    }
}

/// The namespaces of the parts read: SpreadsheetML's (transitional, as Excel writes, and strict) and the package's
/// relationships. An element in no namespace is taken too, as some hand-made writers leave the declaration out.
private enum Namespace {
    static func isSpreadsheet(_ uri: String?) -> Bool {
        uri == nil || uri == "" || uri == "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
            || uri == "http://purl.oclc.org/ooxml/spreadsheetml/main"
    }

    static func isRelationships(_ uri: String?) -> Bool {
        uri == nil || uri == "" || uri == "http://schemas.openxmlformats.org/package/2006/relationships"
    }
}

/// Text content, as characters or CDATA sections: both are text to Excel.
private protocol TextCollecting: PartParser {
    func collect(_ text: String)
}

extension TextCollecting {
    func parser(_ parser: XMLParser, foundCharacters string: String) { collect(string) }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        // The part was checked to be UTF-8 as a whole, and a CDATA section holds whole characters of it.
        collect(String(decoding: block, as: UTF8.self))
    }
}

/// The workbook part: its `<sheet name="…" r:id="…"/>` entries in order, and its date system.
private final class WorkbookPartParser: NSObject, PartParser {
    var problem: WorkbookReadError?
    var sheets: [(name: String, relationship: String)] = []
    var dateSystem = ExcelDate.System.from1900

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard Namespace.isSpreadsheet(namespaceURI) else { return }
        switch element {
        case "sheet":
            let id = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value ?? ""
            sheets.append((attributes["name"] ?? "", id))
        case "workbookPr":
            let value = attributes["date1904"]?.trimmed.lowercased()
            if value == "1" || value == "true" { dateSystem = .from1904 }
        default: break
        }
    }
}

/// Relationship ids to their targets.
private final class RelationshipParser: NSObject, PartParser {
    var problem: WorkbookReadError?
    var targets: [String: String] = [:]

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if element == "Relationship", Namespace.isRelationships(namespaceURI), let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
    }
}

/// The shared strings; a rich-text string's runs are joined, its phonetic hints left out, Excel's `_xHHHH_` decoded.
private final class SharedStringParser: NSObject, TextCollecting {
    var problem: WorkbookReadError?
    var strings: [String] = []
    private var current = ""
    private var run = ""
    private var inText = false
    private var inPhonetic = false

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard Namespace.isSpreadsheet(namespaceURI) else { return }
        switch element {
        case "si": current = ""
        case "t":
            inText = !inPhonetic
            run = ""
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func collect(_ text: String) { if inText { run += text } }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        guard Namespace.isSpreadsheet(namespaceURI) else { return }
        switch element {
        case "si": strings.append(current)
        case "t":
            if inText { current += run.excelUnescaped }
            inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// Which cell styles show numbers as dates, and which as percentages.
private final class StyleParser: NSObject, PartParser {
    var problem: WorkbookReadError?
    var dateStyles: Set<Int> = []
    var percentStyles: Set<Int> = []
    private var customDateFormats: Set<Int> = []
    private var customPercentFormats: Set<Int> = []
    private var inCellFormats = false
    private var index = 0
    /// Excel's built-in date and time formats, and its percentages (0% and 0.00%).
    private static let builtInDates: Set<Int> = Set(14...22).union(45...47)
    private static let builtInPercents: Set<Int> = [9, 10]

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard Namespace.isSpreadsheet(namespaceURI) else { return }
        switch element {
        case "numFmt":
            // Codes outside quoted text, brackets and backslash escapes decide: day, month or year codes make a date
            // format, a % sign a percentage.
            if let id = attributes["numFmtId"].flatMap(NumberText.digits), let code = attributes["formatCode"] {
                var quoted = false, bracket = false, escaped = false, isDate = false, isPercent = false
                for c in code.lowercased() {
                    if escaped {
                        escaped = false
                        continue
                    }
                    if c == "\\" && !quoted {
                        escaped = true
                    } else if c == "\"" {
                        quoted.toggle()
                    } else if c == "[" {
                        bracket = true
                    } else if c == "]" {
                        bracket = false
                    } else if !quoted && !bracket && (c == "y" || c == "d" || c == "m") {
                        isDate = true
                    } else if !quoted && !bracket && c == "%" {
                        isPercent = true
                    }
                }
                if isDate { customDateFormats.insert(id) } else if isPercent { customPercentFormats.insert(id) }
            }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats:
            let format = attributes["numFmtId"].flatMap(NumberText.digits) ?? 0
            if Self.builtInDates.contains(format) || customDateFormats.contains(format) { dateStyles.insert(index) }
            if Self.builtInPercents.contains(format) || customPercentFormats.contains(format) { percentStyles.insert(index) }
            index += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "cellXfs", Namespace.isSpreadsheet(namespaceURI) { inCellFormats = false }
    }
}

/// The cells of one sheet.
private final class SheetParser: NSObject, TextCollecting {
    var problem: WorkbookReadError?
    var cells: [Int: [Int: CellValue]] = [:]
    private let sheet: String
    private let strings: [String]
    private let dateStyles: Set<Int>
    private let percentStyles: Set<Int>
    private let dateSystem: ExcelDate.System
    private var row = -1
    private var column = -1
    private var type = ""
    private var style = 0
    private var text = ""
    private var inValue = false
    private var inPhonetic = false
    private var value: String?
    /// The rows and cells met so far: a second one at the same place is refused, not left to overwrite the first.
    private var rowsSeen: Set<Int> = []
    private var cellsSeen: Set<Int> = []

    init(sheet: String, strings: [String], dateStyles: Set<Int>, percentStyles: Set<Int>, dateSystem: ExcelDate.System) {
        self.sheet = sheet
        self.strings = strings
        self.dateStyles = dateStyles
        self.percentStyles = percentStyles
        self.dateSystem = dateSystem
    }

    private var place: String { "\(sheet)!\(CellReference.cell(column: column, row: row + 1))" }

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard Namespace.isSpreadsheet(namespaceURI) else { return }
        switch element {
        case "row":
            // Some writers leave out row and cell references; they are then counted.
            if let reference = attributes["r"] {
                guard let number = NumberText.digits(reference), (1...WorkbookReader.maximumRow).contains(number) else {
                    return stop(
                        parser,
                        .damaged(
                            Message(
                                .workbookRowOutOfRange,
                                ["sheet": .quoted(sheet), "row": .quoted(reference), "limit": .count(WorkbookReader.maximumRow)])))
                }
                row = number - 1
            } else {
                row += 1
            }
            guard row < WorkbookReader.maximumRow else {
                return stop(parser, .damaged(Message(.workbookTooManyCells, ["sheet": .quoted(sheet)])))
            }
            guard rowsSeen.insert(row).inserted else {
                return stop(parser, .damaged(Message(.workbookRowTwice, ["sheet": .quoted(sheet), "row": .count(row + 1)])))
            }
            column = -1
        case "c":
            if let reference = attributes["r"] {
                guard let address = Self.address(reference) else {
                    return stop(
                        parser,
                        .damaged(
                            Message(
                                .workbookCellOutOfRange,
                                ["sheet": .quoted(sheet), "cell": .quoted(reference), "limit": .count(WorkbookReader.maximumRow)])))
                }
                (row, column) = address
            } else {
                column += 1
            }
            guard row >= 0, row < WorkbookReader.maximumRow, column < WorkbookReader.maximumColumn else {
                return stop(
                    parser,
                    .damaged(Message(.workbookTooManyCells, ["sheet": .quoted(sheet)])))
            }
            guard cellsSeen.insert(row * WorkbookReader.maximumColumn + column).inserted else {
                let cell = place.withoutControlCharacters.cut(toScalars: 120)
                return stop(parser, .damaged(Message(.workbookCellTwice, ["sheet": .quoted(sheet), "cell": .text(cell)])))
            }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(NumberText.digits) ?? 0
            value = nil
        case "rPh": inPhonetic = true
        case "v":
            inValue = true
            text = ""
        case "t":
            // An inline string's text, but not its phonetic hints.
            inValue = !inPhonetic
            text = ""
        default: break
        }
    }

    func collect(_ string: String) { if inValue { text += string } }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        guard Namespace.isSpreadsheet(namespaceURI) else { return }
        switch element {
        case "v":
            value = text
            inValue = false
        case "t":
            // The runs of an inline string.
            if inValue { value = (value ?? "") + text.excelUnescaped }
            inValue = false
        case "rPh": inPhonetic = false
        case "c":
            guard let value else { return }
            if type == "s" {
                guard let index = NumberText.digits(value.trimmed), index < strings.count else {
                    return stop(
                        parser,
                        .damaged(
                            Message(
                                .workbookSharedStringMissing,
                                ["cell": .quoted(place), "index": .quoted(value), "count": .count(strings.count)])))
                }
                cells[row, default: [:]][column] = .text(strings[index])
            } else if let cell = cellValue(value) {
                cells[row, default: [:]][column] = cell
            }
        default: break
        }
    }

    private func cellValue(_ raw: String) -> CellValue? {
        switch type {
        // An inline string's runs were decoded each; a formula's text result is decoded here.
        case "inlineStr": return .text(raw)
        case "str": return .text(raw.excelUnescaped)
        case "b":
            switch raw.trimmed {
            case "1", "true": return .bool(true)
            case "0", "false": return .bool(false)
            default: return .text(raw)
            }
        case "e": return .error(raw)
        case "d": return LocalDate(iso: String(raw.prefix(10))).map(CellValue.date) ?? .text(raw)
        default:
            // Excel writes numbers with an exponent at times (1.5E-3); never NaN or infinity, which are text here. What
            // is kept is what the sender saw: 15 significant digits, as Excel and LibreOffice show a number.
            guard let stored = NumberText.decimal(raw.trimmed, exponent: true) else { return raw.isEmpty ? nil : .text(raw) }
            let number = NumberText.asSpreadsheetShows(stored)
            if dateStyles.contains(style), let date = ExcelDate.date(serial: number, system: dateSystem) { return .date(date) }
            if percentStyles.contains(style) { return .percent(number) }
            return .number(number)
        }
    }

    /// "D14" → row 13, column 3; nil for anything that is not a cell of a spreadsheet.
    static func address(_ reference: String) -> (row: Int, column: Int)? {
        let letters = reference.utf8.prefix { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        guard letters.count <= 3, let column = CellReference.columnIndex(Substring(reference.prefix(letters.count))),
            column < WorkbookReader.maximumColumn,
            let row = NumberText.digits(reference.dropFirst(letters.count)), (1...WorkbookReader.maximumRow).contains(row)
        else { return nil }
        return (row - 1, column)
    }
}
