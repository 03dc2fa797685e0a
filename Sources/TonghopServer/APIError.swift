import Hummingbird
import TonghopCore
import TonghopService

/// A refusal with its HTTP status and a message for the person who sent the request.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: Message

    public init(_ status: HTTPResponse.Status, _ message: Message) {
        self.status = status
        self.message = message
    }

    static let noToken = APIError(.unauthorized, Message(.apiNoToken))
    static let badToken = APIError(.unauthorized, Message(.apiBadToken))

    /// The body of every JSON error: the status, a stable code for scripts, the message in the caller's language.
    struct Body: Encodable {
        struct Detail: Encodable {
            var status: Int
            var code: String
            var message: String
        }

        var error: Detail

        init(_ error: APIError, language: Language) {
            self.error = Detail(status: Int(error.status.code), code: error.code, message: error.message.text(in: language))
        }
    }

    /// The message's key as a code, stable across languages: `api-no-token`, `request-unknown-unit`.
    var code: String {
        var code = ""
        for character in message.key.rawValue {
            if character.isUppercase { code += "-" + character.lowercased() } else { code.append(character) }
        }
        return code
    }

    /// The same message for any error a route or Hummingbird throws.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as any HTTPResponseError:
            return APIError(error.status, defaultMessage(error.status))
        default:
            return APIError(.internalServerError, defaultMessage(.internalServerError))
        }
    }

    private static func defaultMessage(_ status: HTTPResponse.Status) -> Message {
        switch status {
        case .notFound: Message(.apiNotFound)
        case .contentTooLarge: Message(.apiRequestTooLarge)
        case .methodNotAllowed: Message(.apiMethodNotAllowed)
        case .internalServerError: Message(.apiInternal)
        default: Message(.apiOtherError, ["status": .text("\(status.code) \(status.reasonPhrase)")])
        }
    }
}

extension APIError {
    /// 404 for a unit or schedule that does not exist, 400 for a key or combination that is wrong.
    init(_ error: RequestError) {
        self.init(error.isUnknownName ? .notFound : .badRequest, error.message)
    }
}
