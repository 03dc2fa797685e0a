import Hummingbird
import NIOCore
import TonghopStore

/// The request context of every route: who is calling, once the token middleware has looked, and the connection.
public struct TonghopRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The role of the caller's token; nil without a token.
    public var caller: AccessRole?
    /// The connection the request came on: closed for reading when its body does not arrive in time.
    let channel: any Channel

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.caller = nil
        self.channel = source.channel
    }

    /// Staff only; a unit token gets 403, no token 401.
    func requireStaff() throws {
        switch caller {
        case .staff: return
        case .unit(let code): throw APIError(.forbidden, "the token of unit \(code) reads only its own unit's data; this needs a staff token")
        case nil: throw APIError.noToken
        }
    }

    /// Staff, or the token of this unit.
    func requireReader(of unit: String) throws {
        switch caller {
        case .staff: return
        case .unit(let code) where code == unit: return
        case .unit(let code): throw APIError(.forbidden, "the token of unit \(code) cannot read unit \(unit)")
        case nil: throw APIError.noToken
        }
    }
}
