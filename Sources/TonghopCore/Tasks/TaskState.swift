import Foundation

/// Where a task stands for one of its units at an instant, as the Government Office counts tasks (Decision 42/2014/QĐ-TTg):
/// computed from the unit's reports and the deadline, never typed by the unit.
public enum TaskState: Sendable, Hashable {
    /// Reported done by the end of its deadline's day (or done, for a task with no deadline).
    case completedOnTime
    /// Reported done this many days after its deadline's day.
    case completedLate(days: Int)
    /// Not done, and its deadline has not passed (or it has none); the unit has reported on it.
    case inProgress
    /// Not done, and its deadline has passed: by this many days (0 on the day of a deadline at an hour).
    case overdue(days: Int)
    /// Not done as far as anyone knows, its deadline not passed, and the unit has never reported on it.
    case notReported

    /// The state's stable code, for `--state`, the API and the JSON synthesis.
    public var kind: Kind {
        switch self {
        case .completedOnTime: .completedOnTime
        case .completedLate: .completedLate
        case .inProgress: .inProgress
        case .overdue: .overdue
        case .notReported: .notReported
        }
    }

    /// The kinds of state, in the order documents list them: overdue first.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case overdue
        case notReported = "not-reported"
        case inProgress = "in-progress"
        case completedLate = "completed-late"
        case completedOnTime = "completed-on-time"

        /// As a document names it: "quá hạn", "hoàn thành đúng hạn".
        public var label: LocalizedText {
            switch self {
            case .overdue: LocalizedText(vi: "Quá hạn", en: "Overdue")
            case .notReported: LocalizedText(vi: "Chưa báo cáo", en: "Not reported")
            case .inProgress: LocalizedText(vi: "Đang thực hiện, trong hạn", en: "In progress, within the deadline")
            case .completedLate: LocalizedText(vi: "Hoàn thành quá hạn", en: "Completed late")
            case .completedOnTime: LocalizedText(vi: "Hoàn thành đúng hạn", en: "Completed on time")
            }
        }
    }

    /// The state of `task` at `instant` given the unit's latest word on it (received by then), if any.
    ///
    /// A date deadline runs to the end of its day; one at an hour, to that minute. A completion on the deadline's day is
    /// on time either way, since a report gives the day a task was done, not the hour.
    public static func of(_ task: AssignedTask, latest: TaskProgress?, at instant: Date) -> TaskState {
        if let latest, latest.status == .completed {
            guard let deadline = task.deadline, let day = latest.completedOn, day > deadline.day else { return .completedOnTime }
            return .completedLate(days: day.dayNumber - deadline.day.dayNumber)
        }
        if let deadline = task.deadline, instant >= deadline.instant {
            return .overdue(days: max(0, VietnamTime.date(of: instant).dayNumber - deadline.day.dayNumber))
        }
        return latest == nil ? .notReported : .inProgress
    }
}

/// One task of one unit, and where it stands at an instant.
public struct TaskAssignment: Sendable, Hashable {
    public var task: AssignedTask
    public var unit: ReportingUnit
    public var state: TaskState
    /// The unit's latest word on the task, received by the instant.
    public var latest: TaskReport?

    public init(task: AssignedTask, unit: ReportingUnit, state: TaskState, latest: TaskReport?) {
        self.task = task
        self.unit = unit
        self.state = state
        self.latest = latest
    }
}
