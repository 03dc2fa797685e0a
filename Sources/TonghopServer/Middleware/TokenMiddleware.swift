import Foundation
import Hummingbird
import TonghopCore
import TonghopService

/// Finds who is calling: the bearer token of the `Authorization` header, or, for pages read in a browser, the token
/// of the sign-in cookie. A header token that is not valid is refused outright (401) rather than treated as none, so
/// a client with a revoked token learns it at once instead of reading the public pages as if nothing were wrong.
struct TokenMiddleware: RouterMiddleware {
    typealias Context = TonghopRequestContext
    static let cookieName = "tonghop_token"

    let environment: ServiceEnvironment

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = Self.bearerToken(of: request) {
            guard let issued = try await environment.issued(token) else { throw APIError.badToken }
            context.caller = issued.role
            context.callerToken = issued
        } else if let token = request.cookies[Self.cookieName]?.value, !token.isEmpty {
            // A stale cookie (its token revoked) must not lock the browser out of the sign-in page: it counts as none.
            if let issued = try await environment.issued(token) {
                context.signIn = SignIn(token: token, issued: issued)
                // For reading only: anything that changes data must carry its token itself, or the sign-in's check.
                if request.method == .get || request.method == .head {
                    context.caller = issued.role
                    context.callerToken = issued
                }
            }
        }
        if let caller = context.caller { context.logger[metadataKey: "caller"] = .string(caller.unitCode ?? "staff") }
        do {
            return try await next(request, context)
        } catch {
            // The error page is written outside this middleware, by a context that has not met the caller: it is told.
            throw FailureOfSignedIn(error: error, signedIn: context.signedIn)
        }
    }

    /// The token of the `Authorization` header (`Bearer` or bare).
    static func bearerToken(of request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingCharacters(in: .whitespaces) }
        return header
    }

}

/// An error on its way to the error page, with who was signed in when it happened: the page names them.
struct FailureOfSignedIn: Error {
    let error: any Error
    let signedIn: AccessRole?
}
