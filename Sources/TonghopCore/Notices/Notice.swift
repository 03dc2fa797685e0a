import Foundation

/// What a message tells its reader.
public enum NoticeKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A unit's report was stored: its receipt.
    case receipt
    /// A unit's report was returned for correction.
    case `return`
    /// A period's deadline is near and the unit has not reported.
    case reminder
    /// MoHA's digest after a late check.
    case digest
}

/// A message to send, in plain text: queued in the outbox in the same transaction as what it announces.
public struct Notice: Sendable, Hashable {
    public var kind: NoticeKind
    /// What makes it the same notice: queued twice, it is kept once (a reminder per unit, period and offset).
    public var key: String
    public var to: [MailAddress]
    public var subject: String
    public var body: String

    public init(kind: NoticeKind, key: String, to: [MailAddress], subject: String, body: String) {
        self.kind = kind
        self.key = key
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// A message in the outbox: waiting, sent, or given up after its last try.
public struct OutboxMessage: Sendable, Hashable, Codable {
    public var id: Int64
    public var kind: NoticeKind
    public var key: String
    public var to: [String]
    public var subject: String
    public var body: String
    public var queuedAt: Date
    public var attempts: Int
    /// When the sender next tries it.
    public var nextAttemptAt: Date
    public var sentAt: Date?
    /// Given up: too many tries, or refused for good by the mail server.
    public var failedAt: Date?
    public var lastError: String?

    public init(
        id: Int64, kind: NoticeKind, key: String, to: [String], subject: String, body: String, queuedAt: Date, attempts: Int, nextAttemptAt: Date,
        sentAt: Date? = nil, failedAt: Date? = nil, lastError: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.key = key
        self.to = to
        self.subject = subject
        self.body = body
        self.queuedAt = queuedAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
        self.failedAt = failedAt
        self.lastError = lastError
    }
}
