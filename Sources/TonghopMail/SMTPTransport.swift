import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import TonghopCore

/// Where and how mail is handed over: `smtp://host:port` (STARTTLS when the server offers it) or `smtps://host:port`
/// (TLS from the start), with a user and password when the server asks for them.
public struct SMTPSettings: Sendable {
    public var host: String
    public var port: Int
    /// `smtps://`: TLS from the first byte; otherwise STARTTLS when offered.
    public var implicitTLS: Bool
    public var user: String?
    public var password: String?
    /// A PEM file of the certificates to trust instead of the system's (a ministry's own CA, or a test's).
    public var trustRoots: String?
    /// How long each step (connecting, each reply) may take.
    public var timeout: TimeAmount

    public init(
        host: String, port: Int, implicitTLS: Bool = false, user: String? = nil, password: String? = nil, trustRoots: String? = nil,
        timeout: TimeAmount = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.implicitTLS = implicitTLS
        self.user = user
        self.password = password
        self.trustRoots = trustRoots
        self.timeout = timeout
    }

    /// `smtp://host[:port]` (port 25 by default, 587 is usual) or `smtps://host[:port]` (465).
    public init?(url text: String) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
            let host = url.host, !host.isEmpty
        else { return nil }
        let port = url.port ?? (scheme == "smtps" ? 465 : 25)
        guard (1...65535).contains(port) else { return nil }
        self.init(host: host, port: port, implicitTLS: scheme == "smtps")
    }

    /// Whether the server is this machine: only then may a password go over a connection without TLS.
    var isLocal: Bool { host == "localhost" || host == "127.0.0.1" || host == "::1" }
}

/// Sends mail over SMTP (RFC 5321): EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, QUIT, one connection per message.
///
/// Written by hand because no Swift SMTP package builds here; it does only what sending needs. A 4xx reply or a broken
/// connection is transient (the outbox tries again later), a 5xx reply to the message or to every recipient is permanent.
public struct SMTPTransport: MailTransport {
    public let settings: SMTPSettings
    let group: any EventLoopGroup

    public init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.group = group
    }

    public func send(_ mail: OutgoingMail) async throws {
        let connection = try await SMTPConnection.open(settings, group: group)
        do {
            try await deliver(mail, over: connection)
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    private func deliver(_ mail: OutgoingMail, over connection: SMTPConnection) async throws {
        try await connection.reply().expect(220, "greeting")
        // The sending domain, as servers expect a fully qualified name after EHLO.
        let name = mail.from.text.split(separator: "@").last.map(String.init) ?? "localhost"
        var capabilities = try await connection.command("EHLO \(name)").expect(250, "EHLO").lines
        if !settings.implicitTLS {
            if capabilities.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) {
                try await connection.command("STARTTLS").expect(220, "STARTTLS")
                try await connection.startTLS(settings)
                capabilities = try await connection.command("EHLO \(name)").expect(250, "EHLO").lines
            } else if settings.user != nil && !settings.isLocal {
                // A password is never sent in the clear to another machine.
                throw MailFailure(permanent: false, "\(settings.host) offers no STARTTLS; the password is not sent without TLS")
            }
        }
        if let user = settings.user {
            let credentials = Data(([0] + Array(user.utf8) + [0] + Array((settings.password ?? "").utf8))).base64EncodedString()
            try await connection.command("AUTH PLAIN \(credentials)", shown: "AUTH PLAIN …").expect(235, "AUTH")
        }
        try await connection.command("MAIL FROM:<\(mail.from.text)>").expect(250, "MAIL FROM")
        var accepted = 0
        var refused: [String] = []
        for address in mail.to {
            let reply = try await connection.command("RCPT TO:<\(address.text)>")
            if reply.code == 250 || reply.code == 251 {
                accepted += 1
            } else if reply.code >= 500 {
                refused.append("\(address.text): \(reply.text)")
            } else {
                throw MailFailure(permanent: false, "RCPT TO \(address.text): \(reply.text)")
            }
        }
        guard accepted > 0 else { throw MailFailure(permanent: true, "every recipient was refused: " + refused.joined(separator: "; ")) }
        try await connection.command("DATA").expect(354, "DATA")
        // Base64 lines never start with a dot, so the body needs no dot-stuffing.
        // Only a refusal of the message itself (or of every recipient) is for good; any other 5xx is a problem of the
        // session (a password, a name, a policy) that the operator can fix, so the message waits for it.
        try await connection.command(MailFormat.message(mail) + ".", shown: "(message)").expect(250, "the message", permanentOn5xx: true)
        _ = try? await connection.command("QUIT")
    }
}

/// A reply of the server: its code and every line's text.
struct SMTPReply: Sendable {
    var code: Int
    var lines: [String]

    var text: String { "\(code) " + lines.joined(separator: " / ") }

    /// The reply when it has `code`; else the failure, permanent for a 5xx only when `permanentOn5xx`.
    @discardableResult
    func expect(_ expected: Int, _ step: String, permanentOn5xx: Bool = false) throws -> SMTPReply {
        guard code == expected else { throw MailFailure(permanent: permanentOn5xx && code >= 500, "\(step): \(text)") }
        return self
    }
}
