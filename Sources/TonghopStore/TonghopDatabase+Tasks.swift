import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    /// Everything the reports received by `instant` (of one unit, when given) say of tasks, superseded reports included (a
    /// task reported done in a report later replaced stays reported; the latest word decides), oldest first.
    public func taskReports(receivedBy instant: Date, unit: String? = nil) throws -> [TaskReport] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.submissionId, s.unitCode, s.periodKey, s.receivedAt, p.taskId, p.status, p.completedOn, p.product, p.note
                    FROM taskProgress p JOIN submission s ON s.id = p.submissionId
                    WHERE s.receivedAt <= ? AND (? IS NULL OR s.unitCode = ?)
                    ORDER BY s.receivedAt, p.submissionId, p.position
                    """, arguments: [DatabaseTime.text(instant), unit, unit])
            return try rows.compactMap { row -> TaskReport? in
                // A status this version does not know (a later one's, read by an older binary) is left out, not guessed.
                guard let received = try DatabaseTime.instant(row, atIndex: 3), let status = TaskStatus(rawValue: row[5]) else { return nil }
                let progress = TaskProgress(
                    taskId: row[4], status: status, completedOn: (row[6] as String?).flatMap(LocalDate.init(iso:)), product: row[7],
                    note: row[8])
                return TaskReport(submissionId: row[0], unitCode: row[1], periodKey: row[2], receivedAt: received, progress: progress)
            }
        }
    }

    /// The tasks each unit's (or one unit's) latest word received by `instant` calls done: its weekly report need not name
    /// them again.
    public func completedTasks(receivedBy instant: Date, unit: String? = nil) throws -> [String: Set<String>] {
        var latest: [String: [String: TaskStatus]] = [:]
        for report in try taskReports(receivedBy: instant, unit: unit) {
            latest[report.unitCode, default: [:]][report.progress.taskId] = report.progress.status
        }
        return latest.mapValues { Set($0.filter { $0.value == .completed }.keys) }
    }
}

/// A unit's task flagged overdue by a late check.
public struct TaskFlag: Sendable, Hashable, Codable {
    public var taskId: String
    public var unitCode: String
    public var deadline: Date
    public var flaggedAt: Date
    public var resolvedAt: Date?
}

/// What one late check did to the flags of overdue tasks.
public struct TaskFlagResult: Sendable {
    public var newlyFlagged: [TaskFlag] = []
    public var newlyResolved: [TaskFlag] = []
    /// Every flag still open after the run, earliest deadline first.
    public var outstanding: [TaskFlag] = []

    public init() {}
}

extension TonghopDatabase {
    /// Flags, once, each (task, unit) of `overdue` at `at`; resolves the open flags of `completed` (each with the report that
    /// said it done). Flags are never deleted.
    public func recordTaskFlags(
        overdue: [(taskId: String, unitCode: String, deadline: Date)],
        completed: [(taskId: String, unitCode: String, submissionId: Int64, receivedAt: Date)], at: Date
    ) throws -> TaskFlagResult {
        try writer.write { db in
            var result = TaskFlagResult()
            let open = try TaskFlagRecord.filter(TaskFlagRecord.Columns.resolvedAt == nil).fetchAll(db)
            let openKeys = Dictionary(open.map { ($0.taskId + "\u{1F}" + $0.unitCode, $0) }, uniquingKeysWith: { a, _ in a })
            for item in completed {
                guard var flag = openKeys[item.taskId + "\u{1F}" + item.unitCode] else { continue }
                try flag.updateChanges(db) {
                    $0.resolvedAt = item.receivedAt
                    $0.resolvedBySubmissionId = item.submissionId
                }
                result.newlyResolved.append(flag.taskFlag)
            }
            // A (task, unit) flagged once stays flagged: the unique key ignores the second.
            let insert = try RawStatement(db, sql: "INSERT OR IGNORE INTO taskFlag (taskId, unitCode, deadline, flaggedAt) VALUES (?, ?, ?, ?)")
            for item in overdue {
                try insert.bind(item.taskId).bind(item.unitCode).bind(DatabaseTime.text(item.deadline)).bind(DatabaseTime.text(at)).run()
                if insert.changes > 0 {
                    result.newlyFlagged.append(TaskFlag(taskId: item.taskId, unitCode: item.unitCode, deadline: item.deadline, flaggedAt: at))
                }
            }
            result.outstanding = try TaskFlagRecord.filter(TaskFlagRecord.Columns.resolvedAt == nil)
                .order(TaskFlagRecord.Columns.deadline, TaskFlagRecord.Columns.taskId, TaskFlagRecord.Columns.unitCode).fetchAll(db).map(\.taskFlag)
            return result
        }
    }
}
