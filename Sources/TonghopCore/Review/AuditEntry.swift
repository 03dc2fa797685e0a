import Foundation

/// Who acted, as the audit log names them: a person (a staff token's label), a unit's token, or the command line's user,
/// and the address the request came from.
public struct Actor: Sendable, Hashable, Codable {
    public var name: String
    /// The client's address for a request to the service; nil on the command line.
    public var address: String?

    public init(name: String, address: String? = nil) {
        self.name = name
        self.address = address
    }

    /// Whoever runs a command on the server: the system account's name, as `sudo -u tonghop` or a timer runs it. Read
    /// once: every file a command checks names it, and reading the environment per file cost a commune-scale submit 5%.
    public static let commandLine: Actor = {
        let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? ""
        return Actor(name: user.isEmpty ? "dòng lệnh" : "dòng lệnh (\(user.withoutControlCharacters))")
    }()

    /// The name as a token's holder gave it at its issue: its label, else what the token is.
    public static func holder(of token: IssuedToken, address: String?) -> Actor {
        let label = token.label.trimmingCharacters(in: .whitespacesAndNewlines).withoutControlCharacters
        if !label.isEmpty { return Actor(name: label, address: address) }
        return Actor(name: token.role.unitCode.map { "đơn vị \($0)" } ?? "mã truy cập số \(token.id)", address: address)
    }
}

/// What an audit entry records.
public enum AuditAction: String, Sendable, Hashable, Codable, CaseIterable {
    case submissionStored = "submission-stored"
    case submissionReviewed = "submission-reviewed"
    case tokenCreated = "token-created"
    case tokenRevoked = "token-revoked"
    case templatesLoaded = "templates-loaded"
    case assessmentWritten = "assessment-written"
}

/// One action that changed something: appended to the audit log, never updated or deleted.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: Date
    public var actor: Actor
    public var action: AuditAction
    /// The unit the action concerns, when it concerns one.
    public var unitCode: String?
    /// What was acted on: a submission's or a token's id.
    public var subjectId: Int64?
    /// The action's particulars, in a machine's words (`accept`, `province-weekly 2025-W46`, `province-weekly 1.1`).
    public var detail: String

    public init(id: Int64, at: Date, actor: Actor, action: AuditAction, unitCode: String?, subjectId: Int64?, detail: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.unitCode = unitCode
        self.subjectId = subjectId
        self.detail = detail
    }
}
