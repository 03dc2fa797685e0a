import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    /// Every submission of a unit, optionally for one period (and schedule), oldest first.
    public func history(unit: String, period: String?, schedule: String?) throws -> [SubmissionSummary] {
        try writer.read { db in
            typealias Columns = SubmissionRecord.Columns
            var request = SubmissionRecord.filter(Columns.unitCode == unit)
            if let period { request = request.filter(Columns.periodKey == period) }
            if let schedule { request = request.filter(Columns.scheduleId == schedule) }
            return try Self.summaries(request.order(Columns.scheduleId, Columns.periodKey, Columns.receivedAt, Columns.id), db)
        }
    }

    /// One submission; nil when no submission has this id.
    public func submission(id: Int64) throws -> SubmissionSummary? {
        try writer.read { db in try Self.summaries(SubmissionRecord.filter(key: id), db).first }
    }

    /// The submissions a request selects, in its order, as the history lists them.
    static func summaries(_ request: QueryInterfaceRequest<SubmissionRecord>, _ db: Database) throws -> [SubmissionSummary] {
        let rows =
            try request
            .annotated(withRequired: SubmissionRecord.rawFile.select(RawFileRecord.Columns.byteCount))
            .asRequest(of: Row.self).fetchAll(db)
        let submissions = try rows.map { try SubmissionRecord(row: $0) }
        let ids = submissions.compactMap(\.id)
        let values = try Self.valueCounts(of: ids, db)
        let warnings = try Self.counts(WarningRecord.self, WarningRecord.Columns.submissionId, of: ids, db)
        return zip(submissions, rows).map { submission, row in
            let id = submission.id ?? 0
            return SubmissionSummary(
                id: id, unitCode: submission.unitCode, scheduleId: submission.scheduleId, periodKey: submission.periodKey,
                templateId: submission.templateId, templateVersion: submission.templateVersion, receivedAt: submission.receivedAt,
                fileName: submission.fileName, sha256: submission.sha256, byteCount: row[RawFileRecord.Columns.byteCount.name],
                valueCount: values[id] ?? 0, warningCount: warnings[id] ?? 0, supersededById: submission.supersededById)
        }
    }

    /// How many rows of a table each of some submissions has.
    private static func counts<Record: TableRecord>(_ record: Record.Type, _ column: Column, of ids: [Int64], _ db: Database) throws -> [Int64: Int] {
        // One bound list (`IdList`): SQLite caps the values a statement binds, and a queue lists every report that counts.
        let rows = try Record.filter(sql: IdList.contains(column.name), arguments: [IdList.json(ids)]).select(column, count(column))
            .group(column).asRequest(of: Row.self).fetchAll(db)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
    }

    /// How many answers each of some submissions gave: its layout's criteria (`submissionNumbers` lists every answer,
    /// NaN for those that are not numbers).
    private static func valueCounts(of ids: [Int64], _ db: Database) throws -> [Int64: Int] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT n.submissionId, l.criteria FROM submissionNumbers n JOIN valueLayout l ON l.id = n.layoutId
                WHERE \(IdList.contains("n.submissionId"))
                """,
            arguments: [IdList.json(ids)])
        return Dictionary(rows.map { ($0[0], PackedNumbers.criteria(of: $0[1]).count) }, uniquingKeysWith: { first, _ in first })
    }

    /// The raw bytes of a stored file, by content hash.
    public func rawFile(sha256: String) throws -> Data? {
        try writer.read { db in try RawFileRecord.fetchOne(db, key: sha256)?.bytes }
    }

    /// The stored values of one submission, by criterion id: its numbers (yes as 1) from their packed row, its other
    /// answers from their rows.
    public func values(submission id: Int64) throws -> [String: CriterionValue] {
        try writer.read { db in
            var values: [String: CriterionValue] = [:]
            let packed = try Row.fetchOne(
                db, sql: "SELECT l.criteria, n.numbers FROM submissionNumbers n JOIN valueLayout l ON l.id = n.layoutId WHERE n.submissionId = ?",
                arguments: [id])
            if let packed {
                let criteria = PackedNumbers.criteria(of: packed[0])
                let numbers: Data = packed[1]
                numbers.withUnsafeBytes { bytes in
                    for (index, criterion) in criteria.enumerated() where (index + 1) * 8 <= bytes.count {
                        let number = PackedNumbers.number(bytes, index)
                        if !number.isNaN { values[String(criterion)] = .number(number) }
                    }
                }
            }
            // A database written before numbers were kept once also has a row for each number: only the texts are read.
            let texts = SubmissionValueRecord.filter(SubmissionValueRecord.Columns.submissionId == id && SubmissionValueRecord.Columns.text != nil)
            for value in try texts.fetchAll(db) { values[value.criterionId] = value.text.map { .text($0) } }
            return values
        }
    }

    /// Row counts per table, to show that a rejected file stored nothing.
    public func tableCounts() throws -> [String: Int] {
        try writer.read { db in
            let tables: [any TableRecord.Type] = [
                RawFileRecord.self, SubmissionRecord.self, SubmissionValueRecord.self, DifficultyRecord.self,
                RecommendationRecord.self, WarningRecord.self, LateFlagRecord.self,
            ]
            var counts: [String: Int] = [:]
            for table in tables { counts[table.databaseTableName] = try table.fetchCount(db) }
            // The tables written only on the storing path's SQL, without a record type: numbers live in the packed rows
            // alone, and the words on tasks in these two.
            for table in ["submissionNumbers", "taskProgress", "taskLatest"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }
}
