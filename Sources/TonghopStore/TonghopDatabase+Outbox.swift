import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    @discardableResult
    public func enqueue(_ notices: [Notice], at instant: Date) throws -> Int {
        guard !notices.isEmpty else { return 0 }
        return try writer.write { db in try Self.enqueue(notices, at: instant, db) }
    }

    /// Queues notices inside the caller's transaction; a key already queued is kept as it was.
    static func enqueue(_ notices: [Notice], at instant: Date, _ db: Database) throws -> Int {
        var queued = 0
        for notice in notices where !notice.to.isEmpty {
            var record = OutboxMessageRecord(notice, at: instant)
            try record.insert(db, onConflict: .ignore)
            queued += db.changesCount
        }
        return queued
    }

    public func claimDueMessages(at instant: Date, limit: Int, lease: TimeInterval) throws -> [OutboxMessage] {
        // One write transaction: two senders never read the same due rows, the second sees them leased.
        try writer.write { db in
            typealias Columns = OutboxMessageRecord.Columns
            let due = try OutboxMessageRecord.filter(
                Columns.sentAt == nil && Columns.failedAt == nil && Columns.nextAttemptAt <= DatabaseTime.text(instant)
            )
            .order(Columns.nextAttemptAt, Columns.id).limit(limit).fetchAll(db)
            let until = DatabaseTime.text(instant.addingTimeInterval(lease))
            for record in due {
                try db.execute(sql: "UPDATE outboxMessage SET nextAttemptAt = ? WHERE id = ?", arguments: [until, record.id])
            }
            return try due.map { try $0.message() }
        }
    }

    public func markSent(_ id: Int64, at instant: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE outboxMessage SET sentAt = ?, attempts = attempts + 1, lastError = NULL WHERE id = ? AND sentAt IS NULL",
                arguments: [DatabaseTime.text(instant), id])
        }
    }

    public func release(_ id: Int64, at instant: Date) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE outboxMessage SET nextAttemptAt = ? WHERE id = ? AND sentAt IS NULL", arguments: [DatabaseTime.text(instant), id])
        }
    }

    public func markFailed(_ id: Int64, at instant: Date, error: String, retryAt: Date?) throws {
        try writer.write { db in
            if let retryAt {
                try db.execute(
                    sql: "UPDATE outboxMessage SET attempts = attempts + 1, lastError = ?, nextAttemptAt = ? WHERE id = ? AND sentAt IS NULL",
                    arguments: [error, DatabaseTime.text(retryAt), id])
            } else {
                try db.execute(
                    sql: "UPDATE outboxMessage SET attempts = attempts + 1, lastError = ?, failedAt = ? WHERE id = ? AND sentAt IS NULL",
                    arguments: [error, DatabaseTime.text(instant), id])
            }
        }
    }

    public func unsentMessages() throws -> [OutboxMessage] {
        try writer.read { db in
            try OutboxMessageRecord.filter(OutboxMessageRecord.Columns.sentAt == nil).order(OutboxMessageRecord.Columns.id).fetchAll(db)
                .map { try $0.message() }
        }
    }
}
