import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TonghopServer
import TonghopTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The service keeps answering whatever a file or a connection holds.
@Suite(.serialized) struct HostileUploadTests {
    static let regressions = Repo.root.appendingPathComponent("Tests/Regressions")

    /// Hà Nội's token, and the sample files of other units sent with it, get 403; every other hostile file gets 422.
    @Test func everyHostileFileIsRefusedAndTheServiceKeepsAnswering() async throws {
        let fixture = try ServiceFixture(onDisk: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.regressions.path).sorted()
        try await LiveServer.run(fixture) { server in
            for name in names {
                let bytes = try Data(contentsOf: Self.regressions.appendingPathComponent(name))
                let type =
                    name.hasSuffix(".json")
                    ? "application/json"
                    : name.hasSuffix(".csv")
                        ? "text/csv"
                        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                let answer = try await server.post(
                    "/api/v1/submissions?fileName=\(name)",
                    headers: [("Authorization", "Bearer \(fixture.hanoi)"), ("Content-Type", type)],
                    body: .bytes(ByteBuffer(data: bytes)))
                // The two good files are Bắc Ninh's CSV (not Hà Nội's: 403) and Hà Nội's form for 2025-W47 (201).
                let expected: Set<UInt> =
                    name == "csv-semicolon-separated.csv" ? [403] : name == "xlsx-percent-typed-the-excel-way.xlsx" ? [201] : [422]
                #expect(expected.contains(answer.status), "\(name): \(answer.status) \(answer.json)")
                let health = try await server.get("/health")
                #expect(health.status == 200, "after \(name)")
            }
            // A valid upload still gets its receipt.
            let good = try await server.post(
                "/api/v1/submissions?fileName=HN.json",
                headers: [("Authorization", "Bearer \(fixture.hanoi)"), ("Content-Type", "application/json")],
                body: .bytes(reportJSON()))
            #expect(good.status == 201 && (good.json["receipt"] as? [String: Any])?["submissionId"] != nil)
        }
        // Nothing of the refused files was stored: Hà Nội has the form of 2025-W47 and the report of 2025-W46.
        #expect(try fixture.storedCount("HN") == 2)
    }

    @Test func aBodyShorterThanItsContentLengthIsAnswered408AndTheConnectionClosed() async throws {
        // The idle timeout is far longer: a connection closed before it was closed because of the 408.
        let fixture = try ServiceFixture(bodyTimeout: .seconds(1), idleTimeout: .seconds(30))
        try await LiveServer.run(fixture) { server in
            let connection = try #require(RawConnection(port: server.port))
            connection.send(
                "POST /api/v1/submissions?fileName=HN.json HTTP/1.1\r\nHost: tonghop\r\nAuthorization: Bearer \(fixture.hanoi)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"unit\": \"HN\"")
            let started = Date()
            let answer = connection.receive(for: 15)
            #expect(answer.text.hasPrefix("HTTP/1.1 408"), "\(answer.text)")
            #expect(answer.text.lowercased().contains("connection: close"))
            #expect(answer.closed, "the connection is closed after the 408, not left waiting for the rest")
            #expect(Date().timeIntervalSince(started) < 15)
            #expect(try await server.get("/health").status == 200)
        }
        #expect(try fixture.storedCount("HN") == 0)
    }

    @Test func aThousandIdleConnectionsDoNotStarveTheHealthCheckAndAreClosed() async throws {
        // Both ends of every connection are in this process: room for two thousand descriptors and more.
        var files = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files)
        files.rlim_cur = max(files.rlim_cur, min(files.rlim_max, 8192))
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files)
        let fixture = try ServiceFixture(bodyTimeout: .seconds(1), idleTimeout: .seconds(2))
        try await LiveServer.run(fixture) { server in
            var idle: [RawConnection] = []
            for i in 0..<1_000 {
                guard let connection = RawConnection(port: server.port) else { break }
                // Some say nothing, some send half a head and stop.
                if i % 2 == 1 { connection.send("GET /health HTTP/1.1\r\nHost: tonghop\r\nX-Slow: ") }
                idle.append(connection)
            }
            #expect(idle.count == 1_000)
            let started = Date()
            let health = try await server.get("/health")
            // Milliseconds on a quiet machine; the bound leaves room for a loaded one running the other tests.
            #expect(health.status == 200 && Date().timeIntervalSince(started) < 5)
            // After the idle timeout every one of them has been closed by the service.
            try await Task.sleep(for: .seconds(3))
            let closed = idle.prefix(50).filter { $0.receive(for: 0.2).closed }.count
            #expect(closed == 50)
        }
    }
}
