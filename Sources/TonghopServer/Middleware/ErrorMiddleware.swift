import Foundation
import Hummingbird
import TonghopCore

/// Turns every error into the answer its caller can read: JSON `{"error": {"status", "code", "message"}}` under `/api/`
/// (the message in the caller's language), a Vietnamese HTML page elsewhere.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = TonghopRequestContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as FailureOfSignedIn {
            return try answer(failure.error, request: request, context: context, signedIn: failure.signedIn)
        } catch {
            return try answer(error, request: request, context: context, signedIn: context.signedIn)
        }
    }

    private func answer(_ error: any Error, request: Request, context: Context, signedIn: AccessRole?) throws -> Response {
        let refusal = APIError.from(error)
        if refusal.status == .internalServerError {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
        }
        var headers: HTTPFields = [:]
        if refusal.status == .unauthorized, request.uri.path.hasPrefix("/api/") {
            headers[.wwwAuthenticate] = "Bearer realm=\"tonghop\""
        }
        // The rest of a body that did not arrive in time is not waited for: the connection ends after this answer.
        if refusal.status == .requestTimeout { headers[.connection] = "close" }
        if request.uri.path.hasPrefix("/api/") || request.uri.path == "/health" {
            return try jsonResponse(
                APIError.Body(refusal, language: request.language), status: refusal.status, headers: headers, language: request.language)
        }
        // Who is signed in, even on a form's answer (where the cookie alone is not the caller): the page names them.
        return pages.errorPage(refusal, caller: signedIn)
    }
}
