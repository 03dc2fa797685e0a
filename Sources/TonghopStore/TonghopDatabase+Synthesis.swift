import Foundation
import GRDB
import TonghopCore

/// A submission that counts for its unit and period as of some instant: the latest one received by then.
public struct CountedSubmission: Sendable, Hashable, Codable {
    public var id: Int64
    public var unitCode: String
    public var periodKey: String
    public var receivedAt: Date
    public var templateVersion: String
}

/// The values of some submissions, one row per submission and one column per criterion.
public struct ValueTable: Sendable {
    public var criteria: [String]
    public var submissions: [CountedSubmission]
    /// `numbers[row * criteria.count + column]`: a number, yes as 1 and no as 0, or NaN when the value is not a number or absent.
    public var numbers: [Double]
    /// The answers of choice, date and text criteria, by `row * criteria.count + column`.
    public var texts: [Int: String]

    public func number(_ row: Int, _ column: Int) -> Double? {
        let value = numbers[row * criteria.count + column]
        return value.isNaN ? nil : value
    }

    public func text(_ row: Int, _ column: Int) -> String? { texts[row * criteria.count + column] }
}

/// A difficulty or recommendation as stored, with the index of its submission in the list asked about.
public struct StoredNarrativeItem: Sendable, Hashable {
    public var submission: Int
    /// The difficulty's field, or the recommendation's addressees as written (`ministry:BXD; ministry:BTC`).
    public var key: String
    public var text: String
}

/// A warning stored with a submission, with the index of its submission in the list asked about.
public struct StoredWarning: Sendable, Hashable {
    public var submission: Int
    public var code: String
    public var criterionId: String?
    public var location: String
    public var message: String
}

extension TonghopDatabase {
    /// For each unit, the submission that counts for each of `periods` as of `asOf`: the latest received by then.
    ///
    /// Looking from an earlier instant gives the answer that instant gave, whatever arrived since: a synthesis
    /// can be made again, the same, later.
    public func countedSubmissions(schedule: String, periods: [String], asOf: Date) throws -> [CountedSubmission] {
        guard !periods.isEmpty else { return [] }
        return try writer.read { db in
            let marks = Array(repeating: "?", count: periods.count).joined(separator: ", ")
            // In the order of the index on (schedule, period, unit, receipt): the last row of each unit and period counts.
            let statement = try RawStatement(db, sql: """
                SELECT id, unitCode, periodKey, receivedAt, templateVersion FROM submission
                WHERE scheduleId = ? AND periodKey IN (\(marks)) AND receivedAt <= ?
                ORDER BY periodKey, unitCode, receivedAt, id
                """)
            statement.bind(schedule)
            for period in periods { statement.bind(period) }
            statement.bind(DatabaseTime.text(asOf))
            var counted: [CountedSubmission] = []
            try statement.forEachRow { row in
                let unit = row.bytes(1), period = row.bytes(2)
                if let last = counted.last, last.unitCode.utf8.elementsEqual(unit), last.periodKey.utf8.elementsEqual(period) { counted.removeLast() }
                counted.append(CountedSubmission(id: row.int64(0), unitCode: row.text(1)!, periodKey: row.text(2)!,
                                                 receivedAt: row.instant(3) ?? .distantPast, templateVersion: row.text(4) ?? ""))
            }
            return counted
        }
    }

    /// The values of `submissions` for `criteria`; values of other criteria are left out, and so are the texts of
    /// submissions outside `textsOf` (the synthesis needs only the numbers of earlier periods).
    public func valueTable(of submissions: [CountedSubmission], criteria: [String], textsOf: Set<Int64>? = nil) throws -> ValueTable {
        var table = ValueTable(criteria: criteria, submissions: submissions,
                               numbers: Array(repeating: .nan, count: submissions.count * criteria.count), texts: [:])
        guard !submissions.isEmpty, !criteria.isEmpty else { return table }
        let rowOf = Dictionary(uniqueKeysWithValues: submissions.enumerated().map { ($1.id, $0) })
        // A week at commune scale with its history is a million values: each row is matched to its column by comparing
        // bytes with the criteria in id order (the order SQLite returns them in), not by making and hashing a String.
        let sorted = criteria.enumerated().sorted { $0.element.utf8.lexicographicallyPrecedes($1.element.utf8) }
        let sortedBytes = sorted.map { Array($0.element.utf8) }
        let width = criteria.count
        try writer.read { db in
            let statement = try RawStatement(db, sql: """
                SELECT submissionId, criterionId, number, text FROM submissionValue
                WHERE submissionId IN (SELECT value FROM json_each(?)) ORDER BY submissionId, criterionId
                """)
            statement.bind(Self.jsonList(submissions.map(\.id)))
            var currentId: Int64 = -1
            var row = -1
            var keepTexts = false
            var next = 0
            try statement.forEachRow { columns in
                let id = columns.int64(0)
                if id != currentId {
                    currentId = id
                    row = rowOf[id] ?? -1
                    keepTexts = textsOf.map { $0.contains(id) } ?? true
                    next = 0
                }
                guard row >= 0 else { return }
                let name = columns.bytes(1)
                var k = next
                while k < sortedBytes.count, !sortedBytes[k].elementsEqual(name) { k += 1 }
                guard k < sortedBytes.count else { return }
                next = k + 1
                let slot = row * width + sorted[k].offset
                if let number = columns.double(2) {
                    table.numbers[slot] = number
                } else if keepTexts, let text = columns.text(3) {
                    table.texts[slot] = text
                }
            }
        }
        return table
    }

    /// The difficulties and the recommendations of `submissions`, in the order each report gave them; texts only for
    /// the submissions in `textsOf` (the others give their difficulties' fields, for telling how long each was raised).
    public func narrative(of submissions: [CountedSubmission], textsOf: Set<Int64>) throws
        -> (difficulties: [StoredNarrativeItem], recommendations: [StoredNarrativeItem])
    {
        guard !submissions.isEmpty else { return ([], []) }
        let rowOf = Dictionary(uniqueKeysWithValues: submissions.enumerated().map { ($1.id, $0) })
        return try writer.read { db in
            func items(_ table: String, _ key: String, of ids: [Int64], texts: Bool) throws -> [StoredNarrativeItem] {
                let statement = try RawStatement(db, sql: """
                    SELECT submissionId, \(key), \(texts ? "text" : "NULL") FROM \(table)
                    WHERE submissionId IN (SELECT value FROM json_each(?)) ORDER BY submissionId, position
                    """)
                statement.bind(Self.jsonList(ids))
                var items: [StoredNarrativeItem] = []
                try statement.forEachRow { row in
                    guard let index = rowOf[row.int64(0)] else { return }
                    items.append(StoredNarrativeItem(submission: index, key: row.text(1) ?? "", text: row.text(2) ?? ""))
                }
                return items
            }
            let withTexts = submissions.map(\.id).filter(textsOf.contains)
            let without = submissions.map(\.id).filter { !textsOf.contains($0) }
            let difficulties = try items("difficulty", "field", of: withTexts, texts: true) + items("difficulty", "field", of: without, texts: false)
            let ordered = difficulties.enumerated().sorted { ($0.element.submission, $0.offset) < ($1.element.submission, $1.offset) }.map(\.element)
            return (ordered, try items("recommendation", "addressees", of: withTexts, texts: true))
        }
    }

    /// The warnings stored with `submissions`.
    public func warnings(of submissions: [CountedSubmission]) throws -> [StoredWarning] {
        guard !submissions.isEmpty else { return [] }
        let rowOf = Dictionary(uniqueKeysWithValues: submissions.enumerated().map { ($1.id, $0) })
        return try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT submissionId, code, criterionId, location, message FROM warning
                WHERE submissionId IN (SELECT value FROM json_each(?)) ORDER BY submissionId, position
                """, arguments: [Self.jsonList(submissions.map(\.id))]).compactMap { row in
                rowOf[row[0]].map { StoredWarning(submission: $0, code: row[1], criterionId: row[2], location: row[3], message: row[4]) }
            }
        }
    }

    /// Ids as a JSON array, one bound value however many there are (SQLite caps the number of bound values).
    private static func jsonList(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}
