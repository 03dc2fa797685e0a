import Foundation
import Mustache
import Testing
import TonghopCore
import TonghopIngest
import TonghopOffice
import TonghopTestSupport

@testable import TonghopRendering
@testable import TonghopSynthesis

/// The documents MoHA signs and sends as they are: the sample week's wording pinned by golden files (read once, line by
/// line, when they were written), and no code a person cannot read in any of them.
@Suite struct OfficialWordingTests {
    static let asOf = "2025-11-20T09:00:00+07:00"

    /// The golden file `name` in Tests/Golden, rewritten from `text` with `TONGHOP_UPDATE_GOLDEN=1 swift test` after a
    /// deliberate change (read its diff before committing it).
    static func golden(_ name: String, _ text: String) throws -> String {
        let file = Repo.root.appendingPathComponent("Tests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["TONGHOP_UPDATE_GOLDEN"] == "1" { try text.write(to: file, atomically: true, encoding: .utf8) }
        return try String(contentsOf: file, encoding: .utf8)
    }

    /// The body of a DOCX as a person reads it: each paragraph's text on a line; a table row on one line, its cells
    /// separated by " | ".
    static func bodyText(_ docx: Data) throws -> String {
        let xml = String(decoding: try #require(try officeParts(docx)["word/document.xml"]), as: UTF8.self)
        var text = ""
        var inText = false
        var cells: [String] = []
        var cell: String?
        var scanner = xml[...]
        while let open = scanner.firstIndex(of: "<") {
            if inText {
                if cell != nil { cell! += scanner[..<open] } else { text += scanner[..<open] }
            }
            guard let close = scanner[open...].firstIndex(of: ">") else { break }
            let tag = scanner[open...close]
            switch tag {
            case _ where tag.hasPrefix("<w:t>") || tag.hasPrefix("<w:t "): inText = true
            case "</w:t>": inText = false
            case _ where tag.hasPrefix("<w:tc>") || tag.hasPrefix("<w:tc "): cell = ""
            case "</w:tc>":
                cells.append((cell ?? "").trimmingCharacters(in: .whitespaces))
                cell = nil
            case "</w:tr>":
                text += cells.joined(separator: " | ") + "\n"
                cells = []
            case "</w:p>":
                if cell != nil { cell! += cell!.isEmpty ? "" : " / " } else { text += "\n" }
            default: break
            }
            scanner = scanner[scanner.index(after: close)...]
        }
        return text.replacingOccurrences(of: " / |", with: " |").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
    }

    @Test func theSampleWeeksMarkdownIsTheGoldenOne() throws {
        let md = String(decoding: try renderer.render(try synthesize(asOf: Self.asOf), as: .md), as: UTF8.self)
        #expect(md == (try Self.golden("province-weekly-2025-W46.md", md)))
    }

    @Test func theSampleWeeksDocumentBodyIsTheGoldenOne() throws {
        let body = try Self.bodyText(try renderer.render(try synthesize(asOf: Self.asOf), as: .docx))
        #expect(body == (try Self.golden("province-weekly-2025-W46.docx.txt", body)))
    }

    /// No criterion id, template id or ISO week key in what people read, in any of the four formats people read.
    @Test(arguments: ["province-weekly", "central-weekly"])
    func noCodeAPersonCannotReadIsInTheDocuments(_ schedule: String) throws {
        let s = try synthesize(schedule, asOf: Self.asOf)
        let ids = s.criteria.flatMap(\.criteria).map(\.id)
        var texts: [(String, String)] = [
            ("md", String(decoding: try renderer.render(s, as: .md), as: UTF8.self)),
            ("html", String(decoding: try renderer.render(s, as: .html), as: UTF8.self)),
            ("docx", try Self.bodyText(try renderer.render(s, as: .docx))),
        ]
        let xlsx = try officeParts(try renderer.render(s, as: .xlsx))
        for (name, part) in xlsx where name.hasPrefix("xl/worksheets/") || name == "xl/sharedStrings.xml" || name == "xl/workbook.xml" {
            texts.append((name, String(decoding: part, as: UTF8.self)))
        }
        for (format, text) in texts {
            #expect(!text.contains("province-weekly") && !text.contains("central-weekly"), "\(format)")
            #expect(text.range(of: #"20\d\d-W\d\d"#, options: .regularExpression) == nil, "\(format)")
            #expect(text.range(of: #"20\d\d-\d\d-\d\d"#, options: .regularExpression) == nil, "\(format): an ISO date")
            for id in ids { #expect(!text.contains(id), "\(format): \(id)") }
            for code in ["rule-violated", "percentage-as-fraction", "0 giây", "KT. BỘ TRƯỞNG"] { #expect(!text.contains(code), "\(format): \(code)") }
        }
        // The signer and the last recipient as Decree 30 writes them.
        #expect(texts[2].1.contains("Đỗ Thanh Bình") && texts[2].1.contains("- Lưu: VT, CQĐP."))
    }

    /// The results are written by filling the result template's text rather than by Mustache for each unit: the same
    /// text, paragraphs, markup and escaping included, in each format.
    @Test(arguments: [SynthesisFormat.md, .html, .docx])
    func aResultIsWrittenAsItsTemplateWritesIt(_ format: SynthesisFormat) throws {
        let item = UnitResult(
            unit: UnitRef(code: "HN", name: "Thành phố Hà Nội <HN> & *Thủ đô*"),
            text: "  Dòng một: *đậm* <b>thẻ</b> & \"ngoặc\"\n\nDòng hai | [liên kết](x)\nDòng ba  ")
        let viaPattern = try #require(renderer.resultItem(item, format: format, viaPattern: true))
        #expect(viaPattern == renderer.resultItem(item, format: format, viaPattern: false))
        #expect(viaPattern.contains("Dòng ba") && !viaPattern.contains("<b>thẻ"))
    }

    /// The rows of the per-unit table are written by filling the row template's text too: the same text, escaping
    /// included, in each format; a template that does more to a text than write it is written by Mustache.
    @Test(arguments: [SynthesisFormat.md, .html, .docx])
    func aUnitRowIsWrittenAsItsTemplateWritesIt(_ format: SynthesisFormat) throws {
        let table = UnitTable(
            criteria: [
                CriterionHeader(id: "a", label: LocalizedText(vi: "A", en: "A"), unitOfMeasure: "xã", type: .integer),
                CriterionHeader(id: "b", label: LocalizedText(vi: "B", en: "B"), unitOfMeasure: "", type: .text),
            ],
            rows: [
                UnitRow(
                    unit: UnitRef(code: "HN", name: "Thành phố Hà Nội <HN> & *Thủ đô* | #1"), state: .late,
                    reportedAt: Date(timeIntervalSince1970: 1_763_604_000), values: [.number(1234.5), .text("<b>đậm</b> & \"ngoặc\"\nhai")],
                    difficulties: 3, recommendations: 1, warnings: 2, review: nil)
            ])
        let viaPattern = try #require(renderer.unitRow(table, format: format, viaPattern: true))
        #expect(viaPattern == renderer.unitRow(table, format: format, viaPattern: false))
        #expect(viaPattern.contains("Thành phố Hà Nội") && !viaPattern.contains("<b>đậm"))
        // A text written unescaped is filled unescaped; a template escaping otherwise than its format (its own content
        // type) is written by Mustache.
        let library = MustacheLibrary()
        let row = SynthesisView.unitRows(table)[0]
        let pragma = ["md": "MARKDOWN", "html": "HTML", "docx": "XML"][format.rawValue]!
        let raw = try MustacheTemplate(string: "{{%CONTENT_TYPE: \(pragma)}}{{{name}}}|{{name}}|{{#cells}}{{.}};{{/cells}}")
        let pattern = try #require(UnitRowPattern(raw, library: library, cells: 2, escape: SynthesisRenderer.escape(format), checkedOn: row))
        #expect(pattern.render(row) == raw.render(row, library: library) && pattern.render(row).contains("<HN>"))
        let otherPragma = format == .md ? "HTML" : "MARKDOWN"
        let other = try MustacheTemplate(string: "{{%CONTENT_TYPE: \(otherPragma)}}{{name}}|{{#cells}}{{.}};{{/cells}}")
        #expect(UnitRowPattern(other, library: library, cells: 2, escape: SynthesisRenderer.escape(format), checkedOn: row) == nil)
    }

    @Test func aReportLessThanAMinuteLateIsSaidSo() {
        #expect(VietnameseFormat.lateness(0) == "dưới 1 phút" && VietnameseFormat.lateness(59) == "dưới 1 phút")
        #expect(VietnameseFormat.lateness(60) == "1 phút" && VietnameseFormat.lateness(36_278) == "10 giờ 4 phút")
    }

    @Test func aColumnOfNumbersHasOneCountOfDecimals() {
        #expect(Language.decimals(of: [96.9, 91, nil, 88.5]) == 1)
        #expect(VietnameseFormat.number(91, decimals: 1) == "91,0" && VietnameseFormat.number(1134, decimals: 0) == "1.134")
        #expect(VietnameseFormat.percent(9) == "9,0%" && VietnameseFormat.percentChange(200) == "+200,0%")
        #expect(VietnameseFormat.changeLine(12, percent: nil, from: 0) == "tăng từ 0 lên 12")
    }

    @Test func aPeriodNotClosedIsSaidToBeProvisional() throws {
        let early = try synthesize(period: "2025-W46", asOf: "2025-11-20T07:30:00+07:00")
        #expect(early.heading.isProvisional)
        let md = String(decoding: try renderer.render(early, as: .md), as: UTF8.self)
        #expect(md.contains("**Số liệu tạm tính** đến 07:30 ngày 20/11/2025"))
        #expect(!(try synthesize(asOf: Self.asOf)).heading.isProvisional)
    }
}

/// Changes like for like, the direction of good news, and results by topic, each on a week made for it.
@Suite struct LikeForLikeTests {
    static let validator = ReportValidator(catalog: shippedCatalog)

    static func store(_ unit: String, week: Int, staff: Int, recruited: Int, surplus: Int, in archive: MemoryStore) throws {
        var report = ReportBuilder()
        report.unit = unit
        report.period = "2025-W\(week)"
        report.set("hr.staff_in_post", staff)
        report.set("hr.recruited", recruited)
        report.set("fa.hq_surplus", surplus)
        report.set("fa.hq_surplus_handled", 0)
        report.results = ["personnel": "\(unit): tuyển dụng \(recruited) người.", "general": "\(unit) vận hành ổn định."]
        let received = instant("2025-11-19T07:00:00+07:00")
        let checked = try #require(validator.check(Data(report.json().utf8), fileName: "\(unit).json", receivedAt: received).report)
        archive.store(checked, sha256: "\(unit)-\(week)", receivedAt: received)
    }

    /// Hà Nội reports both weeks, Hải Phòng only the first, Huế only the second: the totals fall from 3,000 to 2,600,
    /// but the one unit in both weeks went from 1,000 to 1,100, and that is the change.
    static func week() throws -> Synthesis {
        let archive = MemoryStore()
        try store("HN", week: 45, staff: 1000, recruited: 0, surplus: 10, in: archive)
        try store("HP", week: 45, staff: 2000, recruited: 5, surplus: 10, in: archive)
        try store("HN", week: 46, staff: 1100, recruited: 12, surplus: 14, in: archive)
        try store("HUE", week: 46, staff: 1500, recruited: 3, surplus: 1, in: archive)
        return try SynthesisBuilder(catalog: shippedCatalog, settings: synthesisSettings, archive: archive)
            .build(schedule: shippedCatalog.schedules["province-weekly"]!, asOf: instant("2025-11-20T09:00:00+07:00"))
    }

    static func figure(_ s: Synthesis, _ id: String) throws -> Figure {
        try #require(s.figures.flatMap(\.figures).first { $0.criterionId == id })
    }

    @Test func aDifferentUnitMissingEachWeekMovesNothingButTheTotals() throws {
        let staff = try Self.figure(try Self.week(), "hr.staff_in_post")
        #expect(staff.value == 2600 && staff.previous == 3000 && staff.units == 2 && staff.previousUnits == 2)
        #expect(staff.comparableUnits == 1 && staff.comparableValue == 1100 && staff.comparablePrevious == 1000)
        #expect(staff.change == 100 && staff.changePercent == 10)
        let md = String(decoding: try renderer.render(try Self.week(), as: .md), as: UTF8.self)
        #expect(md.contains("| 2.600 | 3.000 | +100 (+10,0%) | 2 / 2 | 1 |"))
    }

    @Test func aRiseFromZeroIsSaidAsSuch() throws {
        let recruited = try Self.figure(try Self.week(), "hr.recruited")
        #expect(recruited.change == 12 && recruited.changePercent == nil)
        let md = String(decoding: try renderer.render(try Self.week(), as: .md), as: UTF8.self)
        #expect(md.contains("| tăng từ 0 lên 12 |"))
    }

    /// Recruitment up is good news, surplus premises up bad news, staff in post up neither.
    @Test func changesAreColouredAsTheTemplateSaysGoodNewsReads() throws {
        let s = try Self.week()
        #expect(try Self.figure(s, "hr.recruited").reading == .good)
        #expect(try Self.figure(s, "fa.hq_surplus").reading == .bad)
        #expect(try Self.figure(s, "hr.staff_in_post").reading == .neutral)
        let html = String(decoding: try renderer.render(s, as: .html), as: UTF8.self)
        #expect(html.contains(#"<td class="n good">+12</td>"#) && html.contains(#"<td class="n bad">+4</td>"#))
        #expect(html.contains(#"<td class="n neutral">+100</td>"#))
        let rows = SynthesisWorkbook.summary(s).rows
        func changeCell(_ label: String) -> Cell? { rows.first { $0.count > 6 && $0[1] == .text(label, .wrapped) }?[6] }
        #expect(changeCell("Số người được tuyển dụng trong kỳ")?.style == .goodChange)
        #expect(changeCell("Số trụ sở, cơ sở nhà đất dôi dư")?.style == .badChange)
        #expect(changeCell("Số cán bộ, công chức, viên chức cấp xã hiện có")?.style == .integer)
        // A difficulty indicator counts as worse when it moves the bad way only.
        #expect(!s.attention.rises.contains { $0.indicator == "hr.recruited" })
    }

    @Test func resultsAreListedByTopicInRegistryOrderWithTheUnitNamed() throws {
        let s = try Self.week()
        #expect(s.results.map(\.topic) == ["personnel", "general"])
        #expect(s.results[0].items.map(\.unit.code) == ["HN", "HUE"])
        #expect(s.results[0].items[0].text == "HN: tuyển dụng 12 người.")
        let md = String(decoding: try renderer.render(s, as: .md), as: UTF8.self)
        #expect(
            md.contains(
                "## Phụ lục II: Kết quả đạt được của từng địa phương\n\n### Tổ chức bộ máy, cán bộ, công chức, viên chức cấp xã\n\n- **Thành phố Hà Nội:** HN: tuyển dụng 12 người."
            ))
        // The body says how many reported on each topic; each unit's words are in the appendix.
        #expect(
            md.contains("## III. Kết quả đạt được\n\n- **Tổ chức bộ máy, cán bộ, công chức, viên chức cấp xã**: 2 địa phương báo cáo kết quả; số"))
    }

    /// A report of the template before results were asked by topic still counts, its one text under "Kết quả chung".
    @Test func aReportOfTheOldTemplateStillCountsWithItsOneText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-old-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repo.templates, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let current = try String(contentsOf: folder.appendingPathComponent("criteria/province-weekly.yaml"), encoding: .utf8)
        let old = current.replacingOccurrences(of: "version: \"1.1\"", with: "version: \"1.0\"")
            .replacingOccurrences(of: "byTopic: true", with: "byTopic: false")
        try old.write(to: folder.appendingPathComponent("criteria/province-weekly-1.0.yaml"), atomically: true, encoding: .utf8)
        let catalog = try CatalogLoader.load(directory: folder)
        let archive = MemoryStore()
        var before = ReportBuilder()
        before.version = "1.0"
        before.results = "Hà Nội vận hành ổn định (mẫu cũ)."
        var now = ReportBuilder()
        now.unit = "HP"
        let received = instant("2025-11-20T07:00:00+07:00")
        for (report, name) in [(before, "HN.json"), (now, "HP.json")] {
            let checked = try #require(
                ReportValidator(catalog: catalog).check(Data(report.json().utf8), fileName: name, receivedAt: received).report)
            archive.store(checked, sha256: name, receivedAt: received)
        }
        // A single text where the new version takes topics is refused, naming them.
        let refused = ReportValidator(catalog: catalog).check(
            Data(before.json().replacingOccurrences(of: "\"1.0\"", with: "\"1.1\"").utf8), fileName: "x.json")
        #expect(refused.errors.map(\.code) == [.unknownTopic] && refused.errors[0].message.vi.contains("Tổ chức bộ máy"))
        let s = try SynthesisBuilder(catalog: catalog, settings: synthesisSettings, archive: archive)
            .build(schedule: catalog.schedules["province-weekly"]!, asOf: instant("2025-11-20T09:00:00+07:00"))
        #expect(s.heading.templateVersionsUsed == ["1.0", "1.1"])
        #expect(s.results.first?.topic == "" && s.results.first?.label.vi == "Kết quả chung")
        #expect(s.results.first?.items.map(\.unit.code) == ["HN"])
        #expect(s.results.dropFirst().allSatisfy { $0.items.map(\.unit.code) == ["HP"] })
    }
}
