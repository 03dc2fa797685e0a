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
            for input in inputs {
                var receipt: Receipt?
                do {
                    try db.inSavepoint {
                        receipt = try Self.insert(input, db)
                        return .commit
                    }
                    results.append(.success(receipt!))
                } catch {
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

    private static func insert(_ input: SubmissionInput, _ db: Database) throws -> Receipt {
        let report = input.report
        let file = input.file
        let current = try Row.fetchOne(db, sql: """
            SELECT id, sha256, receivedAt FROM submission
            WHERE unitCode = ? AND scheduleId = ? AND periodKey = ? AND supersededById IS NULL
            """, arguments: [report.unit.code, report.period.scheduleId, report.period.key])
        if let current, current["sha256"] as String == file.sha256 {
            return Receipt(submissionId: current["id"], verdict: .duplicate, sha256: file.sha256, receivedAt: current["receivedAt"],
                           templateVersion: report.templateVersion, supersedes: nil, counts: true)
        }
        try db.execute(sql: "INSERT OR IGNORE INTO rawFile (sha256, byteCount, bytes) VALUES (?, ?, ?)",
                       arguments: [file.sha256, file.bytes.count, file.bytes])
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
        let valueStatement = try db.cachedStatement(sql: "INSERT INTO submissionValue (submissionId, criterionId, number, text) VALUES (?, ?, ?, ?)")
        for value in report.values {
            try valueStatement.execute(arguments: [id, value.criterionId, value.value.numeric, value.value.textual])
        }
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
            try db.execute(sql: "UPDATE submission SET supersededById = ? WHERE id = ?", arguments: [id, currentId])
            return Receipt(submissionId: id, verdict: .superseding, sha256: file.sha256, receivedAt: file.receivedAt,
                           templateVersion: report.templateVersion, supersedes: currentId, counts: true)
        }
        try db.execute(sql: "UPDATE submission SET supersededById = ? WHERE id = ?", arguments: [currentId, id])
        return Receipt(submissionId: id, verdict: .accepted, sha256: file.sha256, receivedAt: file.receivedAt,
                       templateVersion: report.templateVersion, supersedes: nil, counts: false)
    }
}
