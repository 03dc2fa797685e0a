import Foundation
import GRDB
import TonghopCore

/// A row of `outboxMessage`: a message to mail, and how its sending went.
struct OutboxMessageRecord: StoreRecord {
    static let databaseTableName = "outboxMessage"

    var id: Int64?
    var kind: String
    var key: String
    /// One address per line.
    var recipients: String
    var subject: String
    var body: String
    var queuedAt: Date
    var attempts: Int
    var nextAttemptAt: Date
    var sentAt: Date?
    var failedAt: Date?
    var lastError: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        static let sentAt = Column(CodingKeys.sentAt)
        static let failedAt = Column(CodingKeys.failedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(_ notice: Notice, at instant: Date) {
        (id, kind, key, recipients) = (nil, notice.kind.rawValue, notice.key, notice.to.map(\.text).joined(separator: "\n"))
        (subject, body, queuedAt, attempts, nextAttemptAt) = (notice.subject, notice.body, instant, 0, instant)
    }

    func message() throws -> OutboxMessage {
        guard let kind = NoticeKind(rawValue: kind) else { throw DatabaseError(message: "outbox message \(id ?? 0): unknown kind \(kind)") }
        return OutboxMessage(
            id: id ?? 0, kind: kind, key: key, to: recipients.split(separator: "\n").map(String.init), subject: subject, body: body,
            queuedAt: queuedAt, attempts: attempts, nextAttemptAt: nextAttemptAt, sentAt: sentAt, failedAt: failedAt, lastError: lastError)
    }
}
