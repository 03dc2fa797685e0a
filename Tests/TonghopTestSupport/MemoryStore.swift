import Foundation
import TonghopCore

/// Everything tonghop keeps, in memory: every protocol of `Storage` answered from plain arrays, by the same rules as the
/// SQLite store (`StoringDecision` for what a file does to the history, one flag per unit and period, one per task and
/// unit). The tests run the use cases against it as well as against SQLite, which keeps `Storage` a seam another backend
/// (PostgreSQL, for several servers) can implement.
public final class MemoryStore: Storage, @unchecked Sendable {
    /// One stored report and what it said.
    struct Stored {
        var id: Int64
        var report: CheckedReport
        var fileName: String
        var sha256: String
        var byteCount: Int
        var receivedAt: Date
        var supersededBy: Int64?
    }

    // Every property is read and written under `lock`; the methods below `// Under the lock` assume it is held.
    private let lock = NSLock()
    private var stored: [Stored] = []
    private var rawFiles: [String: Data] = [:]
    private var flags: [LateFlag] = []
    private var marks: [String: LateCheckMark] = [:]
    private var taskFlags: [TaskFlag] = []
    private var taskMark: TaskCheckMark?
    private var issued: [(token: IssuedToken, sha256: String)] = []
    private var decisions: [Review] = []
    /// Each flag with the return it is of.
    private var corrections: [(review: Int64, flag: CorrectionFlag)] = []
    private var audit: [AuditEntry] = []
    private var outbox: [OutboxMessage] = []
    private var staffAssessments: [StaffAssessment] = []

    public init() {}

    /// Stores a checked report received at `receivedAt` without its file, as the synthesis tests build an archive;
    /// returns what the storing rule decided.
    @discardableResult
    public func store(_ report: CheckedReport, sha256: String, receivedAt: Date) -> StoringDecision {
        lock.withLock { insert(report, fileName: "\(report.unit.code).json", bytes: Data(), sha256: sha256, receivedAt: receivedAt).decision }
    }

    // MARK: - SubmissionStore

    public func store(_ inputs: [SubmissionInput], beforeStoring: BeforeStoring?) throws -> [Result<Receipt, any Error>] {
        lock.withLock {
            inputs.enumerated().map { position, input in
                Result {
                    var report = input.report
                    let file = input.file
                    if let beforeStoring, decision(for: report, sha256: file.sha256, receivedAt: file.receivedAt).stores {
                        report = try beforeStoring(position, input) { self.completed(unit: report.unit.code, receivedBy: file.receivedAt) }.report
                    }
                    let receipt = insert(report, fileName: file.fileName, bytes: file.bytes, sha256: file.sha256, receivedAt: file.receivedAt).receipt
                    if receipt.verdict != .duplicate, let notice = input.receiptNotice?(receipt, report) { queue([notice], at: file.receivedAt) }
                    if receipt.verdict != .duplicate {
                        append(
                            .submissionStored, by: file.sender, at: file.receivedAt, unit: report.unit.code, subject: receipt.submissionId,
                            detail: "\(report.period.scheduleId) \(report.period.key) \(file.fileName)")
                    }
                    return receipt
                }
            }
        }
    }

    // MARK: - SubmissionArchive

    public func countedSubmissions(schedule: String, periods: [String], asOf: Date) throws -> [CountedSubmission] {
        var latest: [String: Stored] = [:]
        for entry in all where entry.report.period.scheduleId == schedule && periods.contains(entry.report.period.key) && entry.receivedAt <= asOf {
            let key = entry.report.period.key + "\t" + entry.report.unit.code
            if let known = latest[key], (known.receivedAt, known.id) > (entry.receivedAt, entry.id) { continue }
            latest[key] = entry
        }
        return latest.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { _, entry in
            CountedSubmission(
                id: entry.id, unitCode: entry.report.unit.code, periodKey: entry.report.period.key, receivedAt: entry.receivedAt,
                templateVersion: entry.report.templateVersion)
        }
    }

    public func reportTimes(schedule: String, period: String, asOf: Date) throws -> [String: UnitReportTimes] {
        var times: [String: UnitReportTimes] = [:]
        let received = all.filter { $0.report.period.scheduleId == schedule && $0.report.period.key == period && $0.receivedAt <= asOf }
        for entry in received.sorted(by: { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }) {
            let code = entry.report.unit.code
            if var known = times[code] {
                known.currentSubmissionId = entry.id
                known.currentReceivedAt = entry.receivedAt
                known.submissionCount += 1
                times[code] = known
            } else {
                times[code] = UnitReportTimes(
                    unitCode: code, firstReceivedAt: entry.receivedAt, currentSubmissionId: entry.id,
                    currentReceivedAt: entry.receivedAt, submissionCount: 1)
            }
        }
        return times
    }

    public func numberTable(of submissions: [Int64], criteria: [String]) throws -> NumberTable {
        var table = NumberTable(rows: submissions.count, width: criteria.count)
        var (names, raised): ([String], [(row: Int32, field: Int32)]) = ([], [])
        var seen: Set<Int64> = []
        for (row, id) in submissions.enumerated() where seen.insert(id).inserted {
            guard let entry = submission(id) else { continue }
            let given = Dictionary(entry.report.values.map { ($0.criterionId, $0.value.numeric) }, uniquingKeysWith: { first, _ in first })
            for (column, criterion) in criteria.enumerated() {
                if let number = given[criterion] ?? nil { table.numbers[row * criteria.count + column] = number }
            }
            for difficulty in entry.report.difficulties {
                if !names.contains(difficulty.field) { names.append(difficulty.field) }
                raised.append((Int32(row), Int32(names.firstIndex(of: difficulty.field)!)))
            }
        }
        table.setFields(names: names, raised: raised)
        return table
    }

    public func texts(of submissions: [Int64], criteria: [String]) throws -> [SubmittedText] {
        submissions.compactMap(submission).flatMap { entry in
            entry.report.values.compactMap { value in
                guard criteria.contains(value.criterionId), let text = value.value.textual else { return nil }
                return SubmittedText(submission: entry.id, criterion: value.criterionId, text: text)
            }
        }
    }

    public func narrative(of submissions: [Int64]) throws -> [Int64: SubmittedNarrative] {
        var result: [Int64: SubmittedNarrative] = [:]
        for id in submissions {
            guard let entry = submission(id) else { continue }
            let report = entry.report
            let results = report.results.isEmpty ? report.topicResults : [TopicText(topic: "", text: report.results)] + report.topicResults
            guard !(results.isEmpty && report.difficulties.isEmpty && report.recommendations.isEmpty) else { continue }
            result[id] = SubmittedNarrative(
                results: results,
                difficulties: entry.report.difficulties.map { NarrativeItem(key: $0.field, text: $0.text) },
                recommendations: entry.report.recommendations.map { NarrativeItem(key: $0.addresseesKey, text: $0.text) })
        }
        return result
    }

    public func warnings(of submissions: [Int64]) throws -> [Int64: [StoredWarning]] {
        var result: [Int64: [StoredWarning]] = [:]
        for id in submissions {
            guard let entry = submission(id), !entry.report.warnings.isEmpty else { continue }
            result[id] = entry.report.warnings.map(StoredWarning.init)
        }
        return result
    }

    public func taskReports(receivedBy instant: Date, unit: String?) throws -> [TaskReport] {
        try taskReports(receivedBy: instant, unit: unit, tasks: nil)
    }

    // MARK: - SubmissionHistory

    public func history(unit: String, period: String?, schedule: String?) throws -> [SubmissionSummary] {
        all.filter {
            $0.report.unit.code == unit && (period == nil || $0.report.period.key == period)
                && (schedule == nil || $0.report.period.scheduleId == schedule)
        }
        .sorted {
            ($0.report.period.scheduleId, $0.report.period.key, $0.receivedAt, $0.id) < (
                $1.report.period.scheduleId, $1.report.period.key, $1.receivedAt, $1.id
            )
        }
        .map(summary)
    }

    public func submission(id: Int64) throws -> SubmissionSummary? { submission(id).map(summary) }

    private func summary(_ entry: Stored) -> SubmissionSummary {
        SubmissionSummary(
            id: entry.id, unitCode: entry.report.unit.code, scheduleId: entry.report.period.scheduleId, periodKey: entry.report.period.key,
            templateId: entry.report.templateId, templateVersion: entry.report.templateVersion, receivedAt: entry.receivedAt,
            fileName: entry.fileName, sha256: entry.sha256, byteCount: entry.byteCount, valueCount: entry.report.values.count,
            warningCount: entry.report.warnings.count, supersededById: entry.supersededBy)
    }

    public func rawFile(sha256: String) throws -> Data? { lock.withLock { rawFiles[sha256] } }

    public func values(submission id: Int64) throws -> [String: CriterionValue] {
        Dictionary((submission(id)?.report.values ?? []).map { ($0.criterionId, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: - LateFlagStore

    public func recordLateFlags(
        expected: [(period: Period, deadline: Date, units: [String])], at: Date, schedule: String?, marks: [LateCheckMark]
    ) throws -> LateCheckResult {
        lock.withLock {
            for mark in marks { self.marks[mark.scheduleId] = mark }
            var newlyFlagged: [LateFlag] = []
            for entry in expected {
                let reported = Set(
                    stored.filter { $0.report.period == entry.period && $0.receivedAt <= at }.map(\.report.unit.code))
                for unit in entry.units where !reported.contains(unit) {
                    // One flag per unit and period, ever: a second is ignored, as the database's unique key does.
                    guard
                        !flags.contains(where: { $0.unitCode == unit && $0.scheduleId == entry.period.scheduleId && $0.periodKey == entry.period.key }
                        )
                    else { continue }
                    let flag = LateFlag(
                        unitCode: unit, scheduleId: entry.period.scheduleId, periodKey: entry.period.key, deadline: entry.deadline, flaggedAt: at)
                    flags.append(flag)
                    newlyFlagged.append(flag)
                }
            }
            var newlyResolved: [LateFlag] = []
            for index in flags.indices where flags[index].resolvedAt == nil && (schedule == nil || flags[index].scheduleId == schedule) {
                let flag = flags[index]
                let first = stored.filter {
                    $0.report.unit.code == flag.unitCode && $0.report.period.scheduleId == flag.scheduleId && $0.report.period.key == flag.periodKey
                        && $0.receivedAt <= at
                }.min { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
                guard let first else { continue }
                flags[index].resolvedAt = first.receivedAt
                flags[index].resolvedBySubmissionId = first.id
                newlyResolved.append(flags[index])
            }
            let outstanding = ordered(flags.filter { $0.resolvedAt == nil && (schedule == nil || $0.scheduleId == schedule) })
            return LateCheckResult(newlyFlagged: newlyFlagged, newlyResolved: newlyResolved, outstanding: outstanding)
        }
    }

    public func lateCheckMarks() throws -> [String: LateCheckMark] { lock.withLock { marks } }

    public func lateFlags() throws -> [LateFlag] { lock.withLock { ordered(flags) } }

    // MARK: - TaskProgressStore

    public func taskReports(receivedBy instant: Date, unit: String?, tasks: [String]?) throws -> [TaskReport] {
        lock.withLock { latestWords(receivedBy: instant, unit: unit).filter { tasks?.contains($0.progress.taskId) ?? true } }
    }

    public func completedTasks(receivedBy instant: Date, unit: String?) throws -> [String: Set<String>] {
        lock.withLock {
            var completed: [String: Set<String>] = [:]
            for word in latestWords(receivedBy: instant, unit: unit) where word.progress.status == .completed {
                completed[word.unitCode, default: []].insert(word.progress.taskId)
            }
            return completed
        }
    }

    public func openTaskFlagTasks() throws -> Set<String> { lock.withLock { Set(taskFlags.filter { $0.resolvedAt == nil }.map(\.taskId)) } }

    public func taskCheckMark() throws -> (mark: TaskCheckMark?, newestSubmissionId: Int64) {
        lock.withLock { (taskMark, stored.last?.id ?? 0) }
    }

    public func unitsWithTaskWords(since mark: TaskCheckMark) throws -> Set<String> {
        lock.withLock {
            Set(
                stored.filter { !$0.report.taskProgress.isEmpty && ($0.id > mark.throughSubmissionId || $0.receivedAt > mark.checkedAt) }
                    .map(\.report.unit.code))
        }
    }

    public func recordTaskFlags(
        overdue: [(taskId: String, unitCode: String, deadline: Date)],
        completed: [(taskId: String, unitCode: String, submissionId: Int64, receivedAt: Date)], at: Date, mark: TaskCheckMark,
        replacing previous: TaskCheckMark?
    ) throws -> TaskFlagResult {
        lock.withLock {
            taskMark = taskMark == previous ? mark : nil
            var result = TaskFlagResult()
            for item in completed {
                guard let index = taskFlags.firstIndex(where: { $0.taskId == item.taskId && $0.unitCode == item.unitCode && $0.resolvedAt == nil })
                else { continue }
                taskFlags[index].resolvedAt = item.receivedAt
                result.newlyResolved.append(taskFlags[index])
            }
            for item in overdue where !taskFlags.contains(where: { $0.taskId == item.taskId && $0.unitCode == item.unitCode }) {
                let flag = TaskFlag(taskId: item.taskId, unitCode: item.unitCode, deadline: item.deadline, flaggedAt: at)
                taskFlags.append(flag)
                result.newlyFlagged.append(flag)
            }
            result.outstanding = taskFlags.filter { $0.resolvedAt == nil }.sorted {
                ($0.deadline, $0.taskId, $0.unitCode) < ($1.deadline, $1.taskId, $1.unitCode)
            }
            return result
        }
    }

    // MARK: - TokenStore

    public func insertToken(sha256: String, role: AccessRole, label: String, by actor: Actor, at instant: Date) throws -> IssuedToken {
        lock.withLock {
            let token = IssuedToken(id: Int64(issued.count + 1), role: role, label: label, createdAt: instant)
            issued.append((token, sha256))
            append(.tokenCreated, by: actor, at: instant, unit: role.unitCode, subject: token.id, detail: label)
            return token
        }
    }

    public func activeToken(sha256: String) throws -> IssuedToken? {
        lock.withLock { issued.first { $0.sha256 == sha256 && $0.token.isActive }?.token }
    }

    public func tokens() throws -> [IssuedToken] { lock.withLock { issued.map(\.token) } }

    public func revokeToken(id: Int64, by actor: Actor, at instant: Date) throws -> IssuedToken? {
        lock.withLock {
            guard let index = issued.firstIndex(where: { $0.token.id == id }) else { return nil }
            if issued[index].token.revokedAt == nil {
                issued[index].token.revokedAt = instant
                append(.tokenRevoked, by: actor, at: instant, unit: issued[index].token.role.unitCode, subject: id, detail: issued[index].token.label)
            }
            return issued[index].token
        }
    }

    // MARK: - ReviewStore

    public func review(_ request: ReviewRequest, by actor: Actor, at instant: Date) throws -> Review {
        try lock.withLock {
            guard request.submissionId >= 1, request.submissionId <= Int64(stored.count) else {
                throw ReviewRefusal.unknownSubmission(request.submissionId)
            }
            let entry = stored[Int(request.submissionId - 1)]
            if let later = entry.supersededBy { throw ReviewRefusal.replaced(request.submissionId, by: later) }
            let latest = ordered(decisions).last { $0.submissionId == request.submissionId }
            guard instant >= (latest?.at ?? entry.receivedAt) else {
                throw ReviewRefusal.outOfOrder(request.submissionId, after: latest?.at ?? entry.receivedAt)
            }
            let state = latest?.state ?? .received
            guard let next = state.after(request.decision) else {
                throw ReviewRefusal.notAllowed(request.submissionId, state: state, decision: request.decision)
            }
            let review = Review(
                id: Int64(decisions.count + 1), submissionId: request.submissionId, decision: request.decision, state: next,
                reason: request.reason, criteria: request.criteria, by: actor.name, at: instant,
                correctionDue: request.decision == .return ? request.correctionDue : nil)
            decisions.append(review)
            if let notice = request.notice { queue([notice], at: instant) }
            append(
                .submissionReviewed, by: actor, at: instant, unit: entry.report.unit.code, subject: request.submissionId,
                detail: request.decision.rawValue)
            return review
        }
    }

    public func reviews(of submission: Int64) throws -> [Review] {
        lock.withLock { ordered(decisions.filter { $0.submissionId == submission }) }
    }

    public func latestReviews(of submissions: [Int64], asOf: Date) throws -> [Int64: Review] {
        let wanted = Set(submissions)
        return lock.withLock {
            var latest: [Int64: Review] = [:]
            for review in ordered(decisions) where wanted.contains(review.submissionId) && review.at <= asOf { latest[review.submissionId] = review }
            return latest
        }
    }

    public func reviewQueue(schedule: String?, period: String?, unit: String?, state: ReviewState?) throws -> [ReviewQueueItem] {
        let counting = all.filter {
            $0.supersededBy == nil && (schedule == nil || $0.report.period.scheduleId == schedule)
                && (period == nil || $0.report.period.key == period)
                && (unit == nil || $0.report.unit.code == unit)
        }
        .sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
        let latest = try latestReviews(of: counting.map(\.id), asOf: .distantFuture)
        return counting.map { ReviewQueueItem(submission: summary($0), review: latest[$0.id]) }.filter { state == nil || $0.state == state }
    }

    public func recordCorrectionFlags(at: Date) throws -> CorrectionFlagResult {
        lock.withLock {
            var result = CorrectionFlagResult()
            func correction(of entry: Stored) -> Stored? {
                stored.filter {
                    $0.report.unit.code == entry.report.unit.code && $0.report.period == entry.report.period && $0.receivedAt <= at
                        && ($0.receivedAt, $0.id) > (entry.receivedAt, entry.id)
                }
                .min { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
            }
            let byTime = ordered(decisions)
            for entry in stored {
                guard let review = byTime.last(where: { $0.submissionId == entry.id && $0.at <= at }), review.decision == .return,
                    let due = review.correctionDue, due <= at, correction(of: entry) == nil, !corrections.contains(where: { $0.review == review.id })
                else { continue }
                let flag = CorrectionFlag(
                    submissionId: entry.id, unitCode: entry.report.unit.code, scheduleId: entry.report.period.scheduleId,
                    periodKey: entry.report.period.key, due: due, flaggedAt: at)
                corrections.append((review.id, flag))
                result.newlyFlagged.append(flag)
            }
            for index in corrections.indices where corrections[index].flag.resolvedAt == nil {
                let (returnId, flag) = corrections[index]
                let entry = stored[Int(flag.submissionId - 1)]
                if let arrived = correction(of: entry) {
                    corrections[index].flag.resolvedAt = arrived.receivedAt
                    corrections[index].flag.resolvedBySubmissionId = arrived.id
                } else if let accepted = byTime.first(where: {
                    $0.submissionId == entry.id && $0.decision == .accept && $0.id > returnId && $0.at <= at
                }) {
                    corrections[index].flag.resolvedAt = accepted.at
                } else {
                    continue
                }
                result.newlyResolved.append(corrections[index].flag)
            }
            result.outstanding = corrections.map(\.flag).filter { $0.resolvedAt == nil }.sorted { ($0.due, $0.unitCode) < ($1.due, $1.unitCode) }
            return result
        }
    }

    public func correctionFlags() throws -> [CorrectionFlag] {
        lock.withLock { corrections.map(\.flag).sorted { ($0.due, $0.unitCode) < ($1.due, $1.unitCode) } }
    }

    // MARK: - Outbox

    public func enqueue(_ notices: [Notice], at instant: Date) throws -> Int { lock.withLock { queue(notices, at: instant) } }

    public func claimDueMessages(at instant: Date, limit: Int, lease: TimeInterval) throws -> [OutboxMessage] {
        lock.withLock {
            let due = Array(
                outbox.filter { $0.sentAt == nil && $0.failedAt == nil && $0.nextAttemptAt <= instant }
                    .sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }.prefix(limit))
            for message in due { outbox[Int(message.id - 1)].nextAttemptAt = instant.addingTimeInterval(lease) }
            return due
        }
    }

    public func markSent(_ id: Int64, at instant: Date) throws {
        lock.withLock {
            guard let index = outbox.firstIndex(where: { $0.id == id }), outbox[index].sentAt == nil else { return }
            outbox[index].sentAt = instant
            outbox[index].attempts += 1
            outbox[index].lastError = nil
        }
    }

    public func release(_ id: Int64, at instant: Date) throws {
        lock.withLock {
            if let index = outbox.firstIndex(where: { $0.id == id }), outbox[index].sentAt == nil { outbox[index].nextAttemptAt = instant }
        }
    }

    public func markFailed(_ id: Int64, at instant: Date, error: String, retryAt: Date?) throws {
        lock.withLock {
            guard let index = outbox.firstIndex(where: { $0.id == id }), outbox[index].sentAt == nil else { return }
            outbox[index].attempts += 1
            outbox[index].lastError = error
            if let retryAt { outbox[index].nextAttemptAt = retryAt } else { outbox[index].failedAt = instant }
        }
    }

    public func unsentMessages() throws -> [OutboxMessage] { lock.withLock { outbox.filter { $0.sentAt == nil } } }

    // MARK: - AuditLog

    public func appendAudit(_ action: AuditAction, by actor: Actor, at instant: Date, unit: String?, subject: Int64?, detail: String) throws {
        lock.withLock { append(action, by: actor, at: instant, unit: unit, subject: subject, detail: detail) }
    }

    public func auditEntries(since: Date?, unit: String?, newest: Int?) throws -> [AuditEntry] {
        lock.withLock {
            let found = audit.filter { entry in (since.map { entry.at >= $0 } ?? true) && (unit == nil || entry.unitCode == unit) }
                .sorted { $0.id < $1.id }
            return newest.map { Array(found.suffix($0)) } ?? found
        }
    }

    public func latestAuditDetail(of action: AuditAction) throws -> String? {
        lock.withLock { audit.last { $0.action == action }?.detail }
    }

    // MARK: - AssessmentStore

    public func writeAssessment(schedule: String, period: String, text: String, by actor: Actor, at instant: Date) throws -> StaffAssessment {
        lock.withLock {
            let assessment = StaffAssessment(
                id: Int64(staffAssessments.count + 1), scheduleId: schedule, periodKey: period, text: text, author: actor.name, writtenAt: instant)
            staffAssessments.append(assessment)
            append(.assessmentWritten, by: actor, at: instant, unit: nil, subject: assessment.id, detail: "\(schedule) \(period)")
            return assessment
        }
    }

    public func assessments(schedule: String, period: String) throws -> [StaffAssessment] {
        lock.withLock {
            staffAssessments.filter { $0.scheduleId == schedule && $0.periodKey == period }.sorted { ($0.writtenAt, $0.id) < ($1.writtenAt, $1.id) }
        }
    }

    public func assessment(schedule: String, period: String, asOf: Date) throws -> StaffAssessment? {
        try assessments(schedule: schedule, period: period).last { $0.writtenAt <= asOf }
    }

    // MARK: - StoreUpkeep

    public func journalMode() throws -> String { "memory" }

    /// What a backup of memory would hold; nothing is written.
    public func backup(to path: String, at instant: Date) throws -> BackupSummary {
        BackupSummary(path: path, bytes: 0, submissions: lock.withLock { stored.count }, takenAt: instant)
    }

    // MARK: - Under the lock

    private func append(_ action: AuditAction, by actor: Actor, at instant: Date, unit: String?, subject: Int64?, detail: String) {
        audit.append(
            AuditEntry(id: Int64(audit.count + 1), at: instant, actor: actor, action: action, unitCode: unit, subjectId: subject, detail: detail))
    }

    @discardableResult
    private func queue(_ notices: [Notice], at instant: Date) -> Int {
        var queued = 0
        for notice in notices where !notice.to.isEmpty && !outbox.contains(where: { $0.key == notice.key }) {
            outbox.append(
                OutboxMessage(
                    id: Int64(outbox.count + 1), kind: notice.kind, key: notice.key, to: notice.to.map(\.text), subject: notice.subject,
                    body: notice.body, queuedAt: instant, attempts: 0, nextAttemptAt: instant))
            queued += 1
        }
        return queued
    }

    private func ordered(_ reviews: [Review]) -> [Review] { reviews.sorted { ($0.at, $0.id) < ($1.at, $1.id) } }

    private var all: [Stored] { lock.withLock { stored } }

    private func submission(_ id: Int64) -> Stored? {
        let all = self.all
        return id >= 1 && id <= Int64(all.count) ? all[Int(id - 1)] : nil
    }

    private func decision(for report: CheckedReport, sha256: String, receivedAt: Date) -> StoringDecision {
        let history = stored.indices.filter { stored[$0].report.unit.code == report.unit.code && stored[$0].report.period == report.period }
        let current = history.first { stored[$0].supersededBy == nil }
        let same = history.first { stored[$0].sha256 == sha256 && stored[$0].receivedAt == receivedAt }
        return StoringDecision.decide(
            sha256: sha256, receivedAt: receivedAt,
            current: current.map { .init(id: stored[$0].id, sha256: stored[$0].sha256, receivedAt: stored[$0].receivedAt) },
            sameReceipt: same.map { (stored[$0].id, stored[$0].supersededBy == nil) })
    }

    /// Stores a report as `TonghopDatabase.store` does, and its receipt.
    private func insert(_ report: CheckedReport, fileName: String, bytes: Data, sha256: String, receivedAt: Date)
        -> (decision: StoringDecision, receipt: Receipt)
    {
        let decision = decision(for: report, sha256: sha256, receivedAt: receivedAt)
        func receipt(_ id: Int64, _ verdict: StoreVerdict, at instant: Date = receivedAt, supersedes: Int64? = nil, counts: Bool = true) -> Receipt {
            Receipt(
                submissionId: id, verdict: verdict, sha256: sha256, receivedAt: instant, templateVersion: report.templateVersion,
                supersedes: supersedes, counts: counts, onTimeLimit: report.onTimeLimit)
        }
        switch decision {
        case .duplicateOfCurrent(let id): return (decision, receipt(id, .duplicate, at: stored[Int(id - 1)].receivedAt))
        case .duplicateOfEarlier(let id, let counts): return (decision, receipt(id, .duplicate, counts: counts))
        case .first, .supersedes, .keptBehind: break
        }
        let id = Int64(stored.count + 1)
        rawFiles[sha256] = rawFiles[sha256] ?? bytes
        stored.append(Stored(id: id, report: report, fileName: fileName, sha256: sha256, byteCount: bytes.count, receivedAt: receivedAt))
        // A report that arrives resolves its unit's open flag for the period, as the database's insert does.
        for index in flags.indices
        where flags[index].resolvedAt == nil && flags[index].unitCode == report.unit.code && flags[index].scheduleId == report.period.scheduleId
            && flags[index].periodKey == report.period.key
        {
            flags[index].resolvedAt = receivedAt
            flags[index].resolvedBySubmissionId = id
        }
        switch decision {
        case .supersedes(let replaced):
            stored[Int(replaced - 1)].supersededBy = id
            return (decision, receipt(id, .superseding, supersedes: replaced))
        case .keptBehind(let counting):
            stored[Int(id - 1)].supersededBy = counting
            return (decision, receipt(id, .accepted, counts: false))
        default:
            return (decision, receipt(id, .accepted))
        }
    }

    /// Each unit's latest word on each task received by `instant`: on the same instant, the one stored last.
    private func latestWords(receivedBy instant: Date, unit: String?) -> [TaskReport] {
        var latest: [String: TaskReport] = [:]
        for entry in stored.sorted(by: { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) })
        where entry.receivedAt <= instant && (unit == nil || entry.report.unit.code == unit) {
            for progress in entry.report.taskProgress {
                latest[entry.report.unit.code + "\u{1F}" + progress.taskId] = TaskReport(
                    submissionId: entry.id, unitCode: entry.report.unit.code, periodKey: entry.report.period.key, receivedAt: entry.receivedAt,
                    progress: progress)
            }
        }
        return latest.values.sorted { ($0.receivedAt, $0.submissionId) < ($1.receivedAt, $1.submissionId) }
    }

    private func completed(unit: String, receivedBy instant: Date) -> Set<String> {
        Set(latestWords(receivedBy: instant, unit: unit).filter { $0.progress.status == .completed }.map(\.progress.taskId))
    }

    private func ordered(_ flags: [LateFlag]) -> [LateFlag] {
        flags.sorted { ($0.deadline, $0.scheduleId, $0.unitCode) < ($1.deadline, $1.scheduleId, $1.unitCode) }
    }
}
