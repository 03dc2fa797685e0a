import Foundation
import Testing
import TonghopCore
import TonghopOffice
import TonghopTestSupport

@testable import TonghopIngest

@Suite struct FormTests {
    static let schedule = shippedCatalog.schedules["province-weekly"]!
    static let template = shippedCatalog.template("province-weekly", version: "1.1")!
    static let hanoi = shippedCatalog.registry.unit("HN")!
    static let week46 = try! schedule.period(forKey: "2025-W46").get()

    /// A report built in code, with every kind of answer, two addressees and Vietnamese text.
    static func fullReport() -> ReportBuilder {
        var b = ReportBuilder()
        b.set("gen.data_cutoff_date", "2025-11-19")
        b.set("gen.contact", "Văn phòng UBND, 024 3825 0000")
        b.set("it.avg_processing_days", 3.5)
        b.set("gen.apparatus_smooth", false)
        b.results = [
            "decentralization": "Tiếp nhận 1.134 nhiệm vụ.", "general": "Trong tuần, các xã vận hành ổn định.\nBộ máy thông suốt.",
        ]
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
        #expect(fromForm.topicResults == fromJSON.topicResults && fromJSON.topicResults.count == 2)
        #expect(fromForm.difficulties == fromJSON.difficulties)
        #expect(fromForm.recommendations == fromJSON.recommendations)
        #expect(fromForm.unit == fromJSON.unit && fromForm.period == fromJSON.period && fromForm.templateVersion == "1.1")
    }

    /// People see labels only: the keys column is hidden, the drop-downs offer names, and a name chosen there is read
    /// back as what it names.
    @Test func theFormShowsLabelsOnlyAndReadsThemBack() throws {
        let data = try ReportForm.make(
            template: Self.template, schedule: Self.schedule, unit: Self.hanoi, period: Self.week46, registry: shippedCatalog.registry
        ).xlsxData()
        let parts = try officeTexts(data)
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<col min=\"1\" max=\"1\" width=") && sheet.contains("customWidth=\"1\" hidden=\"1\"/><col min=\"2\""))
        let strings = parts["xl/sharedStrings.xml"] ?? ""
        #expect(strings.contains(">Đất đai<") && strings.contains(">Bộ Xây dựng<") && strings.contains(">Thủ tướng Chính phủ<"))
        #expect(!strings.contains("[land]") && !strings.contains("[ministry:BXD]"))
        #expect(strings.contains("Số, phần thập phân sau dấu phẩy (ví dụ 3,5)"))
        // A form filled with the names the drop-downs offer.
        var b = Self.fullReport()
        b.difficulties = [["field": "Đất đai", "text": "Thiếu công chức địa chính."]]
        b.recommendations = [
            ["addressee": "Bộ Tài chính; Bộ Xây dựng", "text": "Đề nghị hướng dẫn."], ["addressee": "Chính phủ", "text": "Đề nghị."],
        ]
        let report = try #require(b.check().report)
        #expect(report.difficulties.map(\.field) == ["land"])
        #expect(report.recommendations.map { $0.addressees.map(\.key) } == [["ministry:BTC", "ministry:BXD"], ["government"]])
        // Another spelling is not a name of the list: refused, the list said.
        b.difficulties = [["field": "đất đai", "text": "Thiếu công chức địa chính."]]
        #expect(b.check().errors.first?.code == .unknownDifficultyField)
    }

    @Test func theFormListsTheUnitsTasksAndReadsTheirProgressBack() throws {
        // Hà Nội's report of week 46 says where it stands on each of its five tasks; the form made from it says the same.
        let received = ISO8601.instant("2025-11-20T07:00:00+07:00")!
        let json = try Repo.sample("province-2025-W46/HN.json")
        let fromJSON = try #require(ReportValidator(catalog: shippedCatalog).check(json, fileName: "HN.json", receivedAt: received).report)
        let draft = try #require(ReportReader.read(json, fileName: "HN.json").draft)
        let tasks = shippedCatalog.tasks.tasks(of: Self.hanoi, on: VietnamTime.date(of: received))
        #expect(tasks.count == 5 && fromJSON.taskProgress.count == 5)
        let data = try ReportForm.make(
            template: Self.template, schedule: Self.schedule, unit: Self.hanoi, period: Self.week46, registry: shippedCatalog.registry,
            prefill: draft, tasks: tasks, register: shippedCatalog.tasks
        ).xlsxData()
        let sheet = try #require(try WorkbookReader.read(data).first { $0.name == "Nhiệm vụ" })
        #expect(sheet.value(row: 2, column: 0) == .text("kl183-settle-policies"))
        #expect(sheet.value(row: 2, column: 4) == .text("Đã hoàn thành"))
        let outcome = ReportValidator(catalog: shippedCatalog).check(data, fileName: "HN.xlsx", receivedAt: received)
        let fromForm = try #require(outcome.report)
        #expect(fromForm.taskProgress == fromJSON.taskProgress)
        #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
        // A row left blank is a task not reported: a warning naming it, the file still taken.
        var blank = draft
        blank.tasks.removeAll { $0.taskId.value == "tb08-planning" }
        let partial = try ReportForm.make(
            template: Self.template, schedule: Self.schedule, unit: Self.hanoi, period: Self.week46, registry: shippedCatalog.registry,
            prefill: blank, tasks: tasks, register: shippedCatalog.tasks
        ).xlsxData()
        let warned = ReportValidator(catalog: shippedCatalog).check(partial, fileName: "HN.xlsx", receivedAt: received)
        #expect(warned.report != nil && warned.warnings.map(\.code) == [.taskUnreported])
        #expect(warned.warnings.first?.message.vi.contains("(tb08-planning)") == true)
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
        // Results by topic: a row for each group of the template.
        #expect(keys.contains("unit") && Set(Self.template.groups.map { "results.\($0.id)" }).isSubset(of: Set(keys)))
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

    /// The form says how officers send it (the upload page, a mailbox), never a command; shows dates as dd/mm/yyyy; and
    /// its codes stay on their line in their column.
    @Test func theFormSpeaksTheOfficersHabits() throws {
        let contact = SubmissionContact(
            office: "Bộ Nội vụ (Vụ Chính quyền địa phương)", uploadPage: "https://tonghop.example.gov.vn/upload", mail: "baocao@example.gov.vn")
        let data = try ReportForm.make(
            template: Self.template, schedule: Self.schedule, unit: Self.hanoi, period: Self.week46, registry: shippedCatalog.registry,
            contact: contact
        ).xlsxData()
        let parts = try officeTexts(data)
        let texts = (parts["xl/sharedStrings.xml"] ?? "") + (parts["xl/worksheets/sheet1.xml"] ?? "")
        #expect(texts.contains("nộp tại trang Nộp báo cáo https://tonghop.example.gov.vn/upload (đăng nhập bằng mã truy cập của đơn vị)"))
        #expect(texts.contains("hoặc gửi thư điện tử đến baocao@example.gov.vn trước 08:00 ngày 20/11/2025"))
        #expect(texts.contains("nơi nhận: Bộ Nội vụ (Vụ Chính quyền địa phương)"))
        #expect(!texts.contains("tonghop submit") && !texts.contains("`"))
        #expect(texts.contains("tuần 46 năm 2025: từ 13/11/2025 đến 19/11/2025"))
        let styles = try #require(parts["xl/styles.xml"])
        #expect(styles.contains("formatCode=\"dd\\/mm\\/yyyy\""))
        #expect(styles.contains("<alignment shrinkToFit=\"1\" vertical=\"top\"/>"), "codes are never wrapped onto other lines")
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        let width = try #require(sheet.range(of: "<col min=\"1\" max=\"1\" width=\"")).upperBound
        let columnA = try #require(Double(sheet[width...].prefix { $0 != "\"" }))
        #expect(columnA >= Double(Self.template.criteria.map(\.id.count).max()!) * 0.85, "column A holds the longest code")
    }

    /// A date typed as text, 19/11/2025, and a whole number typed with dot groups, 1.134, are read as meant, and the
    /// number is said back.
    @Test func textTypedAsOfficersWriteItIsReadAsMeant() throws {
        var rows: [[Cell]] = ReportFormLayout.metaKeys.map { key in
            let value =
                switch key {
                case "unit": "HN"
                case "period": "2025-W46"
                case "template": "province-weekly"
                case "templateVersion": "1.1"
                default: "Sở Nội vụ"
                }
            return [.text(key), .empty, .empty, .text(value)]
        }
        rows.append([.text(ReportFormLayout.criteriaHeaderKey)])
        for (id, value) in ReportBuilder.validValues + [("gen.data_cutoff_date", "")] {
            let written: Cell =
                switch (id, value) {
                case ("gen.data_cutoff_date", _): .text("19/11/2025")
                case ("hr.recruited", _): .text("1.134")
                case (_, let n as Int): .number(Double(n))
                case (_, let d as Double): .number(d)
                case (_, let b as Bool): .text(b ? "Có" : "Không")
                case (_, let s as String): .text(s)
                default: .empty
                }
            rows.append([.text(id), .empty, .empty, written])
        }
        rows.append([.text(ReportFormLayout.resultsKey + ".general"), .empty, .empty, .text("Các xã vận hành ổn định.")])
        var workbook = Workbook(created: Date(timeIntervalSince1970: 0), title: "t")
        workbook.sheets = [Worksheet(name: ReportFormLayout.reportSheet, rows: rows)]
        let outcome = Self.check(try workbook.xlsxData())
        let report = try #require(outcome.report, "\(outcome.errors)")
        let values = Dictionary(uniqueKeysWithValues: report.values.map { ($0.criterionId, $0.value) })
        #expect(values["gen.data_cutoff_date"] == .date(LocalDate(year: 2025, month: 11, day: 19)))
        #expect(values["hr.recruited"] == .number(1134))
        let note = try #require(outcome.issues.first { $0.code == .readAs })
        #expect(
            note.location.place(in: .vi)
                == "ô D\(ReportFormLayout.metaKeys.count + 1 + ReportBuilder.validValues.firstIndex { $0.0 == "hr.recruited" }! + 1) trang Báo cáo")
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
        #expect(report.topicResults == original.topicResults && original.topicResults.count == 5)
    }
}

/// The text of every part of an Office package.
func officeTexts(_ data: Data) throws -> [String: String] {
    try officeParts(data).mapValues { String(decoding: $0, as: UTF8.self) }
}
