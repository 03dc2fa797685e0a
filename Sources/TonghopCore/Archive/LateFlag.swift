import Foundation

/// A unit flagged for a missing report after a deadline.
public struct LateFlag: Sendable, Hashable, Codable {
    public var unitCode: String
    public var scheduleId: String
    public var periodKey: String
    public var deadline: Date
    public var flaggedAt: Date
    public var resolvedAt: Date?
    public var resolvedBySubmissionId: Int64?

    public init(
        unitCode: String, scheduleId: String, periodKey: String, deadline: Date, flaggedAt: Date, resolvedAt: Date? = nil,
        resolvedBySubmissionId: Int64? = nil
    ) {
        self.unitCode = unitCode
        self.scheduleId = scheduleId
        self.periodKey = periodKey
        self.deadline = deadline
        self.flaggedAt = flaggedAt
        self.resolvedAt = resolvedAt
        self.resolvedBySubmissionId = resolvedBySubmissionId
    }
}

/// The periods of a schedule that a late check has looked at, against which registry, and when.
public struct LateCheckMark: Sendable, Hashable {
    public var scheduleId: String
    /// A digest of the units expected on the schedule: a registry edit invalidates the mark.
    public var registryDigest: String
    /// The periods from the one containing `fromDay` to the one starting on `throughFirstDay` were checked.
    public var fromDay: LocalDate
    public var throughFirstDay: LocalDate
    public var checkedAt: Date

    public init(scheduleId: String, registryDigest: String, fromDay: LocalDate, throughFirstDay: LocalDate, checkedAt: Date) {
        self.scheduleId = scheduleId
        self.registryDigest = registryDigest
        self.fromDay = fromDay
        self.throughFirstDay = throughFirstDay
        self.checkedAt = checkedAt
    }
}

/// What the last check of overdue tasks looked at: against which tasks and units, at which instant, and through which
/// stored submission. A later run on the same day looks only at what changed since.
public struct TaskCheckMark: Sendable, Hashable {
    /// A digest of the tasks and of the units they may fall to: an edit of either invalidates the mark.
    public var digest: String
    public var checkedAt: Date
    /// The newest submission stored when the check read the units' words (0 when there was none).
    public var throughSubmissionId: Int64

    public init(digest: String, checkedAt: Date, throughSubmissionId: Int64) {
        self.digest = digest
        self.checkedAt = checkedAt
        self.throughSubmissionId = throughSubmissionId
    }
}

/// What one run of the late check did.
public struct LateCheckResult: Sendable {
    public var newlyFlagged: [LateFlag]
    public var newlyResolved: [LateFlag]
    /// Every flag still open after the run, oldest period first.
    public var outstanding: [LateFlag]
    /// What the run did to the flags of overdue tasks (nothing when it was limited to one schedule).
    public var tasks = TaskFlagResult()
    /// What the run did to the flags of corrections overdue (nothing when it was limited to one schedule).
    public var corrections = CorrectionFlagResult()

    public init(newlyFlagged: [LateFlag], newlyResolved: [LateFlag], outstanding: [LateFlag]) {
        self.newlyFlagged = newlyFlagged
        self.newlyResolved = newlyResolved
        self.outstanding = outstanding
    }
}
