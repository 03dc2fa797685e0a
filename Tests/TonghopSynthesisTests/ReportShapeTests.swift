import Foundation
import Testing
import TonghopCore
import TonghopOffice
import TonghopTestSupport

@testable import TonghopRendering
@testable import TonghopSynthesis

/// The synthesis as a report MoHA signs: its changes written as an analyst defends them, its sections and appendices
/// only where they have something to say, its workbook and charts readable as printed.
@Suite struct ReportShapeTests {
    @Test func changesKeepTheirSignAndAShareChangesInPoints() {
        #expect(VietnameseFormat.percentChange(-0.046) == "−0,05%")
        #expect(VietnameseFormat.percentChange(-0.0004) == "0,0%", "below what three decimals show is no change")
        #expect(VietnameseFormat.percentChange(12.34) == "+12,3%")
        #expect(VietnameseFormat.percentChange(0) == "0,0%")
        #expect(VietnameseFormat.pointsChange(0.2) == "+0,2 điểm %")
        #expect(VietnameseFormat.pointsChange(-0.04) == "−0,04 điểm %")
        #expect(VietnameseFormat.change(-0.004) == "−0,004")
        #expect(VietnameseFormat.change(-436) == "−436")
        #expect(VietnameseFormat.movement(0.004, percent: 0.1) == "tăng 0,004 (0,1%)")
    }

    @Test func theSampleWeeksRateIsInPointsAndAbsentCriteriaLeaveNoRowOfDashes() throws {
        let s = try synthesize(asOf: "2025-11-20T09:00:00+07:00")
        let md = String(decoding: try renderer.render(s, as: .md), as: UTF8.self)
        #expect(md.contains("| Tỷ lệ hồ sơ trực tuyến giải quyết đúng hạn | % | Tính chung | 91,6 | 91,8 | −0,1 điểm % |"))
        #expect(md.contains("−436 (−0,05%)"))
        // A criterion nobody answered in either week has no row (the per-unit table still shows who did not report).
        #expect(!md.contains("| 0 / 0 |"))
        // The central week: its answer rate from its parts, and no recommendation section with nothing in it.
        let central = try synthesize("central-weekly", asOf: "2025-11-20T09:00:00+07:00")
        let rate = try #require(central.figures.flatMap(\.figures).first { $0.criterionId == "min.answer_rate" })
        #expect(rate.aggregation == .ratio && rate.value != nil)
        let centralMD = String(decoding: try renderer.render(central, as: .md), as: UTF8.self)
        #expect(!centralMD.contains("Kiến nghị, đề xuất\n\n##"))
        for heading in centralMD.split(separator: "\n").filter({ $0.hasPrefix("## ") }) {
            let after = centralMD.components(separatedBy: String(heading) + "\n")[1]
            #expect(!after.hasPrefix("\n## "), "\(heading) has nothing under it")
        }
        // Sections numbered in order, whatever is left out.
        let numerals = centralMD.split(separator: "\n").filter { $0.hasPrefix("## ") && !$0.hasPrefix("## Phụ lục") }.map {
            String($0.dropFirst(3).prefix { $0 != "." })
        }
        #expect(numerals == Array(["I", "II", "III", "IV", "V", "VI", "VII"].prefix(numerals.count)))
    }

    @Test func theWorkbookStoresSharesAsPercentagesAndKeepsMoHAsFollowUpApart() throws {
        let s = try synthesize(asOf: "2025-11-20T09:00:00+07:00")
        let workbook = SynthesisWorkbook.make(s)
        let summary = try #require(workbook.sheets.first)
        let rate = try #require(summary.rows.first { $0.count > 5 && $0[1] == .text("Tỷ lệ hồ sơ trực tuyến giải quyết đúng hạn", .wrapped) })
        #expect(rate[4].style == .percent)
        if case .number(let value) = rate[4].value { #expect(abs(value - 0.9155) < 0.001) } else { Issue.record("the rate is not a number") }
        #expect(rate[7] == .empty, "no percent of a percent")
        let follow = try #require(workbook.sheets.first { $0.name == "Kiến nghị với Bộ Nội vụ" })
        #expect(follow.rows.count == 2)
        // No header with empty brackets on any sheet.
        for sheet in workbook.sheets {
            for row in sheet.rows {
                for cell in row where cell.style == .header {
                    if case .text(let text) = cell.value { #expect(!text.contains("()"), "\(sheet.name): \(text)") }
                }
            }
        }
    }

    @Test func aCountsChartStartsFromZeroOnALabelledAxis() throws {
        let series = TrendSeries(
            criterionId: "x", label: LocalizedText(vi: "Số hồ sơ", en: "Dossiers"), unitOfMeasure: "hồ sơ", aggregation: .sum,
            points: [
                TrendPoint(periodKey: "2025-W45", value: 940_057, units: 33, reported: 33),
                TrendPoint(periodKey: "2025-W46", value: 926_886, units: 32, reported: 32),
            ])
        let svg = SVGChart.trend(series)
        #expect(svg.contains(">0</text>") && svg.contains(">1.000.000</text>") && svg.contains(">hồ sơ</text>"))
        #expect(!svg.contains(">926.886</text>"), "no value label on the line")
        #expect(SVGChart.axis(low: 0, high: 940_057).ticks == [0, 250_000, 500_000, 750_000, 1_000_000])
        #expect(SVGChart.axis(low: 85.4, high: 91.9).ticks == [84, 86, 88, 90, 92])
    }

    @Test func anAssessmentReadsIntoParagraphsItemsAndTopicsAndRefusesWhatDoesNot() throws {
        let topics = [(id: "personnel", label: "Tổ chức bộ máy, cán bộ, công chức, viên chức cấp xã")]
        let text = try AssessmentText.read(
            "Bộ máy vận hành\nổn định.\n\n- Ý một\n* Ý hai\n\n## tổ chức bộ máy, cán bộ, công chức, viên chức cấp xã\nTóm tắt.", topics: topics)
        #expect(text.general.map(\.text) == ["Bộ máy vận hành ổn định.", "Ý một", "Ý hai"])
        #expect(text.general.map(\.isBullet) == [false, true, true])
        #expect(text.summary(of: "personnel").map(\.text) == ["Tóm tắt."])
        #expect(throws: AssessmentProblem.empty) { try AssessmentText.read(" \n\n ", topics: topics) }
        // Topic summaries alone would head the section with nothing: the assessment itself is required.
        #expect(throws: AssessmentProblem.empty) { try AssessmentText.read("## personnel\nTóm tắt.", topics: topics) }
        // Lines ending in CR LF, as a browser's text box sends them.
        let crlf = try AssessmentText.read("Đoạn một\r\ntiếp.\r\n\r\n- Ý\r\n## personnel\r\nB.", topics: topics)
        #expect(crlf.general.map(\.text) == ["Đoạn một tiếp.", "Ý"] && crlf.summary(of: "personnel").map(\.text) == ["B."])
        #expect(throws: AssessmentProblem.unknownTopic(line: 2, name: "Khác", topics: [topics[0].label])) {
            try AssessmentText.read("A.\n## Khác\nB.", topics: topics)
        }
        #expect(throws: AssessmentProblem.controlCharacter(line: 1)) { try AssessmentText.read("A\u{1B}B", topics: topics) }
        #expect(throws: AssessmentProblem.topicTwice(line: 3, topic: topics[0].label)) {
            try AssessmentText.read("## personnel\nA.\n## personnel\nB.", topics: topics)
        }
        #expect(throws: AssessmentProblem.tooLong(limit: AssessmentText.characterLimit)) {
            try AssessmentText.read(String(repeating: "ạ", count: AssessmentText.characterLimit + 1), topics: topics)
        }
        // Kept under an older template: a heading it no longer has stays as a line.
        #expect(try AssessmentText.read("## Khác\nB.", topics: [], strict: false).general.map(\.text) == ["Khác", "B."])
    }
}
