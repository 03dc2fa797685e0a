import Foundation

/// A message as it leaves: who from, to whom, what.
public struct OutgoingMail: Sendable, Hashable {
    public var from: MailAddress
    /// The sender's name as the From line shows it ("Bộ Nội vụ (Vụ Chính quyền địa phương)").
    public var fromName: String
    public var to: [MailAddress]
    public var subject: String
    public var body: String
    /// A stable identifier (the outbox message's key), so that a message sent twice is recognisable as one.
    public var messageKey: String
    public var date: Date

    public init(from: MailAddress, fromName: String, to: [MailAddress], subject: String, body: String, messageKey: String, date: Date) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.body = body
        self.messageKey = messageKey
        self.date = date
    }
}

/// Why a message was not delivered, and whether trying again may help.
public struct MailFailure: Error, Sendable, CustomStringConvertible {
    /// The server refused for good (a 5xx reply to a recipient or the message): retrying would be refused again.
    public var permanent: Bool
    public var description: String

    public init(permanent: Bool, _ description: String) {
        self.permanent = permanent
        self.description = description
    }
}

/// Hands a message to the mail system: the seam between the sender (TonghopService) and SMTP (TonghopMail).
public protocol MailTransport: Sendable {
    /// Returns once the server has taken the message; throws `MailFailure` (or any error, taken as transient) otherwise.
    func send(_ mail: OutgoingMail) async throws
}
