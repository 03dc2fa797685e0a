import Foundation

/// Where a unit says a task stands: the three answers of the form's drop-down.
public enum TaskStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case completed
    case inProgress = "in-progress"
    case notStarted = "not-started"

    /// As the form's drop-down writes it: "đã hoàn thành".
    public var label: LocalizedText {
        switch self {
        case .completed: LocalizedText(vi: "đã hoàn thành", en: "completed")
        case .inProgress: LocalizedText(vi: "đang thực hiện", en: "in progress")
        case .notStarted: LocalizedText(vi: "chưa thực hiện", en: "not started")
        }
    }

    /// A status as written in a report: its code (`in-progress`) or its Vietnamese words (`Đang thực hiện`), in any case.
    public init?(written text: String) {
        let key = text.trimmed.lowercased()
        guard let status = Self.allCases.first(where: { $0.rawValue == key || $0.label.vi == key }) else { return nil }
        self = status
    }
}

/// What one report says of one task, once checked.
public struct TaskProgress: Sendable, Hashable {
    public var taskId: String
    public var status: TaskStatus
    /// The day it was done: given with `completed`, and only then.
    public var completedOn: LocalDate?
    /// What shows it done, as the unit names it ("Nghị định số 150/2025/NĐ-CP"); may be empty.
    public var product: String
    public var note: String

    public init(taskId: String, status: TaskStatus, completedOn: LocalDate? = nil, product: String = "", note: String = "") {
        self.taskId = taskId
        self.status = status
        self.completedOn = completedOn
        self.product = product
        self.note = note
    }
}

/// A unit's word on a task as stored: what its report said, and when that report came.
public struct TaskReport: Sendable, Hashable {
    public var submissionId: Int64
    public var unitCode: String
    public var periodKey: String
    public var receivedAt: Date
    public var progress: TaskProgress

    public init(submissionId: Int64, unitCode: String, periodKey: String, receivedAt: Date, progress: TaskProgress) {
        self.submissionId = submissionId
        self.unitCode = unitCode
        self.periodKey = periodKey
        self.receivedAt = receivedAt
        self.progress = progress
    }
}
