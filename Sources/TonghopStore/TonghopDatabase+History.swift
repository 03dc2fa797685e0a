import Foundation
import GRDB
import TonghopCore

/// One stored submission as the history lists it.
public struct SubmissionSummary: Sendable, Hashable, Codable {
    public var id: Int64
    public var unitCode: String
    public var scheduleId: String
    public var periodKey: String
    public var templateId: String
    public var templateVersion: String
    public var receivedAt: Date
    public var fileName: String
    public var sha256: String
    public var byteCount: Int
    public var valueCount: Int
    public var warningCount: Int
    /// The submission that replaced this one; nil when this is the one that counts.
    public var supersededById: Int64?
}

extension TonghopDatabase {
    /// Every submission of a unit, optionally for one period (and schedule), oldest first.
    public func history(unit: String, period: String? = nil, schedule: String? = nil) throws -> [SubmissionSummary] {
        try writer.read { db in
            var sql = """
                SELECT s.id, s.unitCode, s.scheduleId, s.periodKey, s.templateId, s.templateVersion, s.receivedAt, s.fileName,
                       s.sha256, r.byteCount, s.supersededById,
                       (SELECT COUNT(*) FROM submissionValue v WHERE v.submissionId = s.id) AS valueCount,
                       (SELECT COUNT(*) FROM warning w WHERE w.submissionId = s.id) AS warningCount
                FROM submission s JOIN rawFile r ON r.sha256 = s.sha256
                WHERE s.unitCode = ?
                """
            var arguments: StatementArguments = [unit]
            if let period {
                sql += " AND s.periodKey = ?"
                arguments += [period]
            }
            if let schedule {
                sql += " AND s.scheduleId = ?"
                arguments += [schedule]
            }
            sql += " ORDER BY s.scheduleId, s.periodKey, s.receivedAt, s.id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                SubmissionSummary(
                    id: row["id"], unitCode: row["unitCode"], scheduleId: row["scheduleId"], periodKey: row["periodKey"],
                    templateId: row["templateId"], templateVersion: row["templateVersion"], receivedAt: row["receivedAt"],
                    fileName: row["fileName"], sha256: row["sha256"], byteCount: row["byteCount"], valueCount: row["valueCount"],
                    warningCount: row["warningCount"], supersededById: row["supersededById"])
            }
        }
    }

    /// The raw bytes of a stored file, by content hash.
    public func rawFile(sha256: String) throws -> Data? {
        try writer.read { db in try Data.fetchOne(db, sql: "SELECT bytes FROM rawFile WHERE sha256 = ?", arguments: [sha256]) }
    }

    /// The stored values of one submission, by criterion id.
    public func values(submission id: Int64) throws -> [String: CriterionValue] {
        try writer.read { db in
            var values: [String: CriterionValue] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT criterionId, number, text FROM submissionValue WHERE submissionId = ?", arguments: [id]) {
                let number: Double? = row["number"]
                let text: String? = row["text"]
                values[row["criterionId"]] = number.map { .number($0) } ?? text.map { .text($0) }
            }
            return values
        }
    }

    /// Row counts per table, to show that a rejected file stored nothing.
    public func tableCounts() throws -> [String: Int] {
        try writer.read { db in
            var counts: [String: Int] = [:]
            for table in ["rawFile", "submission", "submissionValue", "difficulty", "recommendation", "warning", "lateFlag"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}
