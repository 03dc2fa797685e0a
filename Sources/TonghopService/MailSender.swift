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
    /// Why a message is no longer worth sending at an instant (a reminder to a unit that has since reported, or whose
    /// deadline has passed); nil sends it.
    public let withdrawal: @Sendable (OutboxMessage, Date) throws -> String?

    /// The waits between tries: a server down for a minute, an hour, a day is waited for; after the last, the message is
    /// given up and `tonghop notify --status` lists it.
    public static let backoff: [TimeInterval] = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600]

    public init(
        outbox: any Outbox, transport: any MailTransport, from: MailAddress, fromName: String,
        withdrawal: @escaping @Sendable (OutboxMessage, Date) throws -> String? = { _, _ in nil }
    ) {
        self.outbox = outbox
        self.transport = transport
        self.from = from
        self.fromName = fromName
        self.withdrawal = withdrawal
    }

    /// How long a sender holds the messages it took: longer than a round of timeouts, after which another may take them.
    public static let lease: TimeInterval = 600

    /// What one round did.
    public struct Round: Sendable, Equatable {
        public var sent = 0
        public var retrying = 0
        public var givenUp = 0
        /// Reminders no longer due (the unit reported, or the deadline passed) when their turn came.
        public var withdrawn = 0

        public init(sent: Int = 0, retrying: Int = 0, givenUp: Int = 0, withdrawn: Int = 0) {
            self.sent = sent
            self.retrying = retrying
            self.givenUp = givenUp
            self.withdrawn = withdrawn
        }
    }

    /// Tries every message due at `now()`, one after another, up to `limit`. The first failure that is not a refusal of
    /// the message itself (the server down, a wrong password) ends the round: the messages after it would meet the same,
    /// and wait for the next round as they are.
    public func sendDue(now: @Sendable () -> Date = { Date() }, limit: Int = 200) async throws -> Round {
        var round = Round()
        var messages = try outbox.claimDueMessages(at: now(), limit: limit, lease: Self.lease)[...]
        while let message = messages.popFirst() {
            if let reason = try withdrawal(message, now()) {
                try outbox.markFailed(message.id, at: now(), error: reason, retryAt: nil)
                round.withdrawn += 1
                continue
            }
            let mail = OutgoingMail(
                from: from, fromName: fromName, to: message.to.compactMap(MailAddress.init), subject: message.subject, body: message.body,
                // The key with the outbox row and its time: the same message sent twice keeps its id, another database's does not.
                messageKey: "\(message.key).\(message.id).\(Int(message.queuedAt.timeIntervalSince1970))", date: message.queuedAt)
            do {
                try await transport.send(mail)
                try outbox.markSent(message.id, at: now())
                round.sent += 1
            } catch {
                let permanent = (error as? MailFailure)?.permanent ?? false
                let wait = permanent || message.attempts >= Self.backoff.count ? nil : Self.backoff[message.attempts]
                try outbox.markFailed(message.id, at: now(), error: "\(error)", retryAt: wait.map { now().addingTimeInterval($0) })
                if wait == nil { round.givenUp += 1 } else { round.retrying += 1 }
                if !permanent {
                    // Handed back as they were, due again now: the next round takes them.
                    for rest in messages { try outbox.release(rest.id, at: now()) }
                    break
                }
            }
        }
        return round
    }
}
