import Foundation
import Testing
import TonghopCore
import TonghopIngest
import TonghopRendering
import TonghopStore
import TonghopSynthesis
import TonghopTestSupport

@Suite struct SynthesisFigureTests {
    static let asOf = "2025-11-20T09:00:00+07:00"

    @Test func complianceOfTheSampleWeekAtNineOnThursday() throws {
        let s = try synthesize(asOf: Self.asOf)
        let c = s.compliance
        #expect(c.summary.expected == 34 && c.summary.onTime == 31 && c.summary.late == 1 && c.summary.missing == 2)
        // Hải Phòng arrived at 08:00:00 exactly: late by nothing at all, but late.
        #expect(c.late.map(\.unit.code) == ["HP"] && c.late.first?.lateBySeconds == 0)
        #expect(c.missing.map(\.name) == ["Tỉnh An Giang", "Tỉnh Cà Mau"])
        #expect(s.heading.periodKey == "2025-W46" && s.heading.previousPeriodKey == "2025-W45")
        #expect(s.complianceBySchedule.map(\.scheduleId) == ["central-weekly", "monthly", "province-weekly"])
    }

    @Test func aLaterLookCountsTheReportsThatCameSince() throws {
        let s = try synthesize(period: "2025-W46", asOf: "2025-11-21T12:00:00+07:00")
        #expect(s.compliance.summary.late == 3 && s.compliance.summary.missing == 0)
        #expect(Set(s.compliance.late.map(\.unit.code)) == ["HP", "CM", "AG"])
    }

    @Test func nationalFiguresMatchTheSampleFilesSummedHere() throws {
        let s = try synthesize(asOf: Self.asOf)
        let now = try sampleValues(folder: "province-2025-W46", receivedBy: Self.asOf)
        let before = try sampleValues(folder: "province-2025-W45", receivedBy: Self.asOf)
        #expect(now.count == 32 && before.count == 33)
        let figures = Dictionary(uniqueKeysWithValues: s.figures.flatMap(\.figures).map { ($0.criterionId, $0) })
        func numbers(_ reports: [String: [String: String]], _ id: String) -> [Double] { reports.values.compactMap { $0[id].flatMap(Double.init) } }

        for id in ["dc.tasks_received", "hr.staff_in_post", "it.online_dossiers_received", "fa.assets_reallocated"] {
            let figure = try #require(figures[id])
            #expect(figure.aggregation == .sum)
            #expect(figure.value == numbers(now, id).reduce(0, +), "\(id)")
            #expect(figure.previous == numbers(before, id).reduce(0, +), "\(id)")
            #expect(figure.units == numbers(now, id).count && figure.previousUnits == numbers(before, id).count, "\(id)")
            // Like for like: the change is over the units that gave the value both weeks (a province missing in one of them
            // would otherwise read as a national fall), and says how many they are.
            let both = Set(now.keys).intersection(before.keys).filter { now[$0]?[id] != nil && before[$0]?[id] != nil }
            func sum(_ reports: [String: [String: String]]) -> Double { both.compactMap { reports[$0]?[id].flatMap(Double.init) }.reduce(0, +) }
            #expect(figure.comparableUnits == both.count, "\(id)")
            #expect(figure.change == sum(now) - sum(before), "\(id)")
            #expect(figure.change != figure.value! - figure.previous!, "\(id): the totals' difference counts the missing units")
        }
        // An optional criterion some units leave empty: the figure says on how many units it rests.
        #expect(figures["fa.assets_reallocated"]!.units < 32)

        // A rate is the ratio of its parts' sums over the units that gave both, not the mean of the units' rates.
        let rate = try #require(figures["it.online_on_time_rate"])
        let parts = now.values.compactMap { v -> (Double, Double)? in
            guard let settled = v["it.online_dossiers_settled_on_time"].flatMap(Double.init),
                let received = v["it.online_dossiers_received"].flatMap(Double.init)
            else { return nil }
            return (settled, received)
        }
        #expect(rate.aggregation == .ratio && rate.units == parts.count)
        #expect(abs(rate.value! - parts.map(\.0).reduce(0, +) / parts.map(\.1).reduce(0, +) * 100) < 1e-9)
        let rates = numbers(now, "it.online_on_time_rate")
        #expect(abs(rate.value! - rates.reduce(0, +) / Double(rates.count)) > 0.1, "the sample's mean of rates differs")
        // Its change is in percentage points, over the units that gave both parts both weeks.
        #expect(rate.isPercentage && rate.comparableUnits == 31)

        let smooth = try #require(figures["gen.apparatus_smooth"])
        #expect(smooth.value == Double(now.values.filter { $0["gen.apparatus_smooth"] == "yes" }.count))

        let assessment = try #require(figures["gen.overall_assessment"]?.distribution)
        for choice in assessment {
            #expect(choice.count == now.values.filter { $0["gen.overall_assessment"] == choice.choice }.count, "\(choice.choice)")
        }
        #expect(assessment.map(\.count).reduce(0, +) == 32)
    }

    @Test func theCorrectedReportIsTheOneThatCounts() throws {
        // Đà Nẵng's week-45 correction added one guidance document to the file it replaced.
        let s = try synthesize(period: "2025-W45", asOf: Self.asOf)
        let week = try sampleValues(folder: "province-2025-W45", receivedBy: Self.asOf)
        let docs = try #require(s.figures.flatMap(\.figures).first { $0.criterionId == "dc.guidance_docs_issued" })
        #expect(docs.value == week.values.compactMap { $0["dc.guidance_docs_issued"].flatMap(Double.init) }.reduce(0, +))
        let dng = s.values.first { $0.unit == "DNG" && $0.criterion == "dc.guidance_docs_issued" }
        #expect(dng?.value.numeric == week["DNG"]?["dc.guidance_docs_issued"].flatMap(Double.init))
    }

    @Test func theTrendIsOverTheUnitsThatReportedEveryWeek() throws {
        let s = try synthesize(asOf: Self.asOf)
        #expect(s.trend.periods == (39...46).map { "2025-W\($0)" })
        let weeks = try (39...46).map { try sampleValues(folder: "province-2025-W\($0)", receivedBy: Self.asOf) }
        let every = weeks.dropFirst().reduce(Set(weeks[0].keys)) { $0.intersection($1.keys) }
        // Two provinces missing week 46 do not read as a national fall: the trend is over those present every week.
        #expect(s.trend.sameUnits == every.count && every.count < weeks.last!.count)
        for series in s.trend.series where series.aggregation == .sum {
            for (p, week) in weeks.enumerated() {
                let expected = every.compactMap { week[$0]?[series.criterionId].flatMap(Double.init) }.reduce(0, +)
                #expect(series.points[p].value == expected, "\(series.criterionId) \(p)")
                #expect(series.points[p].reported == week.count)
            }
        }
    }

    @Test func shortfallsAreTheLargestRelativeGapsComputedFromTheFiles() throws {
        let s = try synthesize(asOf: Self.asOf)
        let now = try sampleValues(folder: "province-2025-W46", receivedBy: Self.asOf)
        let staff = try #require(s.attention.shortfalls.first { $0.id == "staff" })
        let gaps = now.compactMap { unit, v -> (String, Double)? in
            guard let need = v["hr.staff_needed"].flatMap(Double.init), let have = v["hr.staff_in_post"].flatMap(Double.init), need > have else {
                return nil
            }
            return (unit, (need - have) / need)
        }.sorted { $0.1 > $1.1 }
        #expect(staff.units.map(\.unit.code) == gaps.prefix(5).map(\.0))
    }

    @Test func theFigureFarOutsideItsHistoryIsNoted() throws {
        let s = try synthesize(asOf: Self.asOf)
        let outlier = try #require(s.dataQuality.outliers.first { $0.unit.code == "TH" && $0.criterionId == "hr.recruited" })
        #expect(outlier.value == 400 && outlier.high < 400 && outlier.historyCount == 7)
        // The warning raised at ingest (Lai Châu's tasks beyond authority) is carried into the notes.
        #expect(s.dataQuality.warnings.map(\.unit.code) == ["LCH"])
        #expect(s.unitTable.rows.filter { $0.warnings > 0 }.map(\.unit.code) == ["LCH"])
    }

    @Test func theSameAsOfGivesTheSameBytesWhateverArrivesLater() throws {
        let database = try TonghopDatabase.inMemory()
        var report = ReportBuilder()
        _ = try submit(report.json(), at: "2025-11-20T07:00:00+07:00", into: database)
        let before = try SynthesisJSON.encode(try synthesize(period: "2025-W46", asOf: Self.asOf, in: database))
        report.set("dc.tasks_received", 99)
        let correction = try submit(report.json(), at: "2025-11-20T10:00:00+07:00", into: database)
        #expect(correction.verdict == .superseding)
        #expect(try SynthesisJSON.encode(try synthesize(period: "2025-W46", asOf: Self.asOf, in: database)) == before)
        let after = try synthesize(period: "2025-W46", asOf: "2025-11-20T10:00:00+07:00", in: database)
        #expect(after.values.first { $0.criterion == "dc.tasks_received" }?.value == .number(99))
    }

    @Test func aMonthlySynthesisRollsUpTheMonthsReportsAndWeeks() throws {
        let s = try synthesize("monthly", period: "2025-10", asOf: Self.asOf)
        #expect(s.heading.scheduleId == "monthly" && s.heading.firstDay == LocalDate(year: 2025, month: 9, day: 15))
        #expect(s.compliance.summary.expected == 57)
        let reported = try sampleValues(folder: "monthly-2025-10", receivedBy: Self.asOf)
        #expect(s.compliance.summary.onTime + s.compliance.summary.late == reported.count)
        let received = s.figures.flatMap(\.figures).first { $0.criterionId == "mo.online_dossiers_received" }
        #expect(received?.value == reported.values.compactMap { $0["mo.online_dossiers_received"].flatMap(Double.init) }.reduce(0, +))
        // The weeks whose periods ended between 15 September and 14 October, of both weekly schedules, from the first one
        // tracked (25 and 22 September): a week nobody was expected in is no line of 0/23.
        #expect(s.weeklyReporting.filter { $0.scheduleId == "province-weekly" }.map(\.periodKey) == ["2025-W39", "2025-W40"])
        #expect(s.weeklyReporting.filter { $0.scheduleId == "central-weekly" }.map(\.periodKey) == ["2025-W39", "2025-W40", "2025-W41"])
        #expect(s.weeklyReporting.allSatisfy { $0.expected == $0.onTime + $0.late + $0.missing })
    }
}

/// The archive protocol is the seam of the store: the same synthesis from the same reports, through SQLite or memory.
@Suite struct ArchiveSeamTests {
    @Test func theSampleWeekSynthesizesTheSameFromMemoryAsFromSQLite() throws {
        let archive = MemoryStore()
        let validator = ReportValidator(catalog: shippedCatalog)
        let log = try ReplayLog.load(path: Repo.samples.appendingPathComponent("receipts.csv").path)
        for entry in log.entries {
            let data = try Data(contentsOf: URL(fileURLWithPath: entry.path))
            if let report = validator.check(data, fileName: entry.path, receivedAt: entry.receivedAt).report {
                archive.store(report, sha256: sha256Hex(data), receivedAt: entry.receivedAt)
            }
        }
        for schedule in ["province-weekly", "central-weekly"] {
            let asOf = instant("2025-11-20T09:00:00+07:00")
            let fromSQLite = try synthesize(schedule, asOf: "2025-11-20T09:00:00+07:00")
            let fromMemory = try SynthesisBuilder(catalog: shippedCatalog, settings: synthesisSettings, archive: archive)
                .build(schedule: shippedCatalog.schedules[schedule]!, asOf: asOf)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            #expect(try encoder.encode(fromMemory) == encoder.encode(fromSQLite), "\(schedule)")
            #expect(!fromMemory.figures.isEmpty && !fromMemory.difficulties.isEmpty)
        }
    }
}
