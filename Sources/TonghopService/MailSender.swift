import Foundation
import TonghopCore

/// Delivers the outbox: each due message handed to the transport, marked sent once the server took it, tried again later
/// with a growing wait when it could not be, given up after the last try or a permanent refusal. A crash between the
/// server taking a message and its mark leaves it to be sent again: a message may come twice, never not at all.
public struct MailSender: Sendable {
    public let outbox: any Outbox
    public let transport: any MailTransport
    public let from: MailAddress
    public let fromName: String

    /// The waits between tries: a server down for a minute, an hour, a day is waited for; after the last, the message is
    /// given up and `tonghop notify --status` lists it.
    public static let backoff: [TimeInterval] = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600]

    public init(outbox: any Outbox, transport: any MailTransport, from: MailAddress, fromName: String) {
        self.outbox = outbox
        self.transport = transport
        self.from = from
        self.fromName = fromName
    }

    /// What one round did.
    public struct Round: Sendable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var givenUp = 0

        public init(sent: Int = 0, retrying: Int = 0, givenUp: Int = 0) {
            self.sent = sent
            self.retrying = retrying
            self.givenUp = givenUp
        }
    }

    /// Tries every message due at `now()`, one after another, up to `limit`.
    public func sendDue(now: @Sendable () -> Date = { Date() }, limit: Int = 200) async throws -> Round {
        var round = Round()
        for message in try outbox.dueMessages(at: now(), limit: limit) {
            let mail = OutgoingMail(
                from: from, fromName: fromName, to: message.to.compactMap(MailAddress.init), subject: message.subject, body: message.body,
                messageKey: message.key, date: message.queuedAt)
            do {
                try await transport.send(mail)
                try outbox.markSent(message.id, at: now())
                round.sent += 1
            } catch {
                let permanent = (error as? MailFailure)?.permanent ?? false
                let wait = permanent || message.attempts >= Self.backoff.count ? nil : Self.backoff[message.attempts]
                try outbox.markFailed(message.id, at: now(), error: "\(error)", retryAt: wait.map { now().addingTimeInterval($0) })
                if wait == nil { round.givenUp += 1 } else { round.retrying += 1 }
            }
        }
        return round
    }
}
