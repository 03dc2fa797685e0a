import Foundation
import GRDB
import TonghopCore

/// A row of `accessToken`: the SHA-256 of a token of the HTTP service (never the token), whom it lets in, and when it
/// was issued and revoked.
struct AccessTokenRecord: StoreRecord {
    static let databaseTableName = "accessToken"

    var id: Int64?
    var sha256: String
    /// `unit` or `staff`.
    var role: String
    var unitCode: String?
    var label: String
    var createdAt: Date
    var revokedAt: Date?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let sha256 = Column(CodingKeys.sha256)
        static let revokedAt = Column(CodingKeys.revokedAt)
    }

    /// The token as the service and the CLI show it.
    var issued: IssuedToken {
        IssuedToken(id: id ?? 0, role: unitCode.map(AccessRole.unit) ?? .staff, label: label, createdAt: createdAt, revokedAt: revokedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
