import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    /// Stores the hash of a new token; returns it as issued.
    public func insertToken(sha256: String, role: AccessRole, label: String, by actor: Actor, at instant: Date) throws -> IssuedToken {
        try writer.write { db in
            var token = AccessTokenRecord(
                id: nil, sha256: sha256, role: role.name, unitCode: role.unitCode, label: label, createdAt: instant,
                revokedAt: nil)
            try token.insert(db)
            var audit = AuditEntryRecord(
                .tokenCreated, by: actor, at: instant, unit: role.unitCode, subject: token.id, detail: Self.auditDetail(of: token.issued))
            try audit.insert(db)
            return token.issued
        }
    }

    /// A token as the audit log describes it: its label (the unit, when it has one, is the entry's own).
    private static func auditDetail(of token: IssuedToken) -> String { token.label }

    /// The active token with this hash, if any.
    public func activeToken(sha256: String) throws -> IssuedToken? {
        // One statement, which SQLite runs in a transaction of its own: no transaction around it (`unsafeRead`), whose
        // BEGIN and COMMIT GRDB prepares anew at every read (2% of a duplicate upload's instructions).
        try writer.unsafeRead { db in
            // Asked at every request: a statement kept by the connection, not the query interface's, which GRDB prepares
            // (and SQLite authorizes) anew each time (measured: 8% of the service's time under uploads).
            let statement = try db.cachedStatement(sql: "SELECT * FROM accessToken WHERE sha256 = ? AND revokedAt IS NULL")
            return try AccessTokenRecord.fetchOne(statement, arguments: [sha256])?.issued
        }
    }

    /// Every token ever issued, oldest first.
    public func tokens() throws -> [IssuedToken] {
        try writer.read { db in try AccessTokenRecord.order(AccessTokenRecord.Columns.id).fetchAll(db).map(\.issued) }
    }

    /// Marks a token revoked; returns it, or nil when no token has this id. Revoking twice keeps the first time.
    public func revokeToken(id: Int64, by actor: Actor, at instant: Date) throws -> IssuedToken? {
        try writer.write { db in
            guard var token = try AccessTokenRecord.fetchOne(db, key: id) else { return nil }
            if token.revokedAt == nil {
                try token.updateChanges(db) { $0.revokedAt = instant }
                var audit = AuditEntryRecord(
                    .tokenRevoked, by: actor, at: instant, unit: token.unitCode, subject: id, detail: Self.auditDetail(of: token.issued))
                try audit.insert(db)
            }
            return token.issued
        }
    }
}
