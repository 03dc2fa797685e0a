import Foundation
import GRDB

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

/// A stored token, without the token itself (only its hash is kept).
public struct AccessTokenRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var role: AccessRole
    public var label: String
    public var createdAt: Date
    public var revokedAt: Date?

    public var isActive: Bool { revokedAt == nil }
}

extension TonghopDatabase {
    /// Stores the hash of a new token; returns its record.
    public func insertToken(sha256: String, role: AccessRole, label: String, at instant: Date) throws -> AccessTokenRecord {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO accessToken (sha256, role, unitCode, label, createdAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [sha256, role.name, role.unitCode, label, instant])
            return AccessTokenRecord(id: db.lastInsertedRowID, role: role, label: label, createdAt: instant, revokedAt: nil)
        }
    }

    /// The active token with this hash, if any.
    public func activeToken(sha256: String) throws -> AccessTokenRecord? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM accessToken WHERE sha256 = ? AND revokedAt IS NULL", arguments: [sha256]).map(Self.token)
        }
    }

    /// Every token ever issued, oldest first.
    public func tokens() throws -> [AccessTokenRecord] {
        try writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM accessToken ORDER BY id").map(Self.token) }
    }

    /// Marks a token revoked; returns its record, or nil when no token has this id. Revoking twice keeps the first time.
    public func revokeToken(id: Int64, at instant: Date) throws -> AccessTokenRecord? {
        try writer.write { db in
            try db.execute(sql: "UPDATE accessToken SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL", arguments: [instant, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM accessToken WHERE id = ?", arguments: [id]).map(Self.token)
        }
    }

    private static func token(_ row: Row) -> AccessTokenRecord {
        let unit: String? = row["unitCode"]
        return AccessTokenRecord(id: row["id"], role: unit.map(AccessRole.unit) ?? .staff, label: row["label"],
                                 createdAt: row["createdAt"], revokedAt: row["revokedAt"])
    }
}
