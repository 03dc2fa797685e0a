import Foundation
import Testing
import TonghopCore

@testable import TonghopIngest
@testable import TonghopService
@testable import TonghopStore

/// The same files get the same stored warnings however they are taken in: one by one, in batches of any size, in any
/// order of the replay log, or each stored as an upload is.
@Suite struct BatchIndependenceTests {
    static let root = templates.deletingLastPathComponent()

    /// The sample replay log's files, each at its time of receipt, oldest first; the JSON reports leave out, as units do
    /// once a task is done, most of the tasks their unit called done in an earlier file (the form lists only open ones).
    static let replay: [IncomingFile] = {
        let log = try! ReplayLog.load(path: root.appendingPathComponent("SampleReports/receipts.csv").path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-batches-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var random = Generator(state: 46)
        var done: [String: Set<String>] = [:]
        return log.entries.enumerated().map { index, entry in
            guard entry.path.hasSuffix(".json"), let data = FileManager.default.contents(atPath: entry.path),
                var json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let unit = json["unit"] as? String,
                var tasks = json["tasks"] as? [String: [String: Any]]
            else { return IncomingFile(path: entry.path, receivedAt: entry.receivedAt) }
            for task in done[unit, default: []] where Int.random(in: 0..<10, using: &random) < 7 { tasks.removeValue(forKey: task) }
            for (task, progress) in tasks where progress["status"] as? String == "completed" { done[unit, default: []].insert(task) }
            json["tasks"] = tasks
            let path = folder.appendingPathComponent("\(index)-\(unit).json")
            try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: path)
            return IncomingFile(path: path.path, receivedAt: entry.receivedAt)
        }
    }()

    /// A small deterministic generator, so that a failure names the seed that made it.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func randomBatchSizesAndOrdersGiveTheStoredWarningsOfOneByOne(_ store: StoreKind) throws {
        let files = Self.replay
        #expect(files.count > 500)
        let oneByOne = try store.make()
        for file in files { _ = try service.storing(in: oneByOne).submit([file], batchSize: 1) }
        let reference = try storedWarnings(oneByOne)
        #expect(try latestWordsAreTheNewest(oneByOne))
        let unreported = reference.values.joined().filter { $0.hasPrefix("task-unreported") }.count
        // Cà Mau never reports one task: some warnings there must be, but none for a task done in an earlier file.
        #expect(unreported > 0 && unreported < 40, "\(unreported) task-unreported warnings")

        for seed in UInt64(1)...4 {
            var random = Generator(state: seed)
            // The replay log's rows in a random order: it is taken in oldest first, whatever the order of its lines.
            let shuffled = files.shuffled(using: &random)
            let ordered = shuffled.enumerated().sorted { ($0.element.receivedAt, $0.offset) < ($1.element.receivedAt, $1.offset) }
                .map(\.element)
            let database = try store.make()
            var start = 0
            while start < ordered.count {
                // Calls of random length, each in batches of a random size.
                let count = Int.random(in: 1...300, using: &random)
                let chunk = Array(ordered[start..<min(start + count, ordered.count)])
                _ = try service.storing(in: database).submit(chunk, batchSize: Int.random(in: 1...300, using: &random))
                start += count
            }
            let warnings = try storedWarnings(database)
            #expect(warnings == reference, "seed \(seed): \(Set(warnings.keys).symmetricDifference(reference.keys).count) reports differ")
            #expect(try latestWordsAreTheNewest(database), "seed \(seed)")
        }

        // The default batch (256), as `submit --replay` takes the log: what the issue saw give 101 warnings too many.
        let defaultBatch = try store.make()
        _ = try service.storing(in: defaultBatch).submit(files, batchSize: SubmissionService.defaultBatchSize)
        #expect(try storedWarnings(defaultBatch) == reference)
        #expect(try latestWordsAreTheNewest(defaultBatch))
    }

    @Test(arguments: StoreKind.allCases)
    func aReportLeavingOutATaskDoneInAnEarlierFileOfTheSameBatchIsNotWarned(_ store: StoreKind) throws {
        // Hà Nội's week-46 report calls a task done; its week-47 report, in the same call, leaves it out.
        let week46 = Self.root.appendingPathComponent("SampleReports/province-2025-W46/HN.json").path
        let received = ISO8601.instant("2025-11-27T07:00:00+07:00")!
        let data = try Data(contentsOf: URL(fileURLWithPath: week46))
        let done = try #require(
            service.check(bytes: data, fileName: "HN.json", receivedAt: received).outcome.report?.taskProgress.first { $0.status == .completed })
        var without = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var tasks = try #require(without["tasks"] as? [String: Any])
        tasks.removeValue(forKey: done.taskId)
        without["tasks"] = tasks
        without["period"] = "2025-W47"
        let week47 = FileManager.default.temporaryDirectory.appendingPathComponent("HN-W47-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: without).write(to: week47)
        defer { try? FileManager.default.removeItem(at: week47) }

        for batchSize in [1, 2] {
            let database = try store.make()
            let verdicts = try service.storing(in: database).submit(paths: [week46, week47.path], receivedAt: received, batchSize: batchSize)
            #expect(verdicts.map(\.verdict) == [.accepted, .accepted], "\(verdicts.map(\.issues))")
            #expect(!verdicts[1].issues.contains { $0.code == .taskUnreported && $0.message.en.contains(done.taskId) }, "batch \(batchSize)")
            #expect(try storedWarnings(database).values.joined().allSatisfy { !$0.contains("(\(done.taskId))") })
        }
        // Alone, on an empty database, the week-47 report is warned of it: nothing said it was done.
        let alone = try service.storing(in: try store.make()).submit(paths: [week47.path], receivedAt: received, batchSize: 1)
        #expect(alone[0].issues.contains { $0.code == .taskUnreported && $0.message.en.contains(done.taskId) })
    }
}
