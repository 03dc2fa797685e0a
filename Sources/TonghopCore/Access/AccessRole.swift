import Foundation

/// Who a token lets in: one unit's reporter, or MoHA staff.
public enum AccessRole: Sendable, Hashable, Codable {
    /// Submits and reads for this unit only.
    case unit(String)
    /// Reads everything.
    case staff

    public var unitCode: String? {
        if case .unit(let code) = self { code } else { nil }
    }

    /// `unit` or `staff`, as stored and as the API and the CLI show it.
    public var name: String { unitCode == nil ? "staff" : "unit" }
}

/// A token issued by the service, without the token itself (only its hash is kept).
public struct IssuedToken: Sendable, Hashable, Codable {
    public var id: Int64
    public var role: AccessRole
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?

    public var isActive: Bool { revokedAt == nil }

    public init(id: Int64, role: AccessRole, label: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.role = role
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
