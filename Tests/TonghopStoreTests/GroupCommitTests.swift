import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest
@testable import TonghopService
@testable import TonghopStore

/// Uploads that arrive together are stored together, each answered with its own verdict once its commit is done.
@Suite struct GroupCommitTests {
    static let week = templates.deletingLastPathComponent().appendingPathComponent("SampleReports/province-2025-W46")

    @Test(arguments: StoreKind.allCases)
    func concurrentUploadsAreEachStoredOnceWithTheirOwnVerdict(_ store: StoreKind) async throws {
        let database = try store.make()
        let commit = GroupCommit(service: service.storing(in: database))
        let received = ISO8601.instant("2025-11-20T07:00:00+07:00")!
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.week.path).sorted()
        let files = try names.map { ($0, try Data(contentsOf: Self.week.appendingPathComponent($0))) }
        #expect(files.count == 34)
        // Every file twice, all at once: one of each pair is accepted, the other is its duplicate.
        let verdicts = try await withThrowingTaskGroup(of: FileVerdict.self) { group in
            for (name, data) in files + files {
                group.addTask { try await commit.store(service.check(bytes: data, fileName: name, receivedAt: received), name: name) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(verdicts.count == 68)
        for name in names {
            let mine = verdicts.filter { $0.file == name }.map(\.verdict).sorted { $0.rawValue < $1.rawValue }
            #expect(mine == [.accepted, .duplicate], "\(name): \(mine)")
        }
        var stored = 0
        for unit in shippedCatalog.registry.units { stored += try database.history(unit: unit.code).count }
        #expect(stored == 34)
        // A rejected file is answered without the database.
        let rejected = try await commit.store(service.check(bytes: Data("{".utf8), fileName: "x.json", receivedAt: received), name: "x.json")
        #expect(rejected.verdict == .rejected && rejected.receipt == nil)
    }
}
