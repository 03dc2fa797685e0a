import Foundation
import GRDB
import Testing
import TonghopCore

@testable import TonghopIngest
@testable import TonghopService
@testable import TonghopStore

let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Templates")
let catalog = try! CatalogLoader.load(directory: templates)
let service = SubmissionService(catalog: catalog)
/// For the reports written here by hand, which say nothing of tasks: without the register, which would warn of each one.
let serviceWithoutTasks: SubmissionService = {
    var plain = catalog
    plain.tasks = TaskRegister()
    return SubmissionService(catalog: plain)
}()

func report(unit: String = "HN", recruited: Int = 10, obstacles: Int = 2, optional: [String: String] = [:]) -> String {
    let template = catalog.template("province-weekly", version: "1.1")!
    var values: [String] = []
    for c in template.criteria where c.required {
        let v: String =
            switch c.type {
            case .integer: c.id == "hr.recruited" ? "\(recruited)" : c.id == "dc.tasks_with_obstacles" ? "\(obstacles)" : "10"
            case .yesNo: "true"
            case .choice: "\"\(c.choices[0])\""
            default: "\"x\""
            }
        values.append("\"\(c.id)\": \(v)")
    }
    values += optional.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
    return """
        {"unit": "\(unit)", "period": "2025-W46", "template": "province-weekly", "templateVersion": "1.1",
         "values": {\(values.joined(separator: ", "))},
         "results": {"general": "Ổn định."}, "difficulties": [{"field": "land", "text": "Thiếu cán bộ."}],
         "recommendations": [{"addressee": "government", "text": "Đề nghị."}]}
        """
}

func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

func submit(_ text: String, _ db: any Storage, name: String = "r.json", at time: String = "2025-11-20T07:00:00+07:00") throws -> FileVerdict {
    let checked = serviceWithoutTasks.check(bytes: Data(text.utf8), fileName: name, receivedAt: at(time))
    return try serviceWithoutTasks.storing(in: db).store([checked], names: [name])[0]
}

@Suite struct StoreTests {
    @Test(arguments: StoreKind.allCases)
    func anAcceptedReportIsStoredWholeWithItsRawFile(_ store: StoreKind) throws {
        let db = try store.make()
        let text = report()
        let verdict = try submit(text, db)
        #expect(verdict.verdict == .accepted)
        let receipt = try #require(verdict.receipt)
        #expect(receipt.templateVersion == "1.1")
        #expect(receipt.receivedAt == at("2025-11-20T07:00:00+07:00"))
        #expect(try db.rawFile(sha256: receipt.sha256) == Data(text.utf8))
        #expect(receipt.sha256 == ReceivedFile(fileName: "x", bytes: Data(text.utf8), receivedAt: Date()).sha256)
        #expect(try db.history(unit: "HN").map(\.id) == [receipt.submissionId])
        let narrative = try #require(try db.narrative(of: [receipt.submissionId])[receipt.submissionId])
        #expect(narrative.difficulties.count == 1 && narrative.recommendations.count == 1)
        let values = try db.values(submission: receipt.submissionId)
        #expect(values.count == catalog.template("province-weekly", version: "1.1")!.criteria.filter(\.required).count)
        #expect(values["hr.recruited"] == .number(10))
    }

    @Test(arguments: StoreKind.allCases)
    func theSameFileTwiceIsADuplicateAndStoresNothingNew(_ store: StoreKind) throws {
        let db = try store.make()
        let first = try submit(report(), db)
        let before = try db.history(unit: "HN")
        let tables = try (db as? TonghopDatabase)?.tableCounts()
        let second = try submit(report(), db, at: "2025-11-21T09:00:00+07:00")
        #expect(second.verdict == .duplicate)
        #expect(second.receipt?.submissionId == first.receipt?.submissionId)
        #expect(try db.history(unit: "HN") == before)
        #expect(try (db as? TonghopDatabase)?.tableCounts() == tables)
    }

    @Test(arguments: StoreKind.allCases)
    func aDifferentFileSupersedesAndTheEarlierStaysInTheHistory(_ store: StoreKind) throws {
        let db = try store.make()
        let first = try submit(report(recruited: 10), db)
        let second = try submit(report(recruited: 12), db, at: "2025-11-20T09:00:00+07:00")
        #expect(second.verdict == .superseding)
        #expect(second.receipt?.supersedes == first.receipt?.submissionId)
        let history = try db.history(unit: "HN", period: "2025-W46", schedule: nil)
        #expect(history.map(\.id) == [first.receipt!.submissionId, second.receipt!.submissionId])
        #expect(history[0].supersededById == second.receipt?.submissionId)
        #expect(history[1].supersededById == nil)
        #expect(try db.rawFile(sha256: first.receipt!.sha256) != nil)
        // Sending the first version again makes it count again, without storing its bytes twice.
        let third = try submit(report(recruited: 10), db, at: "2025-11-20T10:00:00+07:00")
        #expect(third.verdict == .superseding && third.receipt?.sha256 == first.receipt?.sha256)
        #expect(try db.history(unit: "HN").count == 3)
        #expect(try (db as? TonghopDatabase).map { try $0.tableCounts()["rawFile"] } ?? 2 == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func ofTwoReportsReceivedAtTheSameInstantTheOneStoredLastCounts(_ store: StoreKind) throws {
        let db = try store.make()
        let first = try submit(report(recruited: 5), db, name: "a.json")
        let second = try submit(report(recruited: 6), db, name: "b.json")
        #expect(second.verdict == .superseding)
        let counted = try db.countedSubmissions(schedule: "province-weekly", periods: ["2025-W46"], asOf: at("2025-11-21T00:00:00+07:00"))
        #expect(counted.map(\.id) == [second.receipt!.submissionId])
        #expect(counted[0].id > first.receipt!.submissionId)
    }

    @Test(arguments: StoreKind.allCases)
    func aReplayedOlderFileIsKeptButDoesNotDisplaceTheLaterOne(_ store: StoreKind) throws {
        let db = try store.make()
        let later = try submit(report(recruited: 12), db, at: "2025-11-20T09:00:00+07:00")
        let earlier = try submit(report(recruited: 10), db, at: "2025-11-20T07:00:00+07:00")
        #expect(earlier.verdict == .accepted)
        #expect(earlier.receipt?.counts == false)
        let history = try db.history(unit: "HN")
        #expect(history.first { $0.supersededById == nil }?.id == later.receipt?.submissionId)

        // Taking the same replay in again changes nothing: same bytes, same time of receipt, same event.
        let again = try submit(report(recruited: 10), db, at: "2025-11-20T07:00:00+07:00")
        #expect(again.verdict == .duplicate && again.receipt?.submissionId == earlier.receipt?.submissionId && again.receipt?.counts == false)
        // The same older bytes sent anew are a new event: they take over again, and the history keeps all three.
        let resent = try submit(report(recruited: 10), db, at: "2025-11-20T10:00:00+07:00")
        #expect(resent.verdict == .superseding)
        #expect(try db.history(unit: "HN").count == 3)
    }

    @Test func aRejectedFileStoresNothingAtAll() throws {
        let db = try TonghopDatabase.inMemory()
        let verdict = try submit(report(obstacles: 11), db)  // more obstacles than the 10 tasks received
        #expect(verdict.verdict == .rejected)
        #expect(verdict.receipt == nil)
        #expect(try db.tableCounts().values.allSatisfy { $0 == 0 })
    }

    @Test(arguments: StoreKind.allCases)
    func warningsAreStoredWithTheSubmission(_ store: StoreKind) throws {
        let db = try store.make()
        let text = report().replacingOccurrences(of: "\"dc.tasks_beyond_authority\": 10", with: "\"dc.tasks_beyond_authority\": 5")
        let verdict = try submit(text, db)  // 5 beyond authority > 2 with obstacles: a warning
        #expect(verdict.verdict == .accepted)
        #expect(verdict.issues.map(\.severity) == [.warning])
        #expect(try db.history(unit: "HN").first?.warningCount == 1)
    }

    @Test func aBatchStoresEachSubmissionAllOrNothing() throws {
        let db = try TonghopDatabase.inMemory()
        let texts = [report(unit: "HN"), report(unit: "HP", obstacles: 99), report(unit: "HUE"), report(unit: "HN")]
        let names = ["HN.json", "HP.json", "HUE.json", "HN-again.json"]
        let checked = zip(texts, names).map { service.check(bytes: Data($0.utf8), fileName: $1, receivedAt: at("2025-11-20T07:00:00+07:00")) }
        let verdicts = try service.storing(in: db).store(checked, names: names)
        #expect(verdicts.map(\.verdict) == [.accepted, .rejected, .accepted, .duplicate])
        #expect(try db.tableCounts()["submission"] == 2)
    }

    @Test func reportsGivingDifferentCriteriaKeepEachTheirOwnNumbers() throws {
        let db = try TonghopDatabase.inMemory()
        // Consecutive reports of a batch alternate between two lists of criteria, and each must be read back in its own.
        let reports = [("HN", nil), ("HP", "7"), ("HUE", "8"), ("DNG", nil), ("CT", "9")].map { unit, assets in
            service.check(
                bytes: Data(report(unit: unit, recruited: unit.count, optional: assets.map { ["fa.assets_reallocated": $0] } ?? [:]).utf8),
                fileName: "\(unit).json", receivedAt: at("2025-11-20T07:00:00+07:00"))
        }
        #expect(try service.storing(in: db).store(reports, names: reports.map { $0.file!.fileName }).allSatisfy { $0.verdict == .accepted })
        let counted = try db.countedSubmissions(schedule: "province-weekly", periods: ["2025-W46"], asOf: at("2025-11-21T00:00:00+07:00"))
        let numbers = try db.numberTable(of: counted.map(\.id), criteria: ["fa.assets_reallocated", "hr.recruited"])
        func given(_ table: NumberTable, _ row: Int) -> [Double?] { table.row(row).map { $0.isNaN ? nil : $0 } }
        let read = Dictionary(uniqueKeysWithValues: counted.enumerated().map { ($1.unitCode, given(numbers, $0)) })
        #expect((0..<numbers.rowCount).allSatisfy { numbers.difficultyFields($0) == ["land"] })
        #expect(read == ["HN": [nil, 2], "HP": [7, 2], "HUE": [8, 3], "DNG": [nil, 3], "CT": [9, 2]])
        // Submissions stored far apart are looked up one by one rather than read as a range: the same numbers either way.
        let ends = [counted.min { $0.id < $1.id }!, counted.max { $0.id < $1.id }!]
        let apart = try db.numberTable(of: ends.map(\.id), criteria: ["fa.assets_reallocated", "hr.recruited"])
        #expect(apart.rowCount == 2 && [0, 1].map { given(apart, $0) } == ends.map { read[$0.unitCode]! })
        // Rows in the order asked, a submission not stored without numbers, one named twice in its first row.
        let asked = try db.numberTable(of: [ends[1].id, 999_999, ends[0].id, ends[1].id], criteria: ["hr.recruited", "fa.assets_reallocated"])
        #expect(
            (0..<4).map { given(asked, $0) }
                == [Array(read[ends[1].unitCode]!.reversed()), [nil, nil], Array(read[ends[0].unitCode]!.reversed()), [nil, nil]])
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM valueLayout") } == 2)
    }

    /// What a synthesis reads of some submissions (their text answers, narrative, warnings and latest reviews) is theirs
    /// only, whether read as the range of their ids (the rows of those stored between them left out) or looked up as a list
    /// (the text answers always are).
    @Test func theReadsOfSomeSubmissionsAreThoseAskedReadAsARangeOrAsAList() throws {
        let db = try TonghopDatabase.inMemory()
        try submitSampleWeek(db)
        let ids = try db.countedSubmissions(schedule: "province-weekly", periods: ["2025-W46"], asOf: at("2025-11-21T00:00:00+07:00"))
            .map(\.id).sorted()
        let reviewer = Actor(name: "Nguyễn Văn A", address: nil)
        for id in ids {
            _ = try db.review(ReviewRequest(submissionId: id, decision: .accept, reason: ""), by: reviewer, at: at("2025-11-20T10:00:00+07:00"))
        }
        let criteria = ["gen.contact", "gen.data_cutoff_date", "gen.overall_assessment"]
        func sorted(_ texts: [SubmittedText]) -> [SubmittedText] { texts.sorted { ($0.submission, $0.criterion) < ($1.submission, $1.criterion) } }
        let asOf = at("2025-11-21T00:00:00+07:00")
        let (texts, narrative) = (sorted(try db.texts(of: ids, criteria: criteria)), try db.narrative(of: ids))
        let (warnings, reviews) = (try db.warnings(of: ids), try db.latestReviews(of: ids, asOf: asOf))
        #expect(Set(texts.map(\.submission)).count > 20 && narrative.count > 20 && !warnings.isEmpty && reviews.count == ids.count)
        // Every other submission: a range of ids half of which were not asked for. The first and the last: a list.
        for some in [Set(stride(from: 0, to: ids.count, by: 2).map { ids[$0] }), [ids[0], ids[ids.count - 1]]] {
            #expect(sorted(try db.texts(of: Array(some), criteria: criteria)) == texts.filter { some.contains($0.submission) })
            #expect(try db.narrative(of: Array(some)) == narrative.filter { some.contains($0.key) })
            #expect(try db.warnings(of: Array(some)) == warnings.filter { some.contains($0.key) })
            #expect(try db.latestReviews(of: Array(some), asOf: asOf) == reviews.filter { some.contains($0.key) })
        }
    }

    /// Commands started at once on a database not yet migrated each open it, whichever of them migrates it (two CLI
    /// tests sharing the default database once failed with "duplicate column name").
    @Test func aNewDatabaseOpenedByManyAtOnceIsMigratedOnce() throws {
        // Half the rounds on a file already made and in WAL mode (the race is over the migrations), half on no file at all
        // (first over turning the new file to WAL mode, then over the migrations).
        for made in (0..<12).map({ $0 % 2 == 0 }) {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("t.sqlite").path
            if made { try DatabasePool(path: path).close() }
            let opened = Array(0..<6).concurrentMap { _ in Result { try TonghopDatabase.open(path: path) } }
            for result in opened { #expect(throws: Never.self) { _ = try result.get() } }
            let database = try TonghopDatabase.open(path: path)
            let applied = try database.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM grdb_migrations") }
            #expect(applied == Migrations.migrator.migrations.count)
        }
    }

    @Test func aFileDatabaseIsInWALModeWithForeignKeysLargePagesAndEveryCommitSynced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try TonghopDatabase.open(path: dir.appendingPathComponent("t.sqlite").path)
        #expect(try db.journalMode() == "wal")
        #expect(try db.writer.read { try Bool.fetchOne($0, sql: "PRAGMA foreign_keys") } == true)
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 16_384)
        // FULL (2): the WAL is synced at every commit, not only at checkpoints as GRDB's pool would leave it (NORMAL, 1).
        #expect(try db.synchronousMode() == 2)
        #expect(throws: StoreError.self) { try TonghopDatabase.open(path: "/no/such/folder/t.sqlite") }
    }
}

@Suite struct DatabaseTimeTests {
    @Test func writesInstantsExactlyAsGRDBDoes() throws {
        for seconds in [0.0, 1_763_596_800, 1_763_596_799.999, 1_000_000_000.007, 1_763_640_059.123, -86_400.5, 4_102_444_800.25, 253_402_300_800.5] {
            let instant = Date(timeIntervalSince1970: seconds)
            #expect(DatabaseTime.text(instant) == String.fromDatabaseValue(instant.databaseValue), "\(seconds)")
        }
    }

    /// A row of the store read with GRDB: its instants must come through `DatabaseTime`, as `StoreRow` asks.
    struct Stamp: StoreRow, StoreRecord {
        static let databaseTableName = "stamp"
        var at: Date
    }

    @Test func recordsReadAndWriteTheirInstantsThroughDatabaseTime() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE stamp (at TEXT)")
            var stamp = Stamp(at: Date(timeIntervalSince1970: 1_763_600_400.25))
            try stamp.insert(db)
            #expect(try String.fetchOne(db, sql: "SELECT at FROM stamp") == "2025-11-20 01:00:00.250")
            #expect(try Stamp.fetchOne(db)?.at == stamp.at)
            // GRDB's own strategy reads a day alone as its midnight; the store's refuses what it never writes. A strategy
            // written as a property rather than GRDB 7's function would go unused, and this would read.
            try db.execute(sql: "UPDATE stamp SET at = '2025-11-20'")
            #expect(throws: (any Error).self) { try Stamp.fetchOne(db) }
        }
    }
}

@Suite struct StoreFallbackTests {
    /// A batch of hundreds of files is stored without SQLite checking each row's foreign keys: what every kind of storing
    /// wrote (such a batch, reports resolving late flags, with their tasks; a correction; an older file replayed; a batch
    /// with a file the database refuses) passes SQLite's own check, and the connection checks them again for its next
    /// writes.
    @Test func storingLeavesEveryReferenceWholeAndTheChecksOn() throws {
        let db = try TonghopDatabase.inMemory()
        func danglingReferences() throws -> [Row] {
            try db.writer.writeWithoutTransaction { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }
        }
        let late = try LateCheck(catalog: catalog, storage: db)
            .run(at: at("2025-11-20T09:00:00+07:00"), since: LocalDate(year: 2025, month: 11, day: 13), schedule: "province-weekly")
        #expect(late.newlyFlagged.count > 30)
        // Eight weeks of the provinces at once: a first batch of 64, then one of 208, stored unchecked.
        let weeks = try (39...46).flatMap { week in
            let folder = samples.appendingPathComponent("province-2025-W\(week)")
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { folder.appendingPathComponent($0).path }
        }
        #expect(weeks.count - 64 >= TonghopDatabase.manyFiles)
        let verdicts = try service.storing(in: db).submit(paths: weeks, receivedAt: at("2025-11-20T10:00:00+07:00"), batchSize: 512)
        // All stored (a unit sent a second file for one week: it supersedes the first).
        #expect(verdicts.allSatisfy { $0.verdict == .accepted || $0.verdict == .superseding }, "\(verdicts.filter { $0.receipt == nil })")
        #expect(try db.lateFlags().filter { $0.resolvedBySubmissionId != nil }.count == late.newlyFlagged.count)
        #expect(try db.writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM taskLatest") } ?? 0 > 0)
        let hanoi = try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/HN.json"))
        for (bytes, time, verdict) in [
            (hanoi + Data("\n".utf8), "2025-11-20T11:00:00+07:00", FileVerdict.Verdict.superseding),
            (hanoi + Data("\n\n".utf8), "2025-11-20T06:00:00+07:00", .accepted),
        ] {
            let checked = service.check(bytes: bytes, fileName: "HN.json", receivedAt: at(time))
            #expect(try service.storing(in: db).store([checked], names: ["HN.json"])[0].verdict == verdict)
        }
        func input(_ unit: String, duplicateValue: Bool = false) throws -> SubmissionInput {
            let checked = service.check(bytes: Data(report(unit: unit).utf8), fileName: "\(unit).json", receivedAt: at("2025-11-27T07:00:00+07:00"))
            var report = try #require(checked.outcome.report)
            if duplicateValue { report.values.append(try #require(report.values.first { $0.value.textual != nil })) }
            return SubmissionInput(file: try #require(checked.file), report: report)
        }
        let results = try db.store([try input("HP"), try input("HUE", duplicateValue: true)])
        #expect(results.map { (try? $0.get()) != nil } == [true, false])

        #expect(try danglingReferences().isEmpty)
        #expect(try db.writer.writeWithoutTransaction { try Bool.fetchOne($0, sql: "PRAGMA foreign_keys") } == true)
        // The check finds a reference left dangling.
        try db.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "INSERT INTO difficulty (submissionId, position, field, text) VALUES (999999, 0, 'land', 'x')")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        #expect(try danglingReferences().count == 1)
    }

    @Test func aFileTheDatabaseRefusesLeavesNoTraceAndTheRestOfTheBatchIsKept() throws {
        let db = try TonghopDatabase.inMemory()
        func input(_ unit: String, duplicateValue: Bool = false) throws -> SubmissionInput {
            let checked = service.check(bytes: Data(report(unit: unit).utf8), fileName: "\(unit).json", receivedAt: at("2025-11-20T07:00:00+07:00"))
            var report = try #require(checked.outcome.report)
            // Two rows for one text answer break the values table's primary key: the database refuses the file.
            if duplicateValue { report.values.append(try #require(report.values.first { $0.value.textual != nil })) }
            return SubmissionInput(file: try #require(checked.file), report: report)
        }
        let results = try db.store([try input("HN"), try input("HP", duplicateValue: true), try input("HUE")])
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true])
        #expect(try db.history(unit: "HP").isEmpty)
        let counts = try db.tableCounts()
        #expect(counts["submission"] == 2 && counts["rawFile"] == 2 && counts["difficulty"] == 2)
    }

    /// Text answers and results are inserted many rows at once, by a statement the connection keeps up to
    /// `SubmissionStatements.keptRows` rows and by one prepared for the batch beyond: every count stores every row, in a
    /// batch alone, in a later batch (the kept statement used again) and twice in one batch.
    @Test func textAnswersAndResultsAreStoredWholeWhateverTheirCount() throws {
        let db = try TonghopDatabase.inMemory()
        func input(_ unit: String, texts: Int) throws -> SubmissionInput {
            // A different file for each count (the number recruited), so that none is a duplicate of the one before.
            let bytes = Data(report(unit: unit, recruited: texts).utf8)
            let checked = service.check(bytes: bytes, fileName: "\(unit).json", receivedAt: at("2025-11-20T07:00:00+07:00"))
            var report = try #require(checked.outcome.report)
            report.values.removeAll { $0.value.textual != nil }
            report.values += (0..<texts).map { CheckedValue(criterionId: "extra.\($0)", value: .text("Ý kiến \($0)")) }
            report.topicResults = (0..<texts).map { TopicText(topic: "t\($0)", text: "Kết quả \($0)") }
            return SubmissionInput(file: try #require(checked.file), report: report)
        }
        for texts in [1, SubmissionStatements.keptRows, SubmissionStatements.keptRows + 1, 300] {
            for batch in [["HN"], ["HP", "HUE"]] {
                let receipts = try db.store(try batch.map { try input($0, texts: texts) }).map { try $0.get() }
                for receipt in receipts {
                    let (values, results) = try db.writer.read { db in
                        (
                            try String.fetchAll(
                                db, sql: "SELECT text FROM submissionValue WHERE submissionId = ?", arguments: [receipt.submissionId]),
                            try String.fetchAll(db, sql: "SELECT text FROM resultText WHERE submissionId = ?", arguments: [receipt.submissionId])
                        )
                    }
                    #expect(Set(values) == Set((0..<texts).map { "Ý kiến \($0)" }) && values.count == texts, "\(texts) texts")
                    #expect(Set(results) == Set((0..<texts).map { "Kết quả \($0)" }) && results.count == texts, "\(texts) results")
                }
            }
        }
    }

    @Test func numbersAreKeptOnceAndEveryAnswerIsReadBack() throws {
        let db = try TonghopDatabase.inMemory()
        let id = try #require(try submit(report(), db).receipt).submissionId
        let required = catalog.template("province-weekly", version: "1.1")!.criteria.filter(\.required)
        #expect(required.contains { $0.type.isNumeric } && required.contains { $0.type == .yesNo } && required.contains { $0.type == .choice })
        // Numbers and yes/no answers only in the submission's packed row; the other answers a row each.
        let rows = try db.writer.read { db in
            try String.fetchAll(db, sql: "SELECT criterionId FROM submissionValue WHERE submissionId = ? ORDER BY 1", arguments: [id])
        }
        #expect(rows == required.filter { !$0.type.isNumeric && $0.type != .yesNo }.map(\.id).sorted())
        let values = try db.values(submission: id)
        #expect(values.count == required.count)
        for criterion in required {
            let expected: CriterionValue =
                switch criterion.type {
                case .integer, .decimal, .percentage: .number(criterion.id == "dc.tasks_with_obstacles" ? 2 : 10)
                case .yesNo: .number(1)
                case .choice: .text(criterion.choices[0])
                case .date, .text: .text("x")
                }
            #expect(values[criterion.id] == expected, "\(criterion.id)")
        }
        #expect(try db.history(unit: "HN").map(\.valueCount) == [required.count])
    }

    /// Hà Nội's week-46 report with the task it first calls done left out, as its week-47 report: and that task's id.
    static func hanoiWeek47LeavingOutATaskDone() throws -> (bytes: Data, task: String) {
        let data = try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/HN.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var tasks = try #require(json["tasks"] as? [String: [String: Any]])
        let done = try #require(tasks.keys.sorted().first { tasks[$0]?["status"] as? String == "completed" })
        tasks.removeValue(forKey: done)
        (json["tasks"], json["period"]) = (tasks, "2025-W47")
        return (try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), done)
    }

    @Test func theWordsOnTasksOfAFileTheDatabaseRefusesLeaveWithIt() throws {
        let db = try TonghopDatabase.inMemory()
        // The database refuses Hà Nội's week-46 report at the last row it writes (the audit log's), after its words on tasks.
        try db.writer.write { db in
            try db.execute(
                sql: """
                    CREATE TEMP TRIGGER refuseHanoiWeek46 BEFORE INSERT ON auditEntry
                    WHEN NEW.unitCode = 'HN' AND NEW.detail LIKE '% 2025-W46 %' BEGIN SELECT RAISE(ABORT, 'refused'); END
                    """)
        }
        let received = at("2025-11-27T07:00:00+07:00")
        let week46 = try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/HN.json"))
        let (week47, done) = try Self.hanoiWeek47LeavingOutATaskDone()
        let files = [
            ("AG.json", try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/AG.json"))),
            ("HN.json", week46), ("HN-47.json", week47),
        ]
        // The batch is stored again a file at a time: the refused file's words leave with it, so the week-47 report is
        // warned of the task only the refused file called done, and the latest words are those of the files kept.
        let verdicts = try service.storing(in: db).store(
            files.map { service.check(bytes: $0.1, fileName: $0.0, receivedAt: received) }, names: files.map(\.0))
        #expect(verdicts.map(\.verdict) == [.accepted, .rejected, .accepted])
        #expect(verdicts[2].issues.contains { $0.code == .taskUnreported && $0.message.en.contains(done) })
        #expect(try latestWordsAreTheNewest(db))
        let units = try db.writer.read { try String.fetchAll($0, sql: "SELECT DISTINCT unitCode FROM taskLatest ORDER BY 1") }
        #expect(units == ["AG", "HN"])
    }

    @Test func aFileReceivedBeforeOneStoredEarlierInItsBatchIsWarnedAsIfStoredAlone() throws {
        // Hà Nội's week-46 report, then its week-47 report leaving out a task done in week 46 but received an hour
        // earlier (as a replay log may list them): by 08:00 nothing said the task was done, in one batch as one by one.
        let week46 = try Data(contentsOf: samples.appendingPathComponent("province-2025-W46/HN.json"))
        let (week47, done) = try Self.hanoiWeek47LeavingOutATaskDone()
        let checked = [
            service.check(bytes: week46, fileName: "HN.json", receivedAt: at("2025-11-27T09:00:00+07:00")),
            service.check(bytes: week47, fileName: "HN-47.json", receivedAt: at("2025-11-27T08:00:00+07:00")),
        ]
        let oneByOne = try TonghopDatabase.inMemory()
        for file in checked { _ = try service.storing(in: oneByOne).store([file], names: [file.file?.fileName ?? ""]) }
        let batch = try TonghopDatabase.inMemory()
        let verdicts = try service.storing(in: batch).store(checked, names: checked.map { $0.file?.fileName ?? "" })
        #expect(verdicts[1].issues.contains { $0.code == .taskUnreported && $0.message.en.contains(done) })
        #expect(try storedWarnings(batch) == storedWarnings(oneByOne))
        #expect(try latestWordsAreTheNewest(batch) && latestWordsAreTheNewest(oneByOne))
    }
}

@Suite struct MigrationTests {
    /// A submission as the first migrations stored it, without the tables later ones added.
    static func insertSubmission(_ db: Database, id: Int64) throws {
        try db.execute(sql: "INSERT INTO rawFile VALUES ('h', 1, x'00')")
        try db.execute(
            sql: """
                INSERT INTO submission (id, unitCode, scheduleId, periodKey, periodFirstDay, periodLastDay, templateId, templateVersion,
                                        receivedAt, fileName, sha256, results) VALUES (?, 'HN', 'province-weekly', '2025-W46', '2025-11-13',
                                        '2025-11-19', 'province-weekly', '1.0', '2025-11-20 00:00:00.000', 'HN.json', 'h', 'x')
                """, arguments: [id])
    }

    /// A database written before recommendations could have several addressees keeps each one's addressee.
    @Test func recommendationsOfAnOlderDatabaseKeepTheirAddressee() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v2: on-time limit of each submission, late flags")
        try queue.write { db in
            try Self.insertSubmission(db, id: 1)
            try db.execute(sql: "INSERT INTO recommendation VALUES (1, 0, 'ministry', 'BXD', 'Đề nghị.'), (1, 1, 'government', NULL, 'Đề nghị.')")
        }
        try Migrations.migrator.migrate(queue)
        let addressees = try queue.read { db in try String.fetchAll(db, sql: "SELECT addressees FROM recommendation ORDER BY position") }
        #expect(addressees == ["ministry:BXD", "government"])
    }
}

extension MigrationTests {
    /// Submissions stored before values were also packed get their packed rows when the database is brought up to date.
    @Test func valuesOfAnOlderDatabaseArePackedOnMigration() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v3: several addressees per recommendation")
        try queue.write { db in
            try Self.insertSubmission(db, id: 7)
            try db.execute(sql: "INSERT INTO submissionValue VALUES (7, 'b', 2.5, NULL), (7, 'a', 12, NULL), (7, 'c', NULL, 'Khá')")
        }
        try Migrations.migrator.migrate(queue)
        let db = try TonghopDatabase(queue)
        let counted = try db.countedSubmissions(schedule: "province-weekly", periods: ["2025-W46"], asOf: at("2025-11-21T00:00:00Z"))
        let numbers = Array(try db.numberTable(of: [7], criteria: ["c", "a", "b", "z"]).row(0))
        #expect(numbers[1] == 12 && numbers[2] == 2.5 && numbers[0].isNaN && numbers[3].isNaN)
        #expect(try db.texts(of: [7], criteria: ["c"]) == [SubmittedText(submission: 7, criterion: "c", text: "Khá")])
        // Its rows of numbers stay; each answer is read back once.
        #expect(try db.values(submission: 7) == ["a": .number(12), "b": .number(2.5), "c": .text("Khá")])
        #expect(try db.history(unit: "HN").map(\.valueCount) == [3])
    }

    /// The hot path's INSERTs name their columns themselves (see `SubmissionStatements`): exactly each table's, but an
    /// id the database numbers, or the two can drift apart.
    @Test func eachInsertOfTheHotPathWritesExactlyItsTablesColumns() throws {
        let db = try TonghopDatabase.inMemory()
        try db.writer.read { database in
            for (table, columns) in SubmissionStatements.columns {
                let later = SubmissionStatements.writtenLater[table] ?? []
                let schema = try database.columns(in: table).map(\.name).filter { $0 != "id" && !later.contains($0) }
                #expect(Set(columns) == Set(schema) && columns.count == schema.count, "\(table): \(columns) against \(schema)")
            }
        }
        #expect(
            SubmissionStatements.insert(into: "difficulty", rows: 2)
                == "INSERT INTO difficulty (submissionId, position, field, text) VALUES (?, ?, ?, ?), (?, ?, ?, ?)")
    }
}
