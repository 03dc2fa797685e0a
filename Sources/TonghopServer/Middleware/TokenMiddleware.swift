import Foundation
import Hummingbird
import TonghopService

/// Finds who is calling: the bearer token of the `Authorization` header, or, for pages read in a browser, the token
/// of the sign-in cookie. A token that is sent but not valid is refused outright rather than treated as none, so a
/// revoked token never quietly reads the public pages as if nothing were wrong.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = TonghopRequestContext
    static let cookieName = "tonghop_token"

    let tokens: AccessTokens
    let maxUploadBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxUploadBytes
        if let token = Self.token(of: request) {
            let tokens = self.tokens
            guard let role = try await offloaded({ try tokens.role(of: token) }) else { throw APIError.badToken }
            context.caller = role
            context.logger[metadataKey: "caller"] = .string(role.unitCode ?? "staff")
        }
        return try await next(request, context)
    }

    static func token(of request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingCharacters(in: .whitespaces) }
            return header
        }
        // The cookie reads only: anything that changes data must carry its token itself, which no other site can
        // make a browser do (besides the cookie being SameSite=Strict).
        guard request.method == .get || request.method == .head else { return nil }
        return request.cookies[cookieName]?.value
    }
}
