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
        static let id = Column(CodingKeys.id)
        static let taskId = Column(CodingKeys.taskId)
        static let unitCode = Column(CodingKeys.unitCode)
        static let deadline = Column(CodingKeys.deadline)
        static let flaggedAt = Column(CodingKeys.flaggedAt)
        static let resolvedAt = Column(CodingKeys.resolvedAt)
        static let resolvedBySubmissionId = Column(CodingKeys.resolvedBySubmissionId)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var taskFlag: TaskFlag {
        TaskFlag(taskId: taskId, unitCode: unitCode, deadline: deadline, flaggedAt: flaggedAt, resolvedAt: resolvedAt)
    }
}

extension TaskFlagRecord {
    /// The columns in the order `init(row:)` reads them.
    static var databaseSelection: [any SQLSelectable] {
        [Columns.id, Columns.taskId, Columns.unitCode, Columns.deadline, Columns.flaggedAt, Columns.resolvedAt, Columns.resolvedBySubmissionId]
    }

    /// Decoded by hand, by column position, as the late flags are: every late check reads the open flags twice, and
    /// decoding them by name through `Decodable` was a sixth of the store's part of a commune-scale check (`perf`).
    init(row: Row) throws {
        id = row[0]
        taskId = row[1]
        unitCode = row[2]
        deadline = try DatabaseTime.instant(row, atIndex: 3) ?? .distantPast
        flaggedAt = try DatabaseTime.instant(row, atIndex: 4) ?? .distantPast
        resolvedAt = try DatabaseTime.instant(row, atIndex: 5)
        resolvedBySubmissionId = row[6]
    }
}
