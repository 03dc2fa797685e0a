import Foundation
import TonghopCore

/// A log of report files and when each was received, for taking in reports that arrived elsewhere (a mailbox,
/// an earlier system) with their true times of receipt.
///
/// A CSV file with the header `receivedAt,file`: an ISO 8601 instant with its zone, and a path relative to the
/// log's folder. The whole log is checked before anything is stored.
public struct ReplayLog: Sendable {
    /// One line of the log.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var receivedAt: Date
    }

    /// The files, oldest receipt first (lines with the same time keep their order).
    public var entries: [Entry]

    /// Why a log could not be used, naming its file and line.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    public static let header = ["receivedAt", "file"]

    public static func load(path: String) throws(Problem) -> ReplayLog {
        guard let data = FileManager.default.contents(atPath: path) else { throw Problem(description: "\(path): cannot read the replay log") }
        guard let text = ReportReader.decodeUTF8(data) else { throw Problem(description: "\(path): the replay log is not UTF-8 text") }
        let records: [CSVTable.Record]
        do {
            records = try CSVTable.parse(text)
        } catch {
            switch error {
            case .unclosedQuote(let line), .strayQuote(let line):
                throw Problem(description: "\(path), line \(line): a quote is not closed or stands inside a cell")
            }
        }
        guard records.first?.cells.map({ $0.trimmed }) == header else {
            throw Problem(description: "\(path), line 1: the first row must be the header \(header.joined(separator: ","))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var entries: [Entry] = []
        for record in records.dropFirst() where !record.cells.allSatisfy(\.isBlank) {
            guard record.cells.count == 2 else {
                throw Problem(description: "\(path), line \(record.line): expected 2 cells (receivedAt, file), found \(record.cells.count)")
            }
            guard let instant = ISO8601.instant(record.cells[0].trimmed) else {
                throw Problem(description: "\(path), line \(record.line): \"\(record.cells[0])\" is not an instant such as 2025-11-20T07:59:59+07:00")
            }
            let file = record.cells[1].trimmed
            entries.append(Entry(path: file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path, receivedAt: instant))
        }
        // Stable, so that two files received in the same second are taken in the order written.
        let ordered = entries.enumerated().sorted { ($0.element.receivedAt, $0.offset) < ($1.element.receivedAt, $1.offset) }.map(\.element)
        return ReplayLog(entries: ordered)
    }
}
