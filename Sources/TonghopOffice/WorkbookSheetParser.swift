import Foundation
import TonghopCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The cells of one sheet.
final class SheetParser: NSObject, TextCollecting {
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
