import Foundation

/// A unit's task flagged overdue by a late check.
public struct TaskFlag: Sendable, Hashable, Codable {
    public var taskId: String
    public var unitCode: String
    public var deadline: Date
    public var flaggedAt: Date
    public var resolvedAt: Date?

    public init(taskId: String, unitCode: String, deadline: Date, flaggedAt: Date, resolvedAt: Date? = nil) {
        self.taskId = taskId
        self.unitCode = unitCode
        self.deadline = deadline
        self.flaggedAt = flaggedAt
        self.resolvedAt = resolvedAt
    }
}

/// What one late check did to the flags of overdue tasks.
public struct TaskFlagResult: Sendable {
    public var newlyFlagged: [TaskFlag] = []
    public var newlyResolved: [TaskFlag] = []
    /// Every flag still open after the run, earliest deadline first.
    public var outstanding: [TaskFlag] = []

    public init() {}
}
