import Foundation

// What tonghop keeps, as the use cases ask for it: the seam of the persistence layer. The SQLite store implements every
// protocol here (TonghopStore), the tests' in-memory store too (TonghopTestSupport), and a PostgreSQL store for a
// deployment of several servers would. Each question is in domain types; none names a table or a connection.

/// Stores checked reports, each all-or-nothing, a batch in one commit: the write side of `SubmissionArchive`.
public protocol SubmissionStore: Sendable {
    /// Stores `inputs` in order, in one commit, and returns one result per input: its receipt, or why it was refused
    /// (a refused one leaves no trace, the others are kept). `beforeStoring` is asked, for each report about to be
    /// stored, what to store given the tasks its unit had reported done by then (earlier inputs included). A receipt
    /// exists only once its report is durably stored.
    func store(_ inputs: [SubmissionInput], beforeStoring: BeforeStoring?) throws -> [Result<Receipt, any Error>]
}

/// Every version a unit sent: what `history` lists.
public protocol SubmissionHistory: Sendable {
    /// Every submission of a unit (one period of one schedule, when given), oldest first, superseded ones included.
    func history(unit: String, period: String?, schedule: String?) throws -> [SubmissionSummary]

    /// One submission, superseded or not; nil when no submission has this id.
    func submission(id: Int64) throws -> SubmissionSummary?

    /// The bytes of a file received, by its SHA-256.
    func rawFile(sha256: String) throws -> Data?

    /// The answers stored for one submission, by criterion.
    func values(submission id: Int64) throws -> [String: CriterionValue]
}

/// The late check's record: the flags of missing reports, raised once and resolved when the report comes, and which
/// periods each schedule's check has looked at.
public protocol LateFlagStore: Sendable {
    /// Flags, once, each expected unit with no report received by `at` for each closed period; resolves the open flags
    /// (of `schedule`, when given) whose report has arrived; records `marks`. Returns what changed and what is open.
    func recordLateFlags(
        expected: [(period: Period, deadline: Date, units: [String])], at: Date, schedule: String?, marks: [LateCheckMark]
    ) throws -> LateCheckResult

    /// The marks of earlier late checks, by schedule.
    func lateCheckMarks() throws -> [String: LateCheckMark]

    /// Every late flag, resolved or not, oldest deadline first, then by schedule and unit.
    func lateFlags() throws -> [LateFlag]
}

/// What units reported of the directives' tasks, and the flags of overdue ones.
public protocol TaskProgressStore: Sendable {
    /// Each unit's (or one unit's) latest word received by `instant` on some tasks (or every one).
    func taskReports(receivedBy instant: Date, unit: String?, tasks: [String]?) throws -> [TaskReport]

    /// The tasks each unit's (or one unit's) latest word received by `instant` calls done.
    func completedTasks(receivedBy instant: Date, unit: String?) throws -> [String: Set<String>]

    /// The tasks with a flag still open.
    func openTaskFlagTasks() throws -> Set<String>

    /// The mark the last check of overdue tasks left, and the id of the newest submission stored now (0 when none).
    func taskCheckMark() throws -> (mark: TaskCheckMark?, newestSubmissionId: Int64)

    /// The units with a word on some task stored after `mark`'s newest submission, or received after its instant.
    func unitsWithTaskWords(since mark: TaskCheckMark) throws -> Set<String>

    /// Flags, once, each (task, unit) of `overdue` at `at`; resolves the open flags of `completed`; in the same transaction
    /// keeps `mark` if the mark stored is still `previous` (the one the run started from), or else removes it: another run
    /// in between left its own, and the next run weighs every pair. Flags are never deleted.
    func recordTaskFlags(
        overdue: [(taskId: String, unitCode: String, deadline: Date)],
        completed: [(taskId: String, unitCode: String, submissionId: Int64, receivedAt: Date)], at: Date, mark: TaskCheckMark,
        replacing previous: TaskCheckMark?
    ) throws -> TaskFlagResult
}

/// The access tokens of the HTTP service, kept as their SHA-256 only.
public protocol TokenStore: Sendable {
    /// Keeps a new token's hash, with its audit entry.
    func insertToken(sha256: String, role: AccessRole, label: String, by actor: Actor, at instant: Date) throws -> IssuedToken
    /// The token with this hash, if it was issued and is not revoked.
    func activeToken(sha256: String) throws -> IssuedToken?
    /// Every token ever issued, oldest first.
    func tokens() throws -> [IssuedToken]
    /// Revokes a token at `instant`, with its audit entry; nil when there is no such token.
    func revokeToken(id: Int64, by actor: Actor, at instant: Date) throws -> IssuedToken?
}

/// MoHA's review of stored reports: decisions appended, never changed, and the flags of corrections overdue.
public protocol ReviewStore: Sendable {
    /// Records a decision on a report and its audit entry in one transaction; throws `ReviewRefusal` for an unknown or
    /// replaced report, or a decision its state does not allow. Nothing stored about the report itself changes.
    func review(_ request: ReviewRequest, by actor: Actor, at instant: Date) throws -> Review

    /// Every decision on a report, oldest first.
    func reviews(of submission: Int64) throws -> [Review]

    /// The reports that count now (not replaced), of one schedule, period, unit and state when given, oldest first, each
    /// with its latest decision.
    func reviewQueue(schedule: String?, period: String?, unit: String?, state: ReviewState?) throws -> [ReviewQueueItem]

    /// Flags, once, each report still returned at `at` whose correction was due by then and has not arrived; resolves the
    /// open flags whose correction arrived by `at` or whose report was accepted.
    func recordCorrectionFlags(at: Date) throws -> CorrectionFlagResult

    /// Every flag of a correction, resolved or not, earliest due first.
    func correctionFlags() throws -> [CorrectionFlag]
}

/// Who did what: appended to, never updated or deleted.
public protocol AuditLog: Sendable {
    func appendAudit(_ action: AuditAction, by actor: Actor, at instant: Date, unit: String?, subject: Int64?, detail: String) throws

    /// The entries from `since` (every one when nil), of one unit when given, in the order they were appended; only the
    /// `newest` ones when given.
    func auditEntries(since: Date?, unit: String?, newest: Int?) throws -> [AuditEntry]

    /// The detail of the latest entry of `action`; nil when there is none.
    func latestAuditDetail(of action: AuditAction) throws -> String?
}

/// The messages waiting to be mailed: queued with what they announce, sent by `MailSender`, never lost on a restart
/// (a message is marked sent only once the mail server took it) and never queued twice (by its key).
public protocol Outbox: Sendable {
    /// Queues the notices whose key is not queued yet; returns how many were.
    @discardableResult
    func enqueue(_ notices: [Notice], at instant: Date) throws -> Int

    /// Takes the messages to try at `instant` (not sent, not given up, their next try due; oldest first, at most `limit`)
    /// for one sender: their next try moves to `instant + lease`, so that another sender running at the same time (the
    /// service and the timer's `notify`) does not take them too; a sender that dies leaves them for after the lease.
    func claimDueMessages(at instant: Date, limit: Int, lease: TimeInterval) throws -> [OutboxMessage]

    /// The mail server took the message.
    func markSent(_ id: Int64, at instant: Date) throws

    /// A message taken but not tried: due again at `instant`, its tries unchanged.
    func release(_ id: Int64, at instant: Date) throws

    /// A try failed: try again at `retryAt`, or give up when it is nil.
    func markFailed(_ id: Int64, at instant: Date, error: String, retryAt: Date?) throws

    /// Every message not sent (waiting or given up), oldest first.
    func unsentMessages() throws -> [OutboxMessage]
}

/// What an operator asks of the store itself.
public protocol StoreUpkeep: Sendable {
    /// How the store keeps its journal ("wal" for SQLite on a file), for the health check.
    func journalMode() throws -> String
    /// A consistent copy of the whole store at `path`, taken while it is in use.
    func backup(to path: String, at instant: Date) throws -> BackupSummary
}

/// The staff's assessments of periods: appended, never changed.
public protocol AssessmentStore: Sendable {
    /// Keeps an assessment with its audit entry, in one transaction.
    func writeAssessment(schedule: String, period: String, text: String, by actor: Actor, at instant: Date) throws -> StaffAssessment

    /// Every assessment written of a period, oldest first.
    func assessments(schedule: String, period: String) throws -> [StaffAssessment]
}

/// Everything tonghop keeps: the one dependency of the use cases in TonghopService.
public protocol Storage:
    SubmissionArchive, SubmissionStore, SubmissionHistory, LateFlagStore, TaskProgressStore, TokenStore, ReviewStore, AuditLog, AssessmentStore,
    Outbox,
    StoreUpkeep
{}

extension SubmissionStore {
    /// Stores a batch as it is checked.
    public func store(_ inputs: [SubmissionInput]) throws -> [Result<Receipt, any Error>] { try store(inputs, beforeStoring: nil) }

    /// Stores one submission in its own commit.
    public func store(_ input: SubmissionInput) throws -> Receipt { try store([input], beforeStoring: nil)[0].get() }
}

extension SubmissionHistory {
    /// Every submission of a unit, oldest first.
    public func history(unit: String) throws -> [SubmissionSummary] { try history(unit: unit, period: nil, schedule: nil) }
}

extension LateFlagStore {
    /// The late check over every schedule, without marks.
    public func recordLateFlags(expected: [(period: Period, deadline: Date, units: [String])], at: Date) throws -> LateCheckResult {
        try recordLateFlags(expected: expected, at: at, schedule: nil, marks: [])
    }
}

extension AuditLog {
    /// Every entry from `since`, of one unit when given, in the order they were appended.
    public func auditEntries(since: Date?, unit: String?) throws -> [AuditEntry] { try auditEntries(since: since, unit: unit, newest: nil) }
}

extension SubmissionArchive {
    /// Every unit's latest word on each task among the reports received by `instant`.
    public func taskReports(receivedBy instant: Date) throws -> [TaskReport] { try taskReports(receivedBy: instant, unit: nil) }
}

extension TaskProgressStore {
    /// Every unit's tasks reported done by `instant`.
    public func completedTasks(receivedBy instant: Date) throws -> [String: Set<String>] { try completedTasks(receivedBy: instant, unit: nil) }
}
