import TonghopCore

/// RFC 4180 records with the line each starts on, cells separated by a comma (or the semicolon or tab that
/// spreadsheets write under some regional settings).
///
/// Written here rather than taken from a package because the CSV packages available read an unclosed or
/// stray quote without complaint, swallowing the rest of the file into one cell: a silent change of the
/// sender's data. This one stops and says where.
struct CSVTable {
    /// The separators recognised, with their names for messages.
    static let separators: [(byte: UInt8, name: MessageKey)] = [
        (UInt8(ascii: ","), .separatorComma), (UInt8(ascii: ";"), .separatorSemicolon), (UInt8(ascii: "\t"), .separatorTab),
    ]

    /// The separator of a table whose first row is its header: the first of comma, semicolon and tab that the
    /// first line holds. Excel saves "CSV" with the list separator of the computer's regional settings, which is a
    /// semicolon under Vietnamese and most European ones.
    static func separator(of text: String) -> UInt8 {
        let firstLine = text.utf8.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        return separators.first { firstLine.contains($0.byte) }?.byte ?? UInt8(ascii: ",")
    }

    struct Record {
        var line: Int
        var cells: [String]
    }

    enum ParseError: Error {
        case unclosedQuote(line: Int)
        case strayQuote(line: Int)
    }

    static func parse(_ text: String, separator: UInt8 = UInt8(ascii: ",")) throws(ParseError) -> [Record] {
        var records: [Record] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var cellStarted = false
        let bytes = Array(text.utf8)
        var i = 0

        func endCell() {
            cells.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
            cellStarted = false
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        cell.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                        // After a closing quote only a separator or the end of the line may follow.
                        let next = i + 1 < bytes.count ? bytes[i + 1] : UInt8(ascii: "\n")
                        if next != separator, next != UInt8(ascii: "\n"), next != UInt8(ascii: "\r") {
                            throw .strayQuote(line: line)
                        }
                    }
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    cell.append(b)
                }
            } else {
                switch b {
                case separator:
                    endCell()
                case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                    break
                case UInt8(ascii: "\n"):
                    endCell()
                    records.append(Record(line: recordLine, cells: cells))
                    cells.removeAll()
                    line += 1
                    recordLine = line
                case UInt8(ascii: "\""):
                    guard !cellStarted else { throw .strayQuote(line: line) }
                    inQuotes = true
                    quoteLine = line
                    cellStarted = true
                default:
                    cell.append(b)
                    cellStarted = true
                }
            }
            i += 1
        }
        if inQuotes { throw .unclosedQuote(line: quoteLine) }
        if cellStarted || !cells.isEmpty || !cell.isEmpty {
            endCell()
            records.append(Record(line: recordLine, cells: cells))
        }
        return records
    }
}
