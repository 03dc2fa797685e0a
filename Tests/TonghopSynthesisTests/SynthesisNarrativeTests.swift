import Foundation
import Testing
import TonghopCore
import TonghopIngest
import TonghopStore
import TonghopSynthesis
import TonghopTestSupport

/// Reports built in code, one unit and week at a time, to pin the grouping and recurrence rules down.
@Suite struct SynthesisNarrativeTests {
    /// The province week `week` of 2025 is due on the Thursday after it; each report arrives an hour before.
    static func receipt(_ week: Int) -> String {
        let due = Schedule.province.period(forKeyOrFail: "2025-W\(week)").deadline.addingTimeInterval(-3600)
        return ISO8601DateFormatter().string(from: due)
    }

    func report(_ unit: String, week: Int, difficulties: [(String, String)] = [], recommendations: [(String, String)] = []) -> String {
        var b = ReportBuilder()
        b.unit = unit
        b.period = "2025-W\(week)"
        b.set("gen.data_cutoff_date", nil)
        b.difficulties = difficulties.map { ["field": $0.0, "text": $0.1] }
        b.recommendations = recommendations.map { ["addressee": $0.0, "text": $0.1] }
        return b.json()
    }

    @Test func aFieldRaisedThreeWeeksInARowIsRecurringAndTwoIsNot() throws {
        let db = try TonghopDatabase.inMemory()
        let land = "Thiếu công chức địa chính."
        for week in [44, 45, 46] {
            _ = try submit(report("HN", week: week, difficulties: [("land", land + " Tuần \(week).")]), at: Self.receipt(week), into: db)
        }
        for week in [44, 46] { _ = try submit(report("HP", week: week, difficulties: [("land", land)]), at: Self.receipt(week), into: db) }
        // Hải Phòng sent week 45 too, but raised nothing about land that week: its run starts again.
        _ = try submit(report("HP", week: 45, difficulties: [("finance-budget", "Thiếu kinh phí.")]), at: Self.receipt(45), into: db)
        _ = try submit(report("HUE", week: 46, difficulties: [("land", land)]), at: Self.receipt(46), into: db)

        let s = try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00", in: db)
        let group = try #require(s.difficulties.first { $0.field == "land" })
        #expect(group.unitCount == 3)
        // The same words from two units are one item naming both; Hà Nội's own words are another.
        #expect(group.items.count == 2)
        let hanoi = try #require(group.items.first { $0.units.map(\.unit.code) == ["HN"] })
        #expect(hanoi.recurring && hanoi.units[0].periodsInRow == 3)
        let shared = try #require(group.items.first { $0.text == land })
        #expect(shared.units.map(\.unit.code) == ["HP", "HUE"])
        #expect(shared.units.map(\.periodsInRow) == [1, 1] && !shared.recurring)
    }

    /// The same words are one item whether a unit typed its letters composed or decomposed (as a Mac may send them),
    /// the two spellings interleaved: looked up by their bytes first, they still meet by their characters.
    @Test func theSameWordsComposedOrDecomposedAreOneItem() throws {
        let db = try TonghopDatabase.inMemory()
        let composed = "Thi\u{1EBF}u c\u{00F4}ng ch\u{1EE9}c \u{0111}\u{1ECB}a ch\u{00ED}nh."
        let decomposed = "Thie\u{0302}\u{0301}u co\u{0302}ng chu\u{031B}\u{0301}c \u{0111}i\u{0323}a chi\u{0301}nh."
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        for (unit, text) in [("HN", composed), ("HP", decomposed), ("HUE", composed), ("DNG", decomposed), ("CT", "Thiếu kinh phí.")] {
            _ = try submit(
                report(unit, week: 46, difficulties: [("land", text)], recommendations: [("government", text)]), at: Self.receipt(46),
                into: db)
        }
        let s = try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00", in: db)
        let land = try #require(s.difficulties.first { $0.field == "land" })
        #expect(land.items.count == 2)
        #expect(Array(land.items[0].text.utf8) == Array(composed.utf8), "the words as the first unit gave them")
        #expect(land.items[0].units.map(\.unit.code).sorted() == ["DNG", "HN", "HP", "HUE"])
        let government = try #require(s.recommendations.first { $0.addressee == "government" })
        #expect(government.items.count == 2)
        #expect(government.items.first { $0.text == composed }?.units.map(\.code).sorted() == ["DNG", "HN", "HP", "HUE"])
    }

    @Test func recommendationsToSeveralMinistriesAreInterSectoral() throws {
        let db = try TonghopDatabase.inMemory()
        let both = "Đề nghị hướng dẫn sửa chữa trụ sở dôi dư."
        _ = try submit(
            report("HN", week: 46, recommendations: [("ministry:BTC; ministry:BXD", both), ("government", "Đề nghị ban hành nghị định.")]),
            at: Self.receipt(46), into: db)
        _ = try submit(
            report(
                "HP", week: 46, recommendations: [("ministry:BTC; ministry:BXD", both), ("government; ministry:BNV", "Đề nghị hướng dẫn biên chế.")]),
            at: Self.receipt(46), into: db)
        let s = try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00", in: db)
        #expect(s.interSectoral.count == 1)
        #expect(s.interSectoral.first?.addressees.map(\.label.vi) == ["Bộ Tài chính", "Bộ Xây dựng"])
        #expect(s.interSectoral.first?.units.map(\.code) == ["HN", "HP"])
        // One ministry and the Government is not inter-sectoral: it is listed under each of its addressees; to MoHA (the
        // issuer, `issuer.unitCode`), apart, as its own follow-up.
        #expect(s.recommendations.map(\.addressee) == ["government"])
        #expect(s.recommendations[0].items.map(\.text) == ["Đề nghị ban hành nghị định.", "Đề nghị hướng dẫn biên chế."])
        #expect(s.issuerRecommendations.map(\.text) == ["Đề nghị hướng dẫn biên chế."])
        #expect(s.issuerRecommendations.first?.units.map(\.code) == ["HP"])
        #expect(!s.recommendations.contains { $0.items.contains { $0.text == both } })
    }

    @Test func aPeriodNobodyReportedForIsAllMissingAndEmpty() throws {
        let s = try synthesize(period: "2025-W46", asOf: "2025-11-20T09:00:00+07:00", in: try TonghopDatabase.inMemory())
        #expect(s.compliance.summary.missing == 34 && s.compliance.missing.count == 34)
        #expect(s.figures.flatMap(\.figures).allSatisfy { $0.value == nil && $0.units == 0 })
        #expect(s.difficulties.isEmpty && s.recommendations.isEmpty && s.values.isEmpty)
        #expect(s.unitTable.rows.count == 34 && s.unitTable.rows.allSatisfy { $0.state == .missing })
    }
}

extension Schedule {
    static let province = shippedCatalog.schedules["province-weekly"]!

    func period(forKeyOrFail key: String) -> Period { try! period(forKey: key).get() }
}

/// A template may list any number of difficulty fields: a field past the 64th is found recurring like the first (the
/// fields were once a 64-bit mask, and from the 65th on a recurring difficulty was silently never found).
@Suite struct ManyDifficultyFieldsTests {
    @Test func aFieldPastTheSixtyFourthIsFoundRecurring() throws {
        var template = try #require(shippedCatalog.latestTemplate(forSchedule: "province-weekly"))
        template.narrative.difficultyFields += (1...70).map {
            NarrativeSpec.Choice(code: "field-\($0)", label: .init(vi: "Lĩnh vực \($0)", en: "Field \($0)"))
        }
        let catalog = Catalog(schedules: Array(shippedCatalog.schedules.values), templates: [template], registry: shippedCatalog.registry)
        let archive = MemoryStore()
        let validator = ReportValidator(catalog: catalog)
        for week in 43...46 {
            var report = ReportBuilder()
            report.period = "2025-W\(week)"
            report.difficulties = [["field": "field-70", "text": "Vướng mắc kéo dài."]]
            let received = instant("2025-11-20T07:00:00+07:00")
            let checked = try #require(validator.check(Data(report.json().utf8), fileName: "HN.json", receivedAt: received).report)
            archive.store(checked, sha256: "week-\(week)", receivedAt: received)
        }
        let synthesis = try SynthesisBuilder(catalog: catalog, settings: synthesisSettings, archive: archive)
            .build(schedule: shippedCatalog.schedules["province-weekly"]!, asOf: instant("2025-11-20T09:00:00+07:00"))
        let group = try #require(synthesis.difficulties.first { $0.field == "field-70" })
        #expect(group.items.first?.units.first?.periodsInRow == 4 && group.items.first?.recurring == true)
    }
}
