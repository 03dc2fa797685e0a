import Foundation
import GRDB
import TonghopCore

/// What storing a checked report did.
public enum StoreVerdict: String, Sendable, Codable {
    /// The first report of this unit for this period.
    case accepted
    /// Byte for byte the report that already counts for this unit and period: nothing new was stored.
    case duplicate
    /// Replaces the report that counted until now, which stays in the history.
    case superseding
}

/// The receipt of a stored (or recognised duplicate) submission.
public struct Receipt: Sendable, Hashable, Codable {
    public var submissionId: Int64
    public var verdict: StoreVerdict
    public var sha256: String
    public var receivedAt: Date
    public var templateVersion: String
    /// The submission this one replaced, when it superseded one.
    public var supersedes: Int64?
    /// Whether this submission is the one that counts for its unit and period.
    public var counts: Bool
}

/// A checked report and the file it came from, ready to be stored.
public struct SubmissionInput: Sendable {
    public var file: ReceivedFile
    public var report: CheckedReport

    public init(file: ReceivedFile, report: CheckedReport) {
        self.file = file
        self.report = report
    }
}

extension TonghopDatabase {
    /// Stores a batch of submissions in one commit, each all-or-nothing inside its own savepoint.
    ///
    /// Receipts exist only once the commit succeeded, so a crash mid-batch loses no receipt that was given.
    /// One commit per batch rather than per file keeps a week at commune scale within a fraction of a second.
    public func store(_ inputs: [SubmissionInput]) throws -> [Result<Receipt, any Error>] {
        try writer.write { db in
            var results: [Result<Receipt, any Error>] = []
            results.reserveCapacity(inputs.count)
            let values = try ValueInsert(db)
            defer { values.finalize() }
            // Savepoints through cached statements: GRDB's inSavepoint prepares its SQL anew each time,
            // which cost more than the inserts themselves in a large batch.
            let begin = try db.cachedStatement(sql: "SAVEPOINT submission")
            let release = try db.cachedStatement(sql: "RELEASE SAVEPOINT submission")
            let rollback = try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT submission")
            for input in inputs {
                try begin.execute()
                do {
                    let receipt = try Self.insert(input, values: values, db)
                    try release.execute()
                    results.append(.success(receipt))
                } catch {
                    try rollback.execute()
                    try release.execute()
                    results.append(.failure(error))
                }
            }
            return results
        }
    }

    /// Stores one submission in its own transaction.
    public func store(_ input: SubmissionInput) throws -> Receipt {
        try store([input])[0].get()
    }

    private static func insert(_ input: SubmissionInput, values: ValueInsert, _ db: Database) throws -> Receipt {
        let report = input.report
        let file = input.file
        let current = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, sha256, receivedAt FROM submission
            WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND supersededById IS NULL
            """), arguments: [report.unit.code, report.period.scheduleId, report.period.key])
        if let current, current["sha256"] as String == file.sha256 {
            return Receipt(submissionId: current["id"], verdict: .duplicate, sha256: file.sha256, receivedAt: current["receivedAt"],
                           templateVersion: report.templateVersion, supersedes: nil, counts: true)
        }
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO rawFile (sha256, byteCount, bytes) VALUES (?, ?, ?)")
            .execute(arguments: [file.sha256, file.bytes.count, file.bytes])
        try db.cachedStatement(sql: """
            INSERT INTO submission (unitCode, scheduleId, periodKey, periodFirstDay, periodLastDay, templateId, templateVersion,
                                    receivedAt, fileName, sha256, preparedBy, results)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                report.unit.code, report.period.scheduleId, report.period.key, report.period.firstDay.description,
                report.period.lastDay.description, report.templateId, report.templateVersion, file.receivedAt, file.fileName,
                file.sha256, report.preparedBy, report.results,
            ])
        let id = db.lastInsertedRowID
        try values.insert(report.values, submission: id)
        for (position, item) in report.difficulties.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO difficulty (submissionId, position, field, text) VALUES (?, ?, ?, ?)")
                .execute(arguments: [id, position, item.field, item.text])
        }
        for (position, item) in report.recommendations.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO recommendation (submissionId, position, addressee, ministryCode, text) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [id, position, item.addressee, item.ministry, item.text])
        }
        for (position, warning) in report.warnings.enumerated() {
            try db.cachedStatement(sql: "INSERT INTO warning (submissionId, position, code, criterionId, location, message) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [id, position, warning.code.rawValue, warning.criterionId, warning.location.description, warning.message])
        }

        // The latest receipt counts. A replayed older file is kept but does not displace a newer one.
        guard let current else {
            return Receipt(submissionId: id, verdict: .accepted, sha256: file.sha256, receivedAt: file.receivedAt,
                           templateVersion: report.templateVersion, supersedes: nil, counts: true)
        }
        let currentId: Int64 = current["id"]
        let currentReceivedAt: Date = current["receivedAt"]
        if currentReceivedAt <= file.receivedAt {
            try db.cachedStatement(sql: "UPDATE submission SET supersededById = ? WHERE id = ?").execute(arguments: [id, currentId])
            return Receipt(submissionId: id, verdict: .superseding, sha256: file.sha256, receivedAt: file.receivedAt,
                           templateVersion: report.templateVersion, supersedes: currentId, counts: true)
        }
        try db.cachedStatement(sql: "UPDATE submission SET supersededById = ? WHERE id = ?").execute(arguments: [currentId, id])
        return Receipt(submissionId: id, verdict: .accepted, sha256: file.sha256, receivedAt: file.receivedAt,
                       templateVersion: report.templateVersion, supersedes: nil, counts: false)
    }
}
