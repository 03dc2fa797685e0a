import Hummingbird
import TonghopCore

/// Every route of the JSON API needs a token: without one nothing is read, not even whether a unit exists.
struct RequireTokenMiddleware: RouterMiddleware {
    typealias Context = TonghopRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.caller != nil else { throw APIError.noToken }
        return try await next(request, context)
    }
}
