import Hummingbird

/// A refusal with its HTTP status and a message for the person who sent the request.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static let noToken = APIError(.unauthorized, "this needs a token: send `Authorization: Bearer <token>` (see `tonghop token create`)")
    static let badToken = APIError(.unauthorized, "the token is not valid: it was never issued or has been revoked")

    /// The body of every JSON error.
    struct Body: Encodable {
        struct Detail: Encodable {
            var status: Int
            var message: String
        }

        var error: Detail
    }

    /// The same message for any error a route or Hummingbird throws.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as HTTPError:
            return APIError(error.status, error.body ?? defaultMessage(error.status))
        case let error as any HTTPResponseError:
            return APIError(error.status, defaultMessage(error.status))
        default:
            return APIError(.internalServerError, defaultMessage(.internalServerError))
        }
    }

    private static func defaultMessage(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "no such page or endpoint"
        case .contentTooLarge: "the request body is larger than this service accepts"
        case .methodNotAllowed: "this endpoint does not take that method"
        case .internalServerError: "the service failed; nothing was stored. The error is in the service's log"
        default: status.reasonPhrase.lowercased()
        }
    }
}
