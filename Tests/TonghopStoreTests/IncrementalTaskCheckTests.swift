import Foundation
import Testing
import TonghopCore

@testable import TonghopService

/// The late check's incremental look at tasks (a later run the same day weighs only what changed) flags and resolves
/// exactly what a check weighing every pair does, over random days of reports and runs.
@Suite struct IncrementalTaskCheckTests {
    /// The sample week's JSON reports, as sent.
    static let reports: [Data] = {
        let folder = samples.appendingPathComponent("province-2025-W46")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().compactMap { try? Data(contentsOf: folder.appendingPathComponent($0)) }
    }()

    /// The sample register with three tasks of every province due during the day of the runs.
    static let day = LocalDate(year: 2025, month: 11, day: 20)
    static let withTasksDueToday: Catalog = {
        var changed = catalog
        let due = ([600, 780, 990] as [Int]).map { minutes in
            AssignedTask(
                id: "test-due-\(minutes)", directiveId: catalog.tasks.directives[0].id, text: "Nhiệm vụ thử",
                assignees: Assignees(schedules: ["province-weekly"]),
                deadline: TaskDeadline(day: day, minutes: minutes), product: "Báo cáo", assignedOn: LocalDate(year: 2025, month: 11, day: 1))
        }
        changed.tasks = TaskRegister(directives: catalog.tasks.directives, tasks: catalog.tasks.tasks + due)
        return changed
    }()

    @Test(arguments: zip([StoreKind.memory, .memory, .memory, .sqlite], [1, 2, 3, 4] as [UInt64]))
    func theIncrementalCheckFlagsWhatACheckOfEveryPairFlags(_ store: StoreKind, _ seed: UInt64) throws {
        let incremental = try store.make(), everyPair = try store.make()
        // The same catalog with the registry in reverse order: its digest differs, so a run alternating the two never
        // finds its own mark and weighs every pair.
        var reversed = Self.withTasksDueToday
        reversed.registry = UnitRegistry(version: reversed.registry.version, units: reversed.registry.units.reversed())
        var random = BatchIndependenceTests.Generator(state: seed)
        let since = LocalDate(year: 2025, month: 11, day: 13)
        var now = VietnamTime.instant(Self.day, minutes: 8 * 60)
        var runs = 0
        let desk = SubmissionService(catalog: Self.withTasksDueToday)
        for _ in 0..<80 {
            if Int.random(in: 0..<10, using: &random) < 6 {
                var report = try #require(
                    try JSONSerialization.jsonObject(with: Self.reports[Int.random(in: 0..<Self.reports.count, using: &random)]) as? [String: Any])
                var tasks = report["tasks"] as? [String: Any] ?? [:]
                for id in ["test-due-600", "test-due-780", "test-due-990"] { tasks[id] = [:] as [String: Any] }
                for id in tasks.keys.sorted() {
                    // Every task named (leaving one out is an error for some directives), in progress or done.
                    tasks[id] =
                        Bool.random(using: &random)
                        ? ["status": "in-progress"]
                        : ["status": "completed", "completedOn": "2025-11-1\(Int.random(in: 2...9, using: &random))", "product": "Sản phẩm"]
                }
                report["tasks"] = tasks
                let bytes = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
                // Received before or after the last run's instant, as replays and uploads come.
                let receivedAt = now.addingTimeInterval(Double(Int.random(in: -180...60, using: &random)) * 60)
                let checked = desk.check(bytes: bytes, fileName: "report.json", receivedAt: receivedAt)
                for db in [incremental, everyPair] {
                    let verdict = try desk.storing(in: db).store([checked], names: ["report.json"])[0]
                    #expect(verdict.verdict != .rejected, "\(verdict.issues.map(\.message))")
                }
            } else {
                switch Int.random(in: 0..<20, using: &random) {
                case 0: now = now.addingTimeInterval(-3600)
                case 1: now = now.addingTimeInterval(86_400)
                default: now = now.addingTimeInterval(Double(Int.random(in: 0...120, using: &random)) * 60)
                }
                runs += 1
                let a = try LateCheck(catalog: Self.withTasksDueToday, storage: incremental).run(at: now, since: since).tasks
                let b = try LateCheck(catalog: runs % 2 == 0 ? Self.withTasksDueToday : reversed, storage: everyPair).run(at: now, since: since).tasks
                func pairs(_ flags: [TaskFlag]) -> Set<String> { Set(flags.map { "\($0.taskId) \($0.unitCode)" }) }
                #expect(pairs(a.newlyFlagged) == pairs(b.newlyFlagged), "run \(runs) at \(now)")
                #expect(pairs(a.newlyResolved) == pairs(b.newlyResolved), "run \(runs) at \(now)")
                #expect(pairs(a.outstanding) == pairs(b.outstanding), "run \(runs) at \(now)")
            }
        }
        #expect(runs > 20)
    }
}
