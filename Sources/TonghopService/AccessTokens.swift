import Foundation
import TonghopCore
import TonghopIngest

/// Issues, checks and revokes the bearer tokens of the HTTP service; the database only ever sees their hashes.
public struct AccessTokens: Sendable {
    /// Every token starts with this, so a leaked one is recognisable in logs and secret scanners.
    public static let prefix = "thp_"

    let database: any Storage

    public init(database: any Storage) {
        self.database = database
    }

    /// A newly issued token: the secret (shown once) and its record.
    public struct Issued: Sendable {
        public var token: String
        public var record: IssuedToken
    }

    /// Issues a token for a unit of the registry, or for a person of MoHA's staff, whom its label names (the audit log
    /// says who did what by it).
    public func issue(role: AccessRole, label: String, registry: UnitRegistry, by actor: Actor = .commandLine, at instant: Date) throws -> Issued {
        var role = role
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines).withoutControlCharacters
        if role == .staff && label.isEmpty { throw AccessTokenError.staffWithoutName }
        if let code = role.unitCode {
            guard let unit = registry.unit(named: code) else { throw AccessTokenError.unknownUnit(code) }
            role = .unit(unit.code)
        }
        // 32 bytes from the system's generator (getrandom on Linux): not guessable, and not worth salting.
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token =
            Self.prefix
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let record = try database.insertToken(sha256: sha256Hex(Data(token.utf8)), role: role, label: label, by: actor, at: instant)
        return Issued(token: token, record: record)
    }

    /// The role of an active token; nil for a token never issued or revoked.
    public func role(of token: String) throws -> AccessRole? { try issued(token)?.role }

    /// The record of an active token (its role and whom it names); nil for a token never issued or revoked.
    public func issued(_ token: String) throws -> IssuedToken? {
        guard token.hasPrefix(Self.prefix), token.utf8.count < 200 else { return nil }
        return try database.activeToken(sha256: sha256Hex(Data(token.utf8)))
    }

    public func revoke(id: Int64, by actor: Actor = .commandLine, at instant: Date) throws -> IssuedToken {
        guard let record = try database.revokeToken(id: id, by: actor, at: instant) else { throw AccessTokenError.noSuchToken(id) }
        return record
    }

    public func list() throws -> [IssuedToken] {
        try database.tokens()
    }
}

/// Why a token could not be issued or revoked.
public enum AccessTokenError: Error, Sendable, CustomStringConvertible {
    case unknownUnit(String)
    case noSuchToken(Int64)
    case staffWithoutName

    public var description: String {
        switch self {
        case .unknownUnit(let code): "\"\(code)\" is not a unit of the registry (see units.yaml)"
        case .noSuchToken(let id): "no token has id \(id) (see `tonghop token list`)"
        case .staffWithoutName:
            "a staff token names the person who holds it: give --label, e.g. --label \"Nguyễn Văn A, Vụ Chính quyền địa phương\""
        }
    }
}
