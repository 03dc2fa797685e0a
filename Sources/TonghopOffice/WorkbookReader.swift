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
