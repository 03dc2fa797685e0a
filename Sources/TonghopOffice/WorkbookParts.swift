import Foundation
import TonghopCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

// The parsers of a workbook's parts but its sheets, each a delegate of FoundationXML's parser.

/// A part's parser: a delegate of FoundationXML's parser, which may stop it with the first problem found.
protocol PartParser: AnyObject, XMLParserDelegate {
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
enum Namespace {
    static func isSpreadsheet(_ uri: String?) -> Bool {
        uri == nil || uri == "" || uri == "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
            || uri == "http://purl.oclc.org/ooxml/spreadsheetml/main"
    }

    static func isRelationships(_ uri: String?) -> Bool {
        uri == nil || uri == "" || uri == "http://schemas.openxmlformats.org/package/2006/relationships"
    }
}

/// Text content, as characters or CDATA sections: both are text to Excel.
protocol TextCollecting: PartParser {
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
final class WorkbookPartParser: NSObject, PartParser {
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
final class RelationshipParser: NSObject, PartParser {
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
final class SharedStringParser: NSObject, TextCollecting {
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
final class StyleParser: NSObject, PartParser {
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
