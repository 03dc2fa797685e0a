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
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, unitCode, periodKey, receivedAt, templateVersion FROM (
                    SELECT id, unitCode, periodKey, receivedAt, templateVersion,
                           ROW_NUMBER() OVER (PARTITION BY unitCode, periodKey ORDER BY receivedAt DESC, id DESC) AS rank
                    FROM submission WHERE scheduleId = ? AND periodKey IN (\(marks)) AND receivedAt <= ?)
                WHERE rank = 1 ORDER BY periodKey, unitCode
                """, arguments: StatementArguments([schedule] + periods + [DatabaseTime.text(asOf)]))
            return rows.map { row in
                CountedSubmission(id: row[0], unitCode: row[1], periodKey: row[2], receivedAt: row[3], templateVersion: row[4])
            }
        }
    }

    /// The values of `submissions` for `criteria`; values of other criteria are left out.
    public func valueTable(of submissions: [CountedSubmission], criteria: [String]) throws -> ValueTable {
        var table = ValueTable(criteria: criteria, submissions: submissions,
                               numbers: Array(repeating: .nan, count: submissions.count * criteria.count), texts: [:])
        guard !submissions.isEmpty, !criteria.isEmpty else { return table }
        let rowOf = Dictionary(uniqueKeysWithValues: submissions.enumerated().map { ($1.id, $0) })
        let columnOf = Dictionary(criteria.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let width = criteria.count
        try writer.read { db in
            let statement = try RawStatement(db, sql: """
                SELECT submissionId, criterionId, number, text FROM submissionValue
                WHERE submissionId IN (SELECT value FROM json_each(?))
                """)
            statement.bind(Self.jsonList(submissions.map(\.id)))
            try statement.forEachRow { row in
                guard let r = rowOf[row.int64(0)], let id = row.text(1), let c = columnOf[id] else { return }
                if let number = row.double(2) {
                    table.numbers[r * width + c] = number
                } else if let text = row.text(3) {
                    table.texts[r * width + c] = text
                }
            }
        }
        return table
    }

    /// The difficulties and the recommendations of `submissions`, in the order each report gave them.
    public func narrative(of submissions: [CountedSubmission]) throws -> (difficulties: [StoredNarrativeItem], recommendations: [StoredNarrativeItem]) {
        guard !submissions.isEmpty else { return ([], []) }
        let rowOf = Dictionary(uniqueKeysWithValues: submissions.enumerated().map { ($1.id, $0) })
        let ids = Self.jsonList(submissions.map(\.id))
        return try writer.read { db in
            func items(_ sql: String) throws -> [StoredNarrativeItem] {
                try Row.fetchAll(db, sql: sql, arguments: [ids]).compactMap { row in
                    rowOf[row[0]].map { StoredNarrativeItem(submission: $0, key: row[1], text: row[2]) }
                }
            }
            return (
                try items("SELECT submissionId, field, text FROM difficulty WHERE submissionId IN (SELECT value FROM json_each(?)) ORDER BY submissionId, position"),
                try items("SELECT submissionId, addressees, text FROM recommendation WHERE submissionId IN (SELECT value FROM json_each(?)) ORDER BY submissionId, position")
            )
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
