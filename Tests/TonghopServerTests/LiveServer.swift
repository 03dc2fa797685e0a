import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOHTTP1
import ServiceLifecycle
import Testing
import TonghopServer

/// The service on a free loopback port under a service group (as `tonghop serve` runs it), with a client that opens
/// up to `connections` connections at once, unlike HummingbirdTesting's, which keeps to eight.
struct LiveServer {
    let port: Int
    let baseURL: String
    let client: HTTPClient
    let group: ServiceGroup

    static func run<T: Sendable>(
        _ fixture: ServiceFixture, connections: Int = 8,
        _ body: @Sendable (LiveServer) async throws -> T
    ) async throws -> T {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(fixture.environment, address: ServerAddress(host: "127.0.0.1", port: 0), logger: Logger(label: "tonghop-live")) {
            portSink.yield($0)
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "tonghop-live")))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let client = HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: .init(
                    connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)))
            let server = LiveServer(port: port, baseURL: "http://127.0.0.1:\(port)", client: client, group: group)
            do {
                let value = try await body(server)
                await group.triggerGracefulShutdown()
                try await client.shutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                try? await client.shutdown()
                throw error
            }
        }!
    }

    /// Posts a body and collects the whole answer.
    func post(_ path: String, headers: [(String, String)], body: HTTPClientRequest.Body)
        async throws -> (status: UInt, json: [String: Any])
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = body
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (response.status.code, (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:])
    }
}

extension LiveServer {
    /// GETs a path and collects the whole answer.
    func get(_ path: String, token: String? = nil) async throws -> (status: UInt, text: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await client.execute(request, timeout: .seconds(30))
        return (response.status.code, String(buffer: try await response.body.collect(upTo: 8 << 20)))
    }
}
