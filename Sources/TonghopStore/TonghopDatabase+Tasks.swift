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
