import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TonghopServer
import TonghopService
import TonghopStore
import TonghopTestSupport

/// Many provinces uploading at once, over real connections to a WAL database file, as on a Thursday morning.
@Suite struct ConcurrentUploadTests {
    @Test func twoHundredConcurrentUploadsFromThe34ProvincesAreAllStoredOnce() async throws {
        let fixture = try ServiceFixture(onDisk: true)
        let registry = shippedCatalog.registry
        let provinces = registry.units.filter { $0.scheduleIds.contains("province-weekly") }.map(\.code)
        #expect(provinces.count == 34)
        let tokens = AccessTokens(database: fixture.database)
        var tokenOf: [String: String] = [:]
        for code in provinces {
            tokenOf[code] = try tokens.issue(role: .unit(code), label: "", registry: registry, at: ServiceFixture.now).token
        }
        // 200 different reports: each province for up to six weeks, 2025-W40 to 2025-W45.
        let uploads = (0..<200).map { i in (unit: provinces[i % 34], period: "2025-W\(40 + i / 34)") }
        let sent = uploads.map { upload in (upload.unit, upload.period, tokenOf[upload.unit]!, reportJSON(unit: upload.unit, period: upload.period)) }

        // Two hundred connections at once, each with its own upload.
        let receipts = try await LiveServer.run(fixture, connections: 200) { server in
            try await withThrowingTaskGroup(of: (String, String, UInt, Int?).self) { group in
                for (unit, period, token, body) in sent {
                    group.addTask {
                        let response = try await server.post(
                            "/api/v1/submissions?fileName=\(unit)-\(period).json",
                            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                            body: .bytes(body))
                        return (unit, period, response.status, (response.json["receipt"] as? [String: Any])?["submissionId"] as? Int)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(receipts.count == 200)
        #expect(receipts.allSatisfy { $0.2 == 201 }, "\(receipts.filter { $0.2 != 201 }.prefix(3))")
        #expect(Set(receipts.compactMap(\.3)).count == 200, "every upload has its own submission")

        // The database holds exactly those 200, once each, under the right unit and period.
        var stored: [String: Int] = [:]
        for code in provinces {
            for entry in try fixture.database.history(unit: code) {
                stored["\(entry.unitCode) \(entry.periodKey)", default: 0] += 1
                #expect(entry.supersededById == nil)
            }
        }
        #expect(stored.count == 200)
        #expect(stored.values.allSatisfy { $0 == 1 })
        #expect(Set(stored.keys) == Set(uploads.map { "\($0.unit) \($0.period)" }))
    }

    @Test func aSubmissionStillArrivingWhenTheServerIsToldToStopIsStoredAndAnswered() async throws {
        let fixture = try ServiceFixture(onDisk: true)
        let report = reportJSON()
        let half = report.readableBytes / 2
        let (chunks, sink) = AsyncStream.makeStream(of: ByteBuffer.self)
        let status = try await LiveServer.run(fixture) { server in
            async let answer = server.post(
                "/api/v1/submissions", headers: [("Authorization", "Bearer \(fixture.hanoi)"), ("Content-Type", "application/json")],
                body: .stream(chunks, length: .known(Int64(report.readableBytes))))
            sink.yield(report.getSlice(at: 0, length: half)!)
            // Let the first half reach the server, then stop it as SIGTERM would, and only then send the rest.
            try await Task.sleep(for: .milliseconds(300))
            await server.group.triggerGracefulShutdown()
            try await Task.sleep(for: .milliseconds(300))
            sink.yield(report.getSlice(at: half, length: report.readableBytes - half)!)
            sink.finish()
            return try await answer.status
        }
        #expect(status == 201)
        #expect(try fixture.storedCount("HN") == 1)
    }
}
