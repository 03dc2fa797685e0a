import Foundation
import Testing
import TonghopCore

@testable import TonghopIngest
@testable import TonghopService
@testable import TonghopStore
@testable import TonghopSynthesis

let samples = templates.deletingLastPathComponent().appendingPathComponent("SampleReports")

/// Submits the sample province week: every province at 07:00 except those given other times.
func submitSampleWeek(_ db: any Storage, times: [String: String] = [:], skip: Set<String> = []) throws {
    let folder = samples.appendingPathComponent("province-2025-W46")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    for file in files {
        let unit = (file as NSString).deletingPathExtension
        guard !skip.contains(unit) else { continue }
        let path = folder.appendingPathComponent(file).path
        let checked = service.check(paths: [path], receivedAt: at(times[unit] ?? "2025-11-20T07:00:00+07:00"))
        let verdict = try service.storing(in: db).store(checked, names: [path])[0]
        #expect(verdict.verdict == .accepted, "\(file): \(verdict.issues)")
    }
}

@Suite struct DeadlineTests {
    let province = catalog.schedules["province-weekly"]!

    @Test(arguments: StoreKind.allCases)
    func theStatusBoardOfTheSampleWeekSortsUnitsByState(_ store: StoreKind) throws {
        let db = try store.make()
        try submitSampleWeek(
            db, times: ["HN": "2025-11-20T07:59:59+07:00", "HP": "2025-11-20T08:00:00+07:00", "CT": "2025-11-21T10:00:00+07:00"],
            skip: ["CM", "AG"])
        let board = try StatusBoard.build(schedule: province, at: at("2025-11-21T12:00:00+07:00"), registry: catalog.registry, archive: db)
        #expect(board.periodKey == "2025-W46")
        #expect(board.counts == StatusBoard.Counts(expected: 34, onTime: 30, late: 2, missing: 2, pending: 0))
        let byCode = Dictionary(uniqueKeysWithValues: board.units.map { ($0.code, $0) })
        #expect(byCode["HN"]?.state == .onTime)
        #expect(byCode["HP"]?.state == .late)
        #expect(byCode["HP"]?.lateBySeconds == 0)
        #expect(byCode["CT"]?.lateBySeconds == Double(26 * 3600))
        #expect(byCode["CM"]?.state == .missing)
        #expect(byCode["CM"]?.overdueBySeconds == Double(28 * 3600))
        #expect(board.nextDeadline.periodKey == "2025-W47")
        #expect(board.nextDeadline.secondsLeft == 6 * 86_400 - 4 * 3600)
    }

    /// A unit's first and current reports by when they were received, whatever order they were stored in: a replayed
    /// report received before the one stored ahead of it, two received at the same instant (the last stored counts), one
    /// received after the instant looked from.
    @Test(arguments: StoreKind.allCases)
    func theFirstAndCurrentReportsGoByReceiptWhateverTheOrderStored(_ store: StoreKind) throws {
        let db = try store.make()
        let folder = samples.appendingPathComponent("province-2025-W46")
        func submit(_ file: String, at instant: String, spaces: Int) throws -> Int64 {
            // Other bytes, the same report: stored as a report of its own.
            let bytes = try Data(contentsOf: folder.appendingPathComponent(file)) + Data(repeating: UInt8(ascii: " "), count: spaces)
            let checked = service.check(bytes: bytes, fileName: file, receivedAt: at(instant))
            let verdict = try service.storing(in: db).store([checked], names: [file])[0]
            return try #require(verdict.receipt?.submissionId, "\(verdict.issues)")
        }
        let hanoi = try submit("HN.json", at: "2025-11-19T10:00:00+07:00", spaces: 0)
        _ = try submit("HN.json", at: "2025-11-18T09:00:00+07:00", spaces: 1)
        _ = try submit("CT.json", at: "2025-11-19T07:00:00+07:00", spaces: 0)
        let canTho = try submit("CT.json", at: "2025-11-19T07:00:00+07:00", spaces: 1)
        // In SQLite's index, reports received at the same instant come by template version before id: the one stored last
        // put first, so that the last row read is not the one that counts.
        if let sqlite = db as? TonghopDatabase {
            try sqlite.writer.write { try $0.execute(sql: "UPDATE submission SET templateVersion = '1.0' WHERE id = ?", arguments: [canTho]) }
        }
        _ = try submit("HUE.json", at: "2025-11-21T07:00:00+07:00", spaces: 0)
        let times = try db.reportTimes(schedule: "province-weekly", period: "2025-W46", asOf: at("2025-11-20T09:00:00+07:00"))
        #expect(
            times["HN"]
                == UnitReportTimes(
                    unitCode: "HN", firstReceivedAt: at("2025-11-18T09:00:00+07:00"), currentSubmissionId: hanoi,
                    currentReceivedAt: at("2025-11-19T10:00:00+07:00"), submissionCount: 2))
        #expect(
            times["CT"]
                == UnitReportTimes(
                    unitCode: "CT", firstReceivedAt: at("2025-11-19T07:00:00+07:00"), currentSubmissionId: canTho,
                    currentReceivedAt: at("2025-11-19T07:00:00+07:00"), submissionCount: 2))
        #expect(times["HUE"] == nil && times.count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func theBoardAtAnEarlierInstantIgnoresLaterReports(_ store: StoreKind) throws {
        let db = try store.make()
        try submitSampleWeek(db, times: ["CT": "2025-11-21T10:00:00+07:00"])
        let period = try province.period(forKey: "2025-W46").get()
        let before = try StatusBoard.build(
            schedule: province, period: period, at: at("2025-11-20T09:00:00+07:00"), registry: catalog.registry, archive: db)
        #expect(before.counts.missing == 1)
        let during = try StatusBoard.build(
            schedule: province, period: period, at: at("2025-11-19T12:00:00+07:00"), registry: catalog.registry, archive: db)
        #expect(during.counts.pending == 34)
    }

    @Test(arguments: StoreKind.allCases)
    func lateFlagsOnceAndResolvesWhenTheReportArrives(_ store: StoreKind) throws {
        let db = try store.make()
        try submitSampleWeek(db, skip: ["CM", "AG"])
        let since = LocalDate(year: 2025, month: 11, day: 13)
        let first = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T08:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(Set(first.newlyFlagged.map(\.unitCode)) == ["CM", "AG"])
        #expect(first.newlyFlagged.allSatisfy { $0.periodKey == "2025-W46" && $0.flaggedAt == at("2025-11-20T08:00:00+07:00") })
        // A second run flags nothing twice.
        let second = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T09:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(second.newlyFlagged.isEmpty)
        #expect(second.outstanding.count == 2)
        // CM reports late: its flag is resolved, keeping both times; AG stays outstanding.
        let cm = samples.appendingPathComponent("province-2025-W46/CM.csv").path
        let verdict = try service.storing(in: db).store(service.check(paths: [cm], receivedAt: at("2025-11-20T10:15:00+07:00")), names: [cm])[0]
        #expect(verdict.verdict == .accepted)
        let third = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T11:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(third.outstanding.map(\.unitCode) == ["AG"])
        let flags = try db.lateFlags()
        let cmFlag = try #require(flags.first { $0.unitCode == "CM" })
        #expect(cmFlag.flaggedAt == at("2025-11-20T08:00:00+07:00"))
        #expect(cmFlag.resolvedAt == at("2025-11-20T10:15:00+07:00"))
        #expect(flags.count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func anOverdueTaskIsFlaggedOnceAndResolvedWhenReportedDone(_ store: StoreKind) throws {
        let db = try store.make()
        try submitSampleWeek(db)
        let since = LocalDate(year: 2025, month: 11, day: 13)
        // Hải Phòng reports Conclusion 183's settling of policies (due 31/08/2025) still in progress.
        let first = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T09:00:00+07:00"), since: since)
        let hp = try #require(first.tasks.newlyFlagged.first { $0.unitCode == "HP" && $0.taskId == "kl183-settle-policies" })
        #expect(hp.deadline == at("2025-09-01T00:00:00+07:00") && hp.flaggedAt == at("2025-11-20T09:00:00+07:00"))
        #expect(first.tasks.outstanding.count == first.tasks.newlyFlagged.count)
        // A second run flags nothing twice; a run limited to one schedule leaves the tasks alone.
        let second = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T10:00:00+07:00"), since: since)
        #expect(second.tasks.newlyFlagged.isEmpty && second.tasks.outstanding.count == first.tasks.outstanding.count)
        // Read back from the store, the flag is the one raised: its deadline, the time it was raised, still open.
        #expect(second.tasks.outstanding.first { $0.unitCode == "HP" && $0.taskId == "kl183-settle-policies" } == hp)
        let limited = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T10:30:00+07:00"), since: since, schedule: "monthly")
        #expect(limited.tasks.outstanding.isEmpty && limited.tasks.newlyFlagged.isEmpty)
        // Hải Phòng corrects its report: done on 15/11/2025. The flag is resolved with the report's time, never deleted.
        let csv = String(decoding: try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/HP.csv")), as: UTF8.self)
            .replacingOccurrences(
                of: "task,kl183-settle-policies.status,in-progress",
                with: "task,kl183-settle-policies.status,completed\ntask,kl183-settle-policies.completedOn,2025-11-15")
        let checked = service.check(bytes: Data(csv.utf8), fileName: "HP.csv", receivedAt: at("2025-11-20T10:45:00+07:00"))
        #expect(try service.storing(in: db).store([checked], names: ["HP.csv"])[0].verdict == .superseding)
        let third = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T11:00:00+07:00"), since: since)
        let resolved = try #require(third.tasks.newlyResolved.first { $0.unitCode == "HP" })
        #expect(resolved.resolvedAt == at("2025-11-20T10:45:00+07:00") && resolved.flaggedAt == at("2025-11-20T09:00:00+07:00"))
        #expect(resolved.deadline == hp.deadline && resolved.taskId == hp.taskId)
        #expect(!third.tasks.outstanding.contains { $0.unitCode == "HP" && $0.taskId == "kl183-settle-policies" })
        #expect(third.tasks.outstanding.count == first.tasks.outstanding.count - 1)
        // As of before the correction, Hải Phòng's word is still the first report's (read from the history); after, the new one.
        func word(_ instant: String) throws -> TaskStatus? {
            try db.taskReports(receivedBy: at(instant), unit: "HP").first { $0.progress.taskId == "kl183-settle-policies" }?.progress.status
        }
        #expect(try word("2025-11-20T10:00:00+07:00") == .inProgress && word("2025-11-20T10:45:00+07:00") == .completed)
        #expect(try db.taskReports(receivedBy: at("2025-11-20T10:00:00+07:00")).filter { $0.unitCode == "HP" }.count == 5)
        // Each filter alone and both together (the store writes only the filters asked for, in that order).
        let oneTask = ["kl183-settle-policies"]
        let hpOnOneTask = try db.taskReports(receivedBy: at("2025-11-20T11:00:00+07:00"), unit: "HP", tasks: oneTask)
        #expect(hpOnOneTask.map(\.unitCode) == ["HP"] && hpOnOneTask.map(\.progress.status) == [.completed])
        let everyoneOnOneTask = try db.taskReports(receivedBy: at("2025-11-20T11:00:00+07:00"), unit: nil, tasks: oneTask)
        #expect(everyoneOnOneTask.count > 1 && everyoneOnOneTask.allSatisfy { $0.progress.taskId == oneTask[0] })
        #expect(try db.taskReports(receivedBy: at("2025-11-20T10:00:00+07:00"), unit: "HP", tasks: oneTask).map(\.progress.status) == [.inProgress])
    }

    @Test(arguments: StoreKind.allCases)
    func aLaterRunTheSameDayFlagsATaskWhoseDeadlineCameInBetween(_ store: StoreKind) throws {
        let db = try store.make()
        try submitSampleWeek(db)
        let since = LocalDate(year: 2025, month: 11, day: 13)
        // A task due at noon on the day of the runs, of every province; nobody has said a word on it.
        var changed = catalog
        let noon = AssignedTask(
            id: "test-noon", directiveId: catalog.tasks.directives[0].id, text: "Báo cáo trước 12 giờ",
            assignees: Assignees(schedules: ["province-weekly"]),
            deadline: TaskDeadline(day: LocalDate(year: 2025, month: 11, day: 20), minutes: 720),
            product: "Báo cáo", assignedOn: LocalDate(year: 2025, month: 11, day: 1))
        changed.tasks = TaskRegister(directives: catalog.tasks.directives, tasks: catalog.tasks.tasks + [noon])
        let first = try LateCheck(catalog: changed, storage: db).run(at: at("2025-11-20T09:00:00+07:00"), since: since)
        #expect(!first.tasks.outstanding.contains { $0.taskId == "test-noon" })
        let before = try LateCheck(catalog: changed, storage: db).run(at: at("2025-11-20T11:59:59+07:00"), since: since)
        #expect(before.tasks.newlyFlagged.isEmpty && before.tasks.outstanding == first.tasks.outstanding)
        // At 12:00:00 it is overdue for each of the 34 provinces: the run looks at it though it looks at nothing else.
        let after = try LateCheck(catalog: changed, storage: db).run(at: at("2025-11-20T12:00:00+07:00"), since: since)
        #expect(after.tasks.newlyFlagged.count == 34 && after.tasks.newlyFlagged.allSatisfy { $0.taskId == "test-noon" })
        #expect(after.tasks.outstanding.count == first.tasks.outstanding.count + 34)
        #expect(try db.taskCheckMark().mark?.checkedAt == at("2025-11-20T12:00:00+07:00"))
    }

    @Test(arguments: StoreKind.allCases)
    func aRunThatAnotherRunOverlappedLeavesNoMarkSoTheNextWeighsEverything(_ store: StoreKind) throws {
        let db = try store.make()
        func mark(_ instant: String) -> TaskCheckMark { TaskCheckMark(digest: "d", checkedAt: at(instant), throughSubmissionId: 0) }
        _ = try db.recordTaskFlags(
            overdue: [], completed: [], at: at("2025-11-20T09:30:00+07:00"), mark: mark("2025-11-20T09:30:00+07:00"), replacing: nil)
        #expect(try db.taskCheckMark().mark == mark("2025-11-20T09:30:00+07:00"))
        // Two runs start from the 09:30 mark; the one at 09:05 ends first and leaves its own.
        let started = try db.taskCheckMark().mark
        _ = try db.recordTaskFlags(
            overdue: [], completed: [], at: at("2025-11-20T09:05:00+07:00"), mark: mark("2025-11-20T09:05:00+07:00"), replacing: started)
        #expect(try db.taskCheckMark().mark == mark("2025-11-20T09:05:00+07:00"))
        // The one at 10:00 did not weigh what the other flagged: it leaves no mark, and the next run weighs every pair.
        _ = try db.recordTaskFlags(
            overdue: [], completed: [], at: at("2025-11-20T10:00:00+07:00"), mark: mark("2025-11-20T10:00:00+07:00"), replacing: started)
        #expect(try db.taskCheckMark().mark == nil)
    }

    /// The digests' texts as they were first written, fields joined by tabs: a mark left by an earlier release must still
    /// be found to hold after the digests were written field by field.
    @Test func theDigestsAreTheTextsTheEarlierReleasesHashed() throws {
        func line(_ fields: [String]) -> String { fields.joined(separator: "\t") + "\n" }
        var tasks = catalog.tasks.tasks
        // One task without a deadline and one without an hour, of units, kinds and schedules at once.
        tasks[0].deadline = nil
        tasks[1].deadline = TaskDeadline(day: LocalDate(year: 2025, month: 12, day: 31), minutes: nil)
        tasks[1].assignees = Assignees(units: ["HN", "HP"], kinds: [.province, .city], schedules: ["province-weekly", "ministry-weekly"])
        let register = TaskRegister(directives: catalog.tasks.directives, tasks: tasks)
        var units = catalog.registry.units
        units[0].validTo = LocalDate(year: 2025, month: 6, day: 30)
        let registry = UnitRegistry(version: catalog.registry.version, units: units)
        var taskText = "tasks 1\n"
        for task in register.tasks {
            taskText += line([
                task.id, task.assignedOn.description, task.deadline.map { "\($0.day) \($0.minutes ?? -1)" } ?? "",
                task.assignees.units.joined(separator: ","), task.assignees.kinds.map(\.rawValue).joined(separator: ","),
                task.assignees.schedules.joined(separator: ","),
            ])
        }
        for unit in registry.units {
            taskText += line([
                unit.code, unit.kind.rawValue, unit.scheduleIds.joined(separator: ","), unit.validFrom.description,
                unit.validTo?.description ?? "",
            ])
        }
        #expect(LateCheck.taskDigest(register, registry) == sha256Hex(Data(taskText.utf8)))
        for schedule in catalog.schedules.values {
            let reporting = registry.units.indices.filter { registry.units[$0].reports(on: schedule.id) }
            var text: String
            switch schedule.periodType {
            case .weekly(let startsOn): text = "weekly from \(startsOn.rawValue)\n"
            case .monthly(let closesOnDay): text = "monthly to day \(closesOnDay)\n"
            }
            for unit in reporting.map({ registry.units[$0] }) {
                text += line([unit.code, unit.scheduleIds.joined(separator: ","), unit.validFrom.description, unit.validTo?.description ?? ""])
            }
            #expect(!reporting.isEmpty)
            #expect(LateCheck.registryDigest(registry, units: reporting, periodType: schedule.periodType) == sha256Hex(Data(text.utf8)))
        }
    }

    @Test(arguments: StoreKind.allCases)
    func theUnitsWithNewWordsAreThoseStoredSinceOnlyWhileNoWordStoredBeforeCameAfterTheMark(_ store: StoreKind) throws {
        let db = try store.make()
        try submitSampleWeek(db)
        let since = LocalDate(year: 2025, month: 11, day: 13)
        func resend(_ file: String, at instant: String) throws {
            let original = try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/\(file)"))
            let checked = service.check(bytes: original + Data("\n".utf8), fileName: file, receivedAt: at(instant))
            #expect(try service.storing(in: db).store([checked], names: [file])[0].verdict == .superseding)
        }
        /// What the SQLite store kept of when the words it had read were received (nil: none kept, or the other store).
        func kept() throws -> String? {
            try (db as? TonghopDatabase)?.writer.read { try String.fetchOne($0, sql: "SELECT wordsReceivedBy FROM taskCheckMark") }
        }
        _ = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T09:00:00+07:00"), since: since)
        let nine = try #require(try db.taskCheckMark().mark)
        #expect(try db.unitsWithTaskWords(since: nine).isEmpty)
        if store == .sqlite { #expect(try kept() == "2025-11-20 00:00:00.000") }
        try resend("HP.csv", at: "2025-11-20T15:30:00+07:00")
        #expect(try db.unitsWithTaskWords(since: nine) == ["HP"])
        // Can Thơ's report replayed with a receipt of the next day, stored before the 16:00 run: its word came after that
        // run's instant, and a run after the next day's 10:00 must weigh it though no submission was stored since.
        try resend("CT.json", at: "2025-11-21T10:00:00+07:00")
        if let sqlite = db as? TonghopDatabase {
            // An earlier release, which can still open the database, moves the mark to 16:00 and the newest submission and
            // leaves the instant as it was, kept for the 09:00 mark's newest: it holds for that one only.
            try sqlite.writer.write {
                try $0.execute(
                    sql: "UPDATE taskCheckMark SET throughSubmissionId = (SELECT max(id) FROM submission), checkedAt = '2025-11-20 09:00:00.000'")
            }
            let moved = try #require(try db.taskCheckMark().mark)
            #expect(moved.throughSubmissionId > nine.throughSubmissionId)
            #expect(try db.unitsWithTaskWords(since: moved) == ["CT"])
        }
        _ = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T16:00:00+07:00"), since: since)
        let four = try #require(try db.taskCheckMark().mark)
        if store == .sqlite { #expect(try kept() == "2025-11-21 03:00:00.000") }
        #expect(try db.unitsWithTaskWords(since: four) == ["CT"])
        // A mark left before the instant was kept (the column empty) is answered by reading every word, as before.
        if let sqlite = db as? TonghopDatabase {
            try sqlite.writer.write { try $0.execute(sql: "UPDATE taskCheckMark SET wordsReceivedBy = NULL, wordsThroughSubmissionId = NULL") }
            #expect(try db.unitsWithTaskWords(since: four) == ["CT"])
        }
        // The next day's first run weighs every pair; from its mark (10:00 is before its instant) only what is stored next counts.
        _ = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-21T12:00:00+07:00"), since: since)
        let noon = try #require(try db.taskCheckMark().mark)
        if store == .sqlite { #expect(try kept() == "2025-11-21 03:00:00.000") }
        #expect(try db.unitsWithTaskWords(since: noon).isEmpty)
        try resend("HN.json", at: "2025-11-21T12:30:00+07:00")
        #expect(try db.unitsWithTaskWords(since: noon) == ["HN"])
    }

    @Test func aLaterRunTheSameDayWeighsOnlyWhatChangedAndTheNextDayEverything() throws {
        let db = try TonghopDatabase.inMemory()
        try submitSampleWeek(db)
        let since = LocalDate(year: 2025, month: 11, day: 13)
        let first = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T09:00:00+07:00"), since: since)
        #expect(first.tasks.newlyFlagged.contains { $0.unitCode == "HP" && $0.taskId == "kl183-settle-policies" })
        // A flag taken away by hand shows which (task, unit) a run weighs.
        func dropFlag() throws {
            try db.writer.write {
                try $0.execute(sql: "DELETE FROM taskFlag WHERE unitCode = 'HP' AND taskId = 'kl183-settle-policies'")
            }
        }
        try dropFlag()
        let same = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T15:00:00+07:00"), since: since)
        #expect(same.tasks.newlyFlagged.isEmpty, "nothing changed for Hải Phòng since 09:00")
        // A word from Hải Phòng (its report sent again, a new submission) has its tasks weighed again.
        let original = try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/HP.csv"))
        let checked = service.check(bytes: original + Data("\n".utf8), fileName: "HP.csv", receivedAt: at("2025-11-20T15:30:00+07:00"))
        #expect(try service.storing(in: db).store([checked], names: ["HP.csv"])[0].verdict == .superseding)
        let word = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T16:00:00+07:00"), since: since)
        #expect(word.tasks.newlyFlagged.map(\.unitCode) == ["HP"])
        // The next day every pair is weighed again, as by the first run.
        try dropFlag()
        let next = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-21T09:00:00+07:00"), since: since)
        #expect(next.tasks.newlyFlagged.map(\.unitCode) == ["HP"])
        // So is every pair at an earlier instant than the last run's, and after the register changed.
        try dropFlag()
        let earlier = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-21T08:00:00+07:00"), since: since)
        #expect(earlier.tasks.newlyFlagged.map(\.unitCode) == ["HP"])
        try dropFlag()
        var changed = catalog
        changed.tasks = TaskRegister(directives: catalog.tasks.directives, tasks: catalog.tasks.tasks.dropLast())
        let edited = try LateCheck(catalog: changed, storage: db).run(at: at("2025-11-21T08:30:00+07:00"), since: since)
        #expect(edited.tasks.newlyFlagged.map(\.unitCode) == ["HP"])
    }

    @Test(arguments: StoreKind.allCases)
    func theLateCheckFindsTheMissingAmongRepeatedReportsAndPeriodsWithoutAny(_ store: StoreKind) throws {
        let db = try store.make()
        try submitSampleWeek(db, skip: ["CM", "AG"])
        // Hà Nội sends a correction: two reports of one unit must not hide the next unit's absence.
        let original = try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/HN.json"))
        let checked = service.check(bytes: original + Data("\n".utf8), fileName: "HN.json", receivedAt: at("2025-11-20T07:30:00+07:00"))
        #expect(try service.storing(in: db).store([checked], names: ["HN.json"])[0].verdict == .superseding)
        let w45 = try province.period(forKey: "2025-W45").get(), w46 = try province.period(forKey: "2025-W46").get()
        let provinces = catalog.registry.expectedUnits(for: w46).map(\.code)
        // Codes sorting before and after every real one, expected but never reported.
        let result = try db.recordLateFlags(
            expected: [
                (w45, province.onTimeLimit(of: w45), provinces),
                (w46, province.onTimeLimit(of: w46), ["AAA"] + provinces + ["ZZZ"]),
            ],
            at: at("2025-11-20T09:00:00+07:00"))
        let flagged = Dictionary(grouping: result.newlyFlagged, by: \.periodKey).mapValues { Set($0.map(\.unitCode)) }
        #expect(flagged["2025-W45"] == Set(provinces), "no report at all for W45")
        #expect(flagged["2025-W46"] == ["AAA", "AG", "CM", "ZZZ"])
        #expect(result.outstanding.count == 38)
    }

    @Test func aLaterRunLooksOnlyAtNewPeriodsUnlessTheRegistryChangedOrItRunsEarlier() throws {
        let db = try TonghopDatabase.inMemory()
        let since = LocalDate(year: 2025, month: 10, day: 30)
        let first = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T09:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(Set(first.newlyFlagged.map(\.periodKey)) == ["2025-W44", "2025-W45", "2025-W46"])
        #expect(try db.lateCheckMarks()["province-weekly"]?.throughFirstDay == LocalDate(year: 2025, month: 11, day: 13))
        // A flag of an old period taken away by hand shows which periods a run looks at.
        func dropHanoiW44() throws {
            try db.writer.write { try $0.execute(sql: "DELETE FROM lateFlag WHERE unitCode = 'HN' AND periodKey = '2025-W44'") }
        }
        try dropHanoiW44()
        let next = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-27T09:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(Set(next.newlyFlagged.map(\.periodKey)) == ["2025-W47"], "only the week closed since the last run")
        #expect(next.outstanding.count == 4 * 34 - 1)

        // A run at an earlier instant checks everything again, as the first run did.
        let earlier = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-21T09:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(earlier.newlyFlagged.map(\.unitCode) == ["HN"])

        // So does a run after the registry changed: a unit added with a past start is flagged for every past week.
        try dropHanoiW44()
        _ = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-27T09:00:00+07:00"), since: since, schedule: "province-weekly")
        var changed = catalog
        changed.registry = UnitRegistry(
            version: "test",
            units: catalog.registry.units + [
                ReportingUnit(
                    code: "NEW", name: "Tỉnh mới", nameEn: nil, kind: .province, scheduleIds: ["province-weekly"],
                    validFrom: LocalDate(year: 2025, month: 7, day: 1), validTo: nil)
            ])
        let after = try LateCheck(catalog: changed, storage: db).run(at: at("2025-11-27T10:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(Set(after.newlyFlagged.map(\.unitCode)) == ["NEW", "HN"])
        #expect(after.newlyFlagged.filter { $0.unitCode == "NEW" }.count == 4)
    }

    @Test(arguments: StoreKind.allCases)
    func aReplayedReportResolvesAFlagAtItsOwnTime(_ store: StoreKind) throws {
        let db = try store.make()
        let since = LocalDate(year: 2025, month: 11, day: 13)
        _ = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-20T08:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(try db.lateFlags().count == 34)
        try submitSampleWeek(db, times: [:])
        let after = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-21T08:00:00+07:00"), since: since, schedule: "province-weekly")
        #expect(after.outstanding.isEmpty)
        #expect(try db.lateFlags().allSatisfy { $0.resolvedAt == at("2025-11-20T07:00:00+07:00") })
    }

    @Test(arguments: StoreKind.allCases)
    func receiptsSayWhetherTheReportWasOnTime(_ store: StoreKind) throws {
        let db = try store.make()
        let path = samples.appendingPathComponent("province-2025-W46/HN.json").path
        let onTime = try service.storing(in: db).store(service.check(paths: [path], receivedAt: at("2025-11-20T07:59:59+07:00")), names: [path])[0]
        #expect(onTime.receipt?.onTime == true)
        let late = try service.storing(in: TonghopDatabase.inMemory()).store(
            service.check(paths: [path], receivedAt: at("2025-11-20T08:00:00+07:00")), names: [path])[0]
        #expect(late.receipt?.onTime == false)
        #expect(late.receipt?.onTimeLimit == at("2025-11-20T08:00:00+07:00"))
    }
}
