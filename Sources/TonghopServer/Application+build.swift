import Foundation
import Hummingbird
import Logging
import TonghopCore
import TonghopService

/// Where the service listens.
public struct ServerAddress: Sendable {
    public var host: String
    public var port: Int

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// The HTTP service on `address`: SIGTERM and SIGINT stop it gracefully, finishing the requests in flight.
/// `onRunning` receives the bound port (useful with port 0).
public func buildApplication(
    _ environment: ServiceEnvironment, address: ServerAddress, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    // The idle timeout also bounds how long a request's head may take: a head arrives as one part, so a connection
    // sending one a byte at a time stays idle until it is closed.
    let idle = environment.idleTimeout.components
    return Application(
        router: buildRouter(environment),
        server: .http1(configuration: .init(idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
        configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: "tonghop"),
        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? address.port) },
        logger: logger
    )
}

/// Every route of the service: the health check, the JSON API under `/api/v1`, and the pages.
public func buildRouter(_ environment: ServiceEnvironment) -> Router<TonghopRequestContext> {
    let router = Router(context: TonghopRequestContext.self)
    router.addMiddleware {
        LogRequestsMiddleware(.info)
        ErrorMiddleware(pages: environment.pages)
        TokenMiddleware(environment: environment)
    }
    router.get("health") { _, _ in try await health(environment) }
    let api = router.group("api/v1").add(middleware: RequireTokenMiddleware())
    api.get("me") { _, context in try jsonResponse(Caller(context.caller)) }
    SubmissionController(environment: environment).addRoutes(to: api)
    ReviewController(environment: environment).addRoutes(to: api)
    StatusController(environment: environment).addRoutes(to: api)
    TaskController(environment: environment).addRoutes(to: api)
    SynthesisController(environment: environment).addRoutes(to: api)
    FormController(environment: environment).addRoutes(to: api)
    PageRoutes(environment: environment).addRoutes(to: router)
    return router
}

/// 200 when the database answers, 503 when it does not: what a load balancer or a monitor asks.
private func health(_ environment: ServiceEnvironment) async throws -> Response {
    struct Health: Encodable {
        var status: String
        var database: String
    }
    let database = environment.database
    do {
        let mode = try await onDispatchThread { try database.journalMode() }
        return try jsonResponse(Health(status: "ok", database: "ok (\(mode))"))
    } catch {
        return try jsonResponse(Health(status: "unavailable", database: "\(error)"), status: .serviceUnavailable)
    }
}

/// Who a token belongs to, as `GET /api/v1/me` answers.
struct Caller: Encodable {
    var role: String
    var unit: String?

    init(_ role: AccessRole?) {
        self.role = role?.name ?? "staff"
        self.unit = role?.unitCode
    }
}
