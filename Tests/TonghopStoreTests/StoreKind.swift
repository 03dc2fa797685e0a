import Foundation
import GRDB
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopStore

/// The two stores every use case is tested against: SQLite (in memory) and the in-memory `MemoryStore`. A test that runs
/// with both shows that the use cases need nothing of a store but the core's `Storage` protocols.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case memory

    func make() throws -> any Storage {
        switch self {
        case .sqlite: try TonghopDatabase.inMemory()
        case .memory: MemoryStore()
        }
    }

    var testDescription: String { rawValue }
}

/// Every stored warning, by the submission it belongs to (unit, period, file's SHA-256, time of receipt), read through the
/// protocols alone.
func storedWarnings(_ storage: any Storage, units: [String] = catalog.registry.units.map(\.code)) throws -> [String: [String]] {
    var byReport: [String: [String]] = [:]
    for unit in units {
        let history = try storage.history(unit: unit)
        let warnings = try storage.warnings(of: history.map(\.id))
        for submission in history {
            let key = [unit, submission.periodKey, submission.sha256, "\(submission.receivedAt.timeIntervalSince1970)"].joined(separator: " ")
            for warning in warnings[submission.id] ?? [] { byReport[key, default: []].append(warning.code + ": " + warning.message) }
        }
    }
    return byReport
}

/// Whether `taskLatest` holds, for each unit and task, its newest word in `taskProgress` (received last, then stored last),
/// as the migration that made the table computed it; true for a store without the table. Nil columns compare as "-".
func latestWordsAreTheNewest(_ storage: any Storage) throws -> Bool {
    guard let database = storage as? TonghopDatabase else { return true }
    let columns = ["unitCode", "taskId", "submissionId", "periodKey", "receivedAt", "status", "ifnull(completedOn, '-')", "product", "note"]
        .joined(separator: " || '|' || ")
    let (latest, newest) = try database.writer.read { db in
        (
            try String.fetchAll(db, sql: "SELECT \(columns) FROM taskLatest ORDER BY 1"),
            try String.fetchAll(
                db,
                sql: """
                    SELECT \(columns) FROM (
                        SELECT s.unitCode, p.taskId, p.submissionId, s.periodKey, s.receivedAt, p.status, p.completedOn, p.product, p.note,
                               ROW_NUMBER() OVER (PARTITION BY s.unitCode, p.taskId ORDER BY s.receivedAt DESC, p.submissionId DESC) AS rank
                        FROM taskProgress p JOIN submission s ON s.id = p.submissionId)
                    WHERE rank = 1 ORDER BY 1
                    """)
        )
    }
    return latest == newest
}
