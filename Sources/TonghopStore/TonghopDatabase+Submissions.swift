import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    /// Stores a batch of submissions in one commit, each all-or-nothing.
    ///
    /// Receipts exist only once the commit succeeded, so a crash mid-batch loses no receipt that was given.
    /// One commit per batch rather than per file keeps a week at commune scale within a fraction of a second.
    /// The batch is first tried as a whole; only if the database refuses a file is it stored again with a
    /// savepoint around each file, so that the refused one leaves no trace and the others are kept.
    public func store(_ inputs: [SubmissionInput], beforeStoring: BeforeStoring?) throws -> [Result<Receipt, any Error>] {
        let unchecked = inputs.count >= Self.manyFiles
        // Set once the batch is committed, whatever happens after.
        var committed: [Result<Receipt, any Error>]?
        do {
            return try writer.writeWithoutTransaction { db in
                // Outside a transaction only: SQLite ignores the setting inside one.
                if unchecked { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
                let stored = Result { () throws -> [Result<Receipt, any Error>] in
                    var results: [Result<Receipt, any Error>] = []
                    try db.inTransaction {
                        var statements = try SubmissionStatements(db)
                        results = try inputs.enumerated().map { position, input in
                            .success(try Self.insert(input, at: position, &statements, beforeStoring))
                        }
                        try statements.updateLatestWords()
                        return .commit
                    }
                    return results
                }
                if case .success(let results) = stored { committed = results }
                if unchecked { try db.execute(sql: "PRAGMA foreign_keys = ON") }
                return try stored.get()
            }
        } catch {
            // The connection checks the foreign keys again before anything else is written on it.
            if unchecked { try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = ON") } }
            // Committed, and only turning the checks back on failed: the receipts stand.
            if let committed { return committed }
            return try writer.write { db in
                var statements = try SubmissionStatements(db)
                var results: [Result<Receipt, any Error>] = []
                results.reserveCapacity(inputs.count)
                for (position, input) in inputs.enumerated() {
                    try statements.beginSavepoint.run()
                    do {
                        let receipt = try Self.insert(input, at: position, &statements, beforeStoring)
                        try statements.updateLatestWords()
                        try statements.releaseSavepoint.run()
                        results.append(.success(receipt))
                    } catch {
                        try statements.rollbackSavepoint.run()
                        try statements.releaseSavepoint.run()
                        try statements.forgetRolledBack()
                        results.append(.failure(error))
                    }
                }
                return results
            }
        }
    }

    /// From how many files a batch is stored without SQLite checking the foreign keys of the rows it writes.
    ///
    /// Every reference a stored submission makes is to a row the same transaction has just written or read (its raw
    /// file, the submission itself, its values' layout, the submission it replaces, the late flag it resolves): checking
    /// each was a lookup in the parent table for each of a commune-scale week's 190,000 rows, a tenth of storing it
    /// (measured in turns, release build). But turning the checks off and on again expires every statement the
    /// connection has prepared (SQLite prepares each anew at its next run), which costs a group commit of a few uploads
    /// more than the lookups it saves: only batches of hundreds go unchecked. The per-file retry after a refused file
    /// keeps the checks on. `StoreTests.storingLeavesEveryReferenceWholeAndTheChecksOn` runs SQLite's own check over
    /// what each kind of storing wrote.
    static let manyFiles = 128

    private static func insert(
        _ input: SubmissionInput, at position: Int, _ statements: inout SubmissionStatements, _ beforeStoring: BeforeStoring?
    ) throws -> Receipt {
        var report = input.report
        let file = input.file
        let receivedAt = DatabaseTime.text(file.receivedAt)
        let current = try statements.currentSubmission.bind(report.unit.code).bind(report.period.scheduleId).bind(report.period.key)
            .firstRow { row in StoringDecision.Stored(id: row.int64(0), sha256: row.text(1) ?? "", receivedAt: row.instant(2) ?? .distantPast) }
        // The history is searched for the same event only when there is a history and the file is not the current one.
        let sameReceipt =
            current == nil || current?.sha256 == file.sha256
            ? nil
            : try statements.sameReceipt.bind(report.unit.code).bind(report.period.scheduleId).bind(report.period.key)
                .bind(file.sha256).bind(receivedAt).firstRow { row in (id: row.int64(0), counts: row.isNull(1)) }
        let decision = StoringDecision.decide(sha256: file.sha256, receivedAt: file.receivedAt, current: current, sameReceipt: sameReceipt)
        func receipt(_ id: Int64, _ verdict: StoreVerdict, at instant: Date = file.receivedAt, supersedes: Int64? = nil, counts: Bool = true)
            -> Receipt
        {
            Receipt(
                submissionId: id, verdict: verdict, sha256: file.sha256, receivedAt: instant, templateVersion: report.templateVersion,
                supersedes: supersedes, counts: counts, onTimeLimit: report.onTimeLimit)
        }
        switch decision {
        case .duplicateOfCurrent(let id): return receipt(id, .duplicate, at: current?.receivedAt ?? file.receivedAt)
        case .duplicateOfEarlier(let id, let counts): return receipt(id, .duplicate, counts: counts)
        case .first, .supersedes, .keptBehind: break
        }
        if let beforeStoring {
            report = try beforeStoring(position, input) { try statements.completedTasks(unit: report.unit.code, receivedBy: file.receivedAt) }.report
        }
        try statements.insertRawFile.bind(file.sha256).bind(file.bytes.count).bind(file.bytes).run()
        try statements.insertSubmission.bind(report.unit.code).bind(report.period.scheduleId).bind(report.period.key)
            .bind(report.period.firstDay.description).bind(report.period.lastDay.description).bind(report.templateId)
            .bind(report.templateVersion).bind(receivedAt).bind(file.fileName)
            .bind(file.sha256).bind(report.preparedBy).bind(report.results)
            .bind(DatabaseTime.text(report.onTimeLimit)).run()
        let id = statements.insertSubmission.lastInsertedRowID
        if statements.hasOpenLateFlags {
            try statements.resolveLateFlag.bind(receivedAt).bind(id).bind(report.unit.code).bind(report.period.scheduleId)
                .bind(report.period.key).run()
        }
        // Numbers (yes and no as 1 and 0) are kept once, packed below; the other answers a row each.
        let texts = report.values.filter { $0.value.textual != nil }
        if !texts.isEmpty {
            let insert = try statements.insertValues(count: texts.count)
            // The column of numbers stays, for the rows of databases written before: NULL in every row written now.
            for value in texts { insert.bind(id).bind(value.criterionId).bind(nil as Double?).bind(value.value.textual) }
            try insert.run()
        }
        let layout = try statements.layoutId(of: report.values)
        try statements.insertNumbers.bind(id).bind(layout).bind(PackedNumbers.pack(report.values.map { $0.value.numeric ?? .nan }))
            .bind(report.difficulties.map(\.field).joined(separator: "\n")).run()
        if !report.topicResults.isEmpty {
            let insert = try statements.insertResultTexts(count: report.topicResults.count)
            for (position, item) in report.topicResults.enumerated() { insert.bind(id).bind(position).bind(item.topic).bind(item.text) }
            try insert.run()
        }
        for (position, item) in report.difficulties.enumerated() {
            try statements.insertDifficulty.bind(id).bind(position).bind(item.field).bind(item.text).run()
        }
        for (position, item) in report.recommendations.enumerated() {
            try statements.insertRecommendation.bind(id).bind(position).bind(item.addresseesKey).bind(item.text).run()
        }
        for (position, item) in report.taskProgress.enumerated() {
            try statements.insertTaskProgress.bind(id).bind(position).bind(item.taskId).bind(item.status.rawValue)
                .bind(item.completedOn?.description).bind(item.product).bind(item.note).run()
        }
        statements.wordsStored(
            report.taskProgress.map { ($0.taskId, $0.status.rawValue) }, unit: report.unit.code, receivedAt: receivedAt, submission: id)
        for (position, issue) in report.warnings.enumerated() {
            let warning = StoredWarning(issue)
            try statements.insertWarning.bind(id).bind(position).bind(warning.code).bind(warning.criterionId)
                .bind(warning.location).bind(warning.message).run()
        }
        // Who sent it, in the same transaction: the audit log has every report stored, and only those.
        try statements.insertAudit.bind(receivedAt).bind(file.sender.name).bind(file.sender.address)
            .bind(AuditAction.submissionStored.rawValue).bind(report.unit.code).bind(id)
            .bind("\(report.period.scheduleId) \(report.period.key) \(file.fileName)").run()
        let stored: Receipt
        switch decision {
        case .supersedes(let replaced):
            try statements.supersede.bind(id).bind(replaced).run()
            stored = receipt(id, .superseding, supersedes: replaced)
        case .keptBehind(let counting):
            try statements.supersede.bind(counting).bind(id).run()
            stored = receipt(id, .accepted, counts: false)
        default:
            stored = receipt(id, .accepted)
        }
        // The unit's receipt by mail, in the transaction that stores what it announces.
        if let notice = input.receiptNotice?(stored, report) { try statements.enqueue([notice], at: file.receivedAt) }
        return stored
    }
}
