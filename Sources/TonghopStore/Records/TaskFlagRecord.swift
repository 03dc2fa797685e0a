import Foundation
import GRDB
import TonghopCore

/// A row of `taskFlag`: a unit's task found overdue by the late check; resolved when reported done, never deleted.
struct TaskFlagRecord: StoreRecord {
    static let databaseTableName = "taskFlag"

    var id: Int64?
    var taskId: String
    var unitCode: String
    var deadline: Date
    var flaggedAt: Date
    var resolvedAt: Date?
    var resolvedBySubmissionId: Int64?

    enum Columns {
        static let taskId = Column(CodingKeys.taskId)
        static let unitCode = Column(CodingKeys.unitCode)
        static let deadline = Column(CodingKeys.deadline)
        static let resolvedAt = Column(CodingKeys.resolvedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var taskFlag: TaskFlag {
        TaskFlag(taskId: taskId, unitCode: unitCode, deadline: deadline, flaggedAt: flaggedAt, resolvedAt: resolvedAt)
    }
}
