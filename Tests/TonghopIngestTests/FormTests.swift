import Foundation
import Testing
import TonghopCore
import TonghopOffice
import TonghopTestSupport

@testable import TonghopIngest

@Suite struct FormTests {
    static let schedule = shippedCatalog.schedules["province-weekly"]!
    static let template = shippedCatalog.template("province-weekly", version: "1.0")!
    static let hanoi = shippedCatalog.registry.unit("HN")!
    static let week46 = try! schedule.period(forKey: "2025-W46").get()

    /// A report built in code, with every kind of answer, two addressees and Vietnamese text.
    static func fullReport() -> ReportBuilder {
        var b = ReportBuilder()
        b.set("gen.data_cutoff_date", "2025-11-19")
        b.set("gen.contact", "Văn phòng UBND, 024 3825 0000")
        b.set("it.avg_processing_days", 3.5)
        b.set("gen.apparatus_smooth", false)
        b.results = "Trong tuần, các xã vận hành ổn định.\nTiếp nhận 1.134 nhiệm vụ."
        b.difficulties = [["field": "land", "text": "Thiếu công chức địa chính."], ["field": "it-digital", "text": "Đường truyền chưa ổn định."]]
        b.recommendations = [
            ["addressee": "ministry:BTC; ministry:BXD", "text": "Đề nghị hướng dẫn sửa chữa trụ sở."],
            ["addressee": "government", "text": "Đề nghị ban hành nghị định."],
        ]
        return b
    }

    static func form(from text: String, format: ReportFormat) throws -> Data {
        let draft = try #require(ReportReader.read(Data(text.utf8), fileName: "r.\(format.rawValue)").draft)
        return try ReportForm.make(
            template: template, schedule: schedule, unit: hanoi, period: week46, registry: shippedCatalog.registry,
            prefill: draft
        ).xlsxData()
    }

    static func check(_ data: Data, name: String = "form.xlsx") -> ValidationOutcome {
        ReportValidator(catalog: shippedCatalog).check(data, fileName: name)
    }

    @Test func aFormFilledFromAReportReadsBackAsThatReport() throws {
        let report = Self.fullReport()
        let fromJSON = try #require(report.check().report)
        let fromForm = try #require(Self.check(try Self.form(from: report.json(), format: .json)).report)
        #expect(fromForm.values == fromJSON.values)
        #expect(fromForm.results == fromJSON.results)
        #expect(fromForm.difficulties == fromJSON.difficulties)
        #expect(fromForm.recommendations == fromJSON.recommendations)
        #expect(fromForm.unit == fromJSON.unit && fromForm.period == fromJSON.period && fromForm.templateVersion == "1.0")
    }

    @Test func theBlankFormListsEveryCriterionWithExcelsOwnChecks() throws {
        let sheets = try WorkbookReader.read(
            try ReportForm.make(
                template: Self.template, schedule: Self.schedule, unit: Self.hanoi,
                period: Self.week46, registry: shippedCatalog.registry
            ).xlsxData())
        #expect(sheets.map(\.name) == ["Báo cáo", "Khó khăn", "Kiến nghị", "Danh mục"])
        let report = sheets[0]
        let keys = report.rowNumbers.compactMap { row -> String? in
            if case .text(let key)? = report.value(row: row, column: 0) { return key } else { return nil }
        }
        #expect(Set(Self.template.criteria.map(\.id)).isSubset(of: Set(keys)))
        #expect(keys.contains("unit") && keys.contains("results"))
        // The blank form is rejected for its empty required answers, each named by its cell.
        let outcome = Self.check(
            try ReportForm.make(
                template: Self.template, schedule: Self.schedule, unit: Self.hanoi, period: Self.week46,
                registry: shippedCatalog.registry
            ).xlsxData())
        let missing = outcome.errors.filter { $0.code == .missingCriterion }
        #expect(missing.count == Self.template.criteria.filter(\.required).count)
        #expect(missing.allSatisfy { $0.location.cell?.hasPrefix("Báo cáo!D") == true })
    }

    @Test func theFormsXMLCarriesValidationLockingAndPrintSetup() throws {
        let data = try ReportForm.make(
            template: Self.template, schedule: Self.schedule, unit: Self.hanoi, period: Self.week46,
            registry: shippedCatalog.registry
        ).xlsxData()
        let parts = try officeTexts(data)
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<sheetProtection sheet=\"1\"") && sheet.contains("state=\"frozen\"") && sheet.contains("paperSize=\"9\""))
        #expect(sheet.contains("type=\"whole\" ") && sheet.contains("type=\"list\" ") && sheet.contains("type=\"date\" "))
        #expect(sheet.contains("<formula1>0</formula1><formula2>2000</formula2>"))
        #expect(parts["xl/workbook.xml"]?.contains("name=\"Danh mục\" sheetId=\"4\" state=\"hidden\"") == true)
        #expect(parts["xl/styles.xml"]?.contains("<protection locked=\"0\"/>") == true)
    }

    @Test func aWrongAnswerIsNamedByItsCell() throws {
        var report = Self.fullReport()
        report.set("hr.recruited", -4)
        report.set("gen.overall_assessment", "Xuất sắc")
        let outcome = Self.check(try Self.form(from: report.json(), format: .json))
        let bounds = try #require(outcome.errors.first { $0.code == .outOfBounds })
        let choice = try #require(outcome.errors.first { $0.code == .notInChoices })
        #expect(bounds.criterionId == "hr.recruited" && bounds.location.cell?.hasPrefix("Báo cáo!D") == true)
        #expect(bounds.location.description.contains("cell Báo cáo!D"))
        #expect(choice.criterionId == "gen.overall_assessment")
    }

    /// Files saved by LibreOffice (shared strings, its own styles) and openpyxl (inline strings) by scripts/make-sample-forms.sh.
    @Test(arguments: ["HN", "DNG", "LS"])
    func formsSavedByLibreOfficeAndOpenpyxlReadAsTheirSource(unit: String) throws {
        let name = "forms/province-2025-W47-\(unit).xlsx"
        let received = ISO8601DateFormatter().date(from: "2025-11-26T15:00:00+07:00")!
        let form = ReportValidator(catalog: shippedCatalog).check(try Repo.sample(name), fileName: name, receivedAt: received)
        let report = try #require(form.report, "\(form.issues)")
        let folder = Repo.samples.appendingPathComponent("province-2025-W46")
        let source = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix(unit + ".") })
        let original = try #require(
            ReportValidator(catalog: shippedCatalog)
                .check(try Repo.sample("province-2025-W46/\(source)"), fileName: source, receivedAt: received).report)
        #expect(report.period.key == "2025-W47" && report.unit.code == unit)
        #expect(report.values == original.values)
        #expect(report.difficulties == original.difficulties && report.recommendations == original.recommendations)
        #expect(report.results == original.results)
    }
}

/// The text of every part of an Office package.
func officeTexts(_ data: Data) throws -> [String: String] {
    try officeParts(data).mapValues { String(decoding: $0, as: UTF8.self) }
}
