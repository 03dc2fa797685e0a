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
public struct Receipt: Sendable, Hashable, Encodable {
    public var submissionId: Int64
    public var verdict: StoreVerdict
    public var sha256: String
    public var receivedAt: Date
    public var templateVersion: String
    /// The submission this one replaced, when it superseded one.
    public var supersedes: Int64?
    /// Whether this submission is the one that counts for its unit and period.
    public var counts: Bool
    /// Reports received before this instant (the deadline plus grace) are on time.
    public var onTimeLimit: Date

    public var onTime: Bool { receivedAt < onTimeLimit }

    /// Seconds after the on-time limit, 0 when on time.
    public var lateBySeconds: Double { max(0, receivedAt.timeIntervalSince(onTimeLimit)) }

    private enum CodingKeys: String, CodingKey {
        case submissionId, verdict, sha256, receivedAt, templateVersion, supersedes, counts, onTimeLimit, onTime, lateBySeconds
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(submissionId, forKey: .submissionId)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(receivedAt, forKey: .receivedAt)
        try c.encode(templateVersion, forKey: .templateVersion)
        try c.encodeIfPresent(supersedes, forKey: .supersedes)
        try c.encode(counts, forKey: .counts)
        try c.encode(onTimeLimit, forKey: .onTimeLimit)
        try c.encode(onTime, forKey: .onTime)
        try c.encode(lateBySeconds, forKey: .lateBySeconds)
    }
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

/// The caller's last word on a report, just before it is stored, in the transaction that stores it: given its position in
/// the batch and the tasks its unit had reported done by its time of receipt (earlier files of the batch included), it
/// returns the report to store. What a weekly report is asked of its unit's tasks depends on what the unit said before,
/// so it is settled here, in the order reports are stored, whatever the batch they come in.
public typealias BeforeStoring =
    (_ position: Int, _ input: SubmissionInput, _ completedTasks: () throws -> Set<String>) throws -> SubmissionInput

extension TonghopDatabase {
    /// Stores a batch of submissions in one commit, each all-or-nothing.
    ///
    /// Receipts exist only once the commit succeeded, so a crash mid-batch loses no receipt that was given.
    /// One commit per batch rather than per file keeps a week at commune scale within a fraction of a second.
    /// The batch is first tried as a whole; only if the database refuses a file is it stored again with a
    /// savepoint around each file, so that the refused one leaves no trace and the others are kept.
    public func store(_ inputs: [SubmissionInput], beforeStoring: BeforeStoring? = nil) throws -> [Result<Receipt, any Error>] {
        do {
            return try writer.write { db in
                var statements = try SubmissionStatements(db)
                return try inputs.enumerated().map { position, input in
                    Result<Receipt, any Error>.success(try Self.insert(input, at: position, &statements, beforeStoring))
                }
            }
        } catch {
            return try writer.write { db in
                var statements = try SubmissionStatements(db)
                var results: [Result<Receipt, any Error>] = []
                results.reserveCapacity(inputs.count)
                for (position, input) in inputs.enumerated() {
                    try statements.beginSavepoint.run()
                    do {
                        let receipt = try Self.insert(input, at: position, &statements, beforeStoring)
                        try statements.releaseSavepoint.run()
                        results.append(.success(receipt))
                    } catch {
                        try statements.rollbackSavepoint.run()
                        try statements.releaseSavepoint.run()
                        try statements.reloadLayouts()
                        results.append(.failure(error))
                    }
                }
                return results
            }
        }
    }

    /// Stores one submission in its own transaction.
    public func store(_ input: SubmissionInput) throws -> Receipt {
        try store([input])[0].get()
    }

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
        if !report.values.isEmpty {
            let insert = try statements.insertValues(count: report.values.count)
            for value in report.values {
                insert.bind(id).bind(value.criterionId).bind(value.value.numeric).bind(value.value.textual)
            }
            try insert.run()
        }
        let layout = try statements.layoutId(report.values.map(\.criterionId))
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
            try statements.updateTaskLatest.bind(report.unit.code).bind(item.taskId).bind(id).bind(report.period.key).bind(receivedAt)
                .bind(item.status.rawValue).bind(item.completedOn?.description).bind(item.product).bind(item.note).run()
        }
        for (position, issue) in report.warnings.enumerated() {
            let warning = StoredWarning(issue)
            try statements.insertWarning.bind(id).bind(position).bind(warning.code).bind(warning.criterionId)
                .bind(warning.location).bind(warning.message).run()
        }
        switch decision {
        case .supersedes(let replaced):
            try statements.supersede.bind(id).bind(replaced).run()
            return receipt(id, .superseding, supersedes: replaced)
        case .keptBehind(let counting):
            try statements.supersede.bind(counting).bind(id).run()
            return receipt(id, .accepted, counts: false)
        default:
            return receipt(id, .accepted)
        }
    }
}
