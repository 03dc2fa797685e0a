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
    /// For each row, which of the fields asked about its difficulties were raised in: bit `i` for `fields[i]`.
    public var difficultyFields: [UInt64]
    /// For each row, how many difficulties its report raised.
    public var difficultyCounts: [Int]

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
            // In the order of the index on (schedule, period, unit, …), so a unit's submissions for a period come together
            // and the latest received (the last stored, on a tie) is kept. Ordering them by receipt as well made SQLite sort
            // every row read, 30,000 at commune scale, in a third of the query's time.
            let statement = try RawStatement(db, sql: """
                SELECT id, unitCode, periodKey, receivedAt, templateVersion FROM submission
                WHERE scheduleId = ? AND periodKey IN (\(marks)) AND receivedAt <= ?
                ORDER BY periodKey, unitCode
                """)
            statement.bind(schedule)
            for period in periods { statement.bind(period) }
            statement.bind(DatabaseTime.text(asOf))
            var counted: [CountedSubmission] = []
            try statement.forEachRow { row in
                let id = row.int64(0), unit = row.bytes(1), period = row.bytes(2), receivedAt = row.instant(3) ?? .distantPast
                if let last = counted.last, last.unitCode.utf8.elementsEqual(unit), last.periodKey.utf8.elementsEqual(period) {
                    guard (receivedAt, id) > (last.receivedAt, last.id) else { return }
                    counted.removeLast()
                }
                counted.append(CountedSubmission(id: id, unitCode: row.text(1)!, periodKey: row.text(2)!, receivedAt: receivedAt,
                                                 templateVersion: row.text(4) ?? ""))
            }
            return counted
        }
    }

    /// The values of `submissions` for `criteria`, and which of `fields` (at most 64) their difficulties were raised in.
    /// Values of other criteria are left out, and so are the texts of submissions outside `textsOf` and of criteria
    /// outside `textCriteria` (the synthesis needs only the numbers of earlier periods).
    public func valueTable(
        of submissions: [CountedSubmission], criteria: [String], textCriteria: [String]? = nil, textsOf: Set<Int64>? = nil, fields: [String] = []
    ) throws -> ValueTable {
        var table = try valueNumbers(of: submissions, criteria: criteria, fields: fields)
        table.texts = try valueTexts(of: submissions, criteria: criteria, textCriteria: textCriteria, textsOf: textsOf)
        return table
    }

    /// The table of `valueTable` without its texts: the numbers and the difficulty fields, from the packed copies.
    public func valueNumbers(of submissions: [CountedSubmission], criteria: [String], fields: [String] = []) throws -> ValueTable {
        var table = ValueTable(criteria: criteria, submissions: submissions,
                               numbers: Array(repeating: .nan, count: submissions.count * criteria.count), texts: [:],
                               difficultyFields: Array(repeating: 0, count: submissions.count), difficultyCounts: Array(repeating: 0, count: submissions.count))
        guard !submissions.isEmpty, !criteria.isEmpty else { return table }
        let rowOf = Self.rows(of: submissions)
        let columnOf = Self.columns(of: criteria)
        let width = criteria.count
        let fieldBytes = fields.prefix(64).map { Array($0.utf8) }
        try writer.read { db in
            // Each layout's positions as columns of the table (-1 for criteria not asked for).
            var columns: [Int64: [Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, criteria FROM valueLayout") {
                let ids = (row[1] as String).split(separator: "\n").map(String.init)
                columns[row[0]] = ids.map { columnOf[$0] ?? -1 }
            }
            let numbers = try Self.numbersStatement(db, of: submissions.map(\.id))
            try numbers.forEachRow { row in
                guard let r = rowOf[row.int64(0)], let layout = columns[row.int64(1)] else { return }
                // The fields as bytes, matched against those asked about without making a String of each.
                let raised = row.bytes(3)
                if !raised.isEmpty {
                    var mask: UInt64 = 0
                    var count = 0
                    for field in raised.split(separator: 10, omittingEmptySubsequences: false) {
                        count += 1
                        if let bit = fieldBytes.firstIndex(where: { $0.elementsEqual(field) }) { mask |= 1 << UInt64(bit) }
                    }
                    table.difficultyFields[r] = mask
                    table.difficultyCounts[r] = count
                }
                let packed = row.blob(2)
                for (k, c) in layout.enumerated() where c >= 0 && (k + 1) * 8 <= packed.count {
                    table.numbers[r * width + c] = PackedNumbers.number(packed, k)
                }
            }
        }
        return table
    }

    /// The texts of `valueTable`, by `row * criteria.count + column`: a read of its own, which can go on beside the numbers'.
    public func valueTexts(
        of submissions: [CountedSubmission], criteria: [String], textCriteria: [String]? = nil, textsOf: Set<Int64>? = nil
    ) throws -> [Int: String] {
        guard !submissions.isEmpty, !criteria.isEmpty else { return [:] }
        // Only the rows whose texts are read are indexed.
        let read = submissions.enumerated().filter { textsOf?.contains($0.element.id) ?? true }
        let rowOf = Dictionary(uniqueKeysWithValues: read.map { ($1.id, $0) })
        let columnOf = Self.columns(of: criteria)
        let width = criteria.count
        let ids = read.map(\.element.id)
        // The criteria as a list of their own, not a JSON array: so SQLite looks up each (submission, criterion)
        // rather than reading every value of each submission.
        let textCriteria = textCriteria ?? criteria
        return try writer.read { db in
            let statement = try RawStatement(db, sql: """
                SELECT submissionId, criterionId, text FROM submissionValue
                WHERE submissionId IN (SELECT value FROM json_each(?))
                AND criterionId IN (\(Array(repeating: "?", count: textCriteria.count).joined(separator: ", "))) AND text IS NOT NULL
                """)
            statement.bind(Self.jsonList(ids))
            for criterion in textCriteria { statement.bind(criterion) }
            var texts: [Int: String] = [:]
            try statement.forEachRow { row in
                guard let r = rowOf[row.int64(0)], let id = row.text(1), let c = columnOf[id], let text = row.text(2) else { return }
                texts[r * width + c] = text
            }
            return texts
        }
    }

    private static func rows(of submissions: [CountedSubmission]) -> [Int64: Int] {
        Dictionary(uniqueKeysWithValues: submissions.enumerated().map { ($1.id, $0) })
    }

    private static func columns(of criteria: [String]) -> [String: Int] {
        Dictionary(criteria.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The difficulties and the recommendations of `submissions`, in the order each report gave them.
    public func narrative(of submissions: [CountedSubmission]) throws -> (difficulties: [StoredNarrativeItem], recommendations: [StoredNarrativeItem]) {
        guard !submissions.isEmpty else { return ([], []) }
        let rowOf = Self.rows(of: submissions)
        let ids = Self.jsonList(submissions.map(\.id))
        return try writer.read { db in
            func items(_ table: String, _ key: String) throws -> [StoredNarrativeItem] {
                let statement = try RawStatement(db, sql: """
                    SELECT submissionId, \(key), text FROM \(table) WHERE submissionId IN (SELECT value FROM json_each(?)) ORDER BY submissionId, position
                    """)
                statement.bind(ids)
                var items: [StoredNarrativeItem] = []
                try statement.forEachRow { row in
                    guard let index = rowOf[row.int64(0)] else { return }
                    items.append(StoredNarrativeItem(submission: index, key: row.text(1) ?? "", text: row.text(2) ?? ""))
                }
                return items
            }
            return (try items("difficulty", "field"), try items("recommendation", "addressees"))
        }
    }

    /// The warnings stored with `submissions`.
    public func warnings(of submissions: [CountedSubmission]) throws -> [StoredWarning] {
        guard !submissions.isEmpty else { return [] }
        let rowOf = Self.rows(of: submissions)
        return try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT submissionId, code, criterionId, location, message FROM warning
                WHERE submissionId IN (SELECT value FROM json_each(?)) ORDER BY submissionId, position
                """, arguments: [Self.jsonList(submissions.map(\.id))]).compactMap { row in
                rowOf[row[0]].map { StoredWarning(submission: $0, code: row[1], criterionId: row[2], location: row[3], message: row[4]) }
            }
        }
    }

    /// The query of the packed numbers of `ids` (rows of other submissions may come too, to be skipped).
    ///
    /// The submissions of a synthesis' window were mostly stored one after the other: reading the range of their ids
    /// costs a third of looking up a list of 30,000 of them. Ids spread wider than that are looked up.
    private static func numbersStatement(_ db: Database, of ids: [Int64]) throws -> RawStatement {
        let columns = "SELECT submissionId, layoutId, numbers, difficultyFields FROM submissionNumbers"
        if let low = ids.min(), let high = ids.max(), high - low < 2 * Int64(ids.count) {
            return try RawStatement(db, sql: columns + " WHERE submissionId BETWEEN ? AND ?").bind(low).bind(high)
        }
        return try RawStatement(db, sql: columns + " WHERE submissionId IN (SELECT value FROM json_each(?))").bind(jsonList(ids))
    }

    /// Ids as a JSON array, one bound value however many there are (SQLite caps the number of bound values).
    private static func jsonList(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }
}
