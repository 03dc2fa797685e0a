import Hummingbird
import NIOCore
import TonghopCore
import TonghopIngest

/// The request context of every route: who is calling, once the token middleware has looked, and the connection.
public struct TonghopRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The role of the caller's token; nil without a token. For a browser, set from the sign-in cookie on reads only.
    public var caller: AccessRole?
    /// The caller's token as issued (whom it names), beside `caller`.
    public var callerToken: IssuedToken?
    /// The browser's sign-in (its cookie's token and role), on every request: a page that changes data accepts it
    /// only with the form's check (see `SignIn`).
    var signIn: SignIn?
    /// The connection the request came on: closed for reading when its body does not arrive in time.
    let channel: any Channel

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.caller = nil
        self.callerToken = nil
        self.signIn = nil
        self.channel = source.channel
    }

    /// Who the page's header says is signed in: the caller, or on a page that changes data, the browser's sign-in.
    var signedIn: AccessRole? { caller ?? signIn?.role }

    /// The client's address, as the audit log records it.
    var clientAddress: String? { channel.remoteAddress?.ipAddress }

    /// Who acts by `token` from this request's address, as the audit log names them.
    func actor(_ token: IssuedToken) -> Actor { Actor.holder(of: token, address: clientAddress) }

    /// The staff token a page's form acts with: a bearer token, or the browser's sign-in with the form's check (the cookie
    /// alone changes nothing); 401 without either, 403 for a sign-in without the check or a unit's token.
    func staffActing(check: String?) throws -> IssuedToken {
        let token: IssuedToken
        if let caller = callerToken {
            token = caller
        } else if let signIn, check == signIn.check {
            token = signIn.issued
        } else if signIn != nil {
            throw APIError(.forbidden, Message(.apiSignInNoCheck))
        } else {
            throw APIError.noToken
        }
        guard token.role == .staff else { throw APIError(.forbidden, Message(.apiStaffOnly, ["unit": .text(token.role.unitCode ?? "")])) }
        return token
    }

    /// Staff only; a unit token gets 403, no token 401.
    func requireStaff() throws {
        switch caller {
        case .staff: return
        case .unit(let code): throw APIError(.forbidden, Message(.apiStaffOnly, ["unit": .text(code)]))
        case nil: throw APIError.noToken
        }
    }

    /// Staff, or the token of this unit.
    func requireReader(of unit: String) throws {
        switch caller {
        case .staff: return
        case .unit(let code) where code == unit: return
        case .unit(let code): throw APIError(.forbidden, Message(.apiOtherUnit, ["unit": .text(code), "other": .text(unit)]))
        case nil: throw APIError.noToken
        }
    }
}

/// A browser signed in with a token: the token its cookie holds and the role it has.
///
/// The cookie alone never changes data (another site could make a browser send it); a form that does (the upload page)
/// carries `check`, a value derived from the token that only a page this service rendered for this browser can hold.
struct SignIn: Sendable {
    var token: String
    var issued: IssuedToken

    var role: AccessRole { issued.role }

    /// The form's hidden check: a digest of the token, so it reveals nothing of it and cannot be made without it.
    var check: String { String(sha256Hex(Array("tonghop-form-check:\(token)".utf8)).prefix(32)) }
}
