import Foundation
import TonghopCore
import TonghopOffice

/// The blank report form of one unit for one period, written from the criteria template: the template is the single
/// source of truth for the form and for the check of what comes back.
public enum ReportForm {
    typealias Layout = ReportFormLayout

    /// The form as a workbook. `prefill` (a report read from any file) fills in its answers and narrative, e.g. last
    /// week's figures to correct; the unit, period and template are always the ones given. `tasks` are the open tasks of
    /// the unit (of `register`), listed on the sheet *Nhiệm vụ* when there are any.
    public static func make(
        template: CriteriaTemplate, schedule: Schedule, unit: ReportingUnit, period: Period, registry: UnitRegistry, prefill: ReportDraft? = nil,
        contact: SubmissionContact = SubmissionContact(), tasks: [AssignedTask] = [], register: TaskRegister = TaskRegister()
    ) -> Workbook {
        let lists = Lists(template: template, registry: registry)
        var workbook = Workbook(created: period.start, title: "\(template.title.vi) — \(unit.name), \(period.key)")
        workbook.sheets = [
            reportSheet(template: template, schedule: schedule, unit: unit, period: period, lists: lists, prefill: prefill, contact: contact),
            difficultiesSheet(lists: lists, prefill: prefill),
            recommendationsSheet(lists: lists, prefill: prefill),
        ]
        if !tasks.isEmpty { workbook.sheets.append(tasksSheet(tasks, register: register, prefill: prefill)) }
        workbook.sheets.append(lists.sheet)
        return workbook
    }

    // MARK: - The report sheet

    private static func reportSheet(
        template: CriteriaTemplate, schedule: Schedule, unit: ReportingUnit, period: Period, lists: Lists, prefill: ReportDraft?,
        contact: SubmissionContact
    ) -> Worksheet {
        let vi = Language.vi
        var rows: [[Cell]] = [
            [.text(template.title.vi, .title)],
            [.text(instructions(deadline: schedule.onTimeLimit(of: period), contact: contact), .note)],
            [],
            // The codes the form is read back by stay in D, small and grey; what a person reads is beside them, in E.
            [.text("unit", .code), .text("Đơn vị báo cáo", .wrapped), .empty, .text(unit.code, .code), .text(unit.name, .bold)],
            [
                .text("period", .code), .text("Kỳ báo cáo", .wrapped), .empty, .text(period.key, .code),
                .text("\(vi.period(period.key)): từ \(vi.date(period.firstDay)) đến \(vi.date(period.lastDay))", .bold),
            ],
            [.text("template", .code), .text("Mẫu báo cáo", .wrapped), .empty, .text(template.id, .code), .text(template.title.vi, .wrapped)],
            [
                .text("templateVersion", .code), .text("Phiên bản mẫu", .wrapped), .empty, .text(template.version, .code),
                .text("phiên bản " + template.version),
            ],
            [.text("preparedBy", .code), .text("Người lập báo cáo, đơn vị"), .empty, .text(prefill?.preparedBy?.value ?? "", .input)],
            [],
            [Layout.criteriaHeaderKey, "Tiêu chí", "Đơn vị tính", "Giá trị", "Hướng dẫn"].map { Cell.text($0, .header) },
        ]
        let header = rows.count
        var validations: [DataValidation] = []
        // Rows whose label, answer or hint runs over a line are made tall enough for it: spreadsheets keep a row's
        // stored height, and a wrapped text in a row of one line runs over the rows below.
        var heights: [Int: Double] = [:]
        let prefilled = Dictionary((prefill?.values ?? []).map { ($0.criterionId, $0.raw) }, uniquingKeysWith: { first, _ in first })
        for group in template.groups {
            let criteria = template.criteria.filter { $0.group == group.id }
            guard !criteria.isEmpty else { continue }
            rows.append([.empty, .text(group.label.vi, .bold)])
            for criterion in criteria {
                let row = rows.count + 1
                let cell = CellReference.cell(column: Layout.valueColumn, row: row)
                let label = criterion.label.vi + (criterion.required ? " (*)" : "")
                let answer = value(prefilled[criterion.id], for: criterion)
                rows.append([
                    .text(criterion.id, .code), .text(label, .wrapped), .text(criterion.unitOfMeasure, .wrapped), answer,
                    .text(hint(criterion), .note),
                ])
                var answerText = ""
                if case .text(let text) = answer.value { answerText = text }
                let lines = max(
                    Worksheet.lines(label, width: 58), Worksheet.lines(hint(criterion), width: 40 * 1.1), Worksheet.lines(answerText, width: 18))
                if lines > 1 { heights[row] = Double(lines) * 14 + 2 }
                if let validation = validation(criterion, cell: cell, lists: lists) { validations.append(validation) }
            }
        }
        rows.append([])
        // The results: one text, or one per topic (a group of the template) where the template takes them so.
        let required = template.narrative.resultsRequired ? " (*)" : ""
        let resultRows: [(key: String, label: String, text: String)] =
            template.narrative.resultsByTopic
            ? template.groups.map { group in
                (
                    Layout.resultsKey(topic: group.id), "Kết quả đạt được: \(group.label.vi)",
                    prefill?.topicResults.first { $0.code.value == group.id }?.text.value ?? ""
                )
            }
            : [(Layout.resultsKey, "Kết quả đạt được trong kỳ" + required, prefill?.results?.value ?? "")]
        let resultsRow = rows.count + 1
        for row in resultRows { rows.append([.text(row.key, .code), .text(row.label, .wrapped), .empty, .text(row.text, .inputWrapped)]) }
        if template.narrative.resultsByTopic {
            rows.append([
                .empty,
                .text(
                    "Ghi kết quả đạt được theo từng nhóm nội dung; nhóm không có kết quả thì để trống\(required.isEmpty ? "" : ", nhưng phải ghi ít nhất một nhóm").",
                    .note),
            ])
        }
        let resultsRows = resultsRow..<(resultsRow + resultRows.count)
        // Column A is as wide as the longest code in its small italic (about 0.85 of a character each), so that no code is
        // cut or runs into the next cell; the style shrinks one that is wider still.
        let longest = template.criteria.map(\.id.count).max() ?? 20
        let codeWidth = Double(min(max(longest, 16), 44)) * 0.85 + 2
        var sheet = Worksheet(name: Layout.reportSheet, columnWidths: [codeWidth, 58, 12, 18, 40], rows: rows, frozenRows: header)
        sheet.hiddenColumns = [Layout.keyColumn]
        sheet.merges = ["A1:E1", "A2:E2"] + resultsRows.map { "D\($0):E\($0)" }
        let resultHeight = template.narrative.resultsByTopic ? 110.0 : 180.0
        // The template's title in E, on as many lines as it wraps to (row 6: after the title, the instructions, a blank line,
        // the unit and the period).
        let titleLines = Worksheet.lines(template.title.vi, width: 40)
        sheet.rowHeights = heights.merging([2: 32, 6: Double(titleLines) * 14 + 2]) { $1 }.merging(resultsRows.map { ($0, resultHeight) }) { $1 }
        sheet.validations = validations
        sheet.isProtected = true
        sheet.printTitleRows = header...header
        return sheet
    }

    /// The answer a prefilled report gave, in the cell style of the criterion's type. A percentage cell shows 93.4% and
    /// holds 0.934, as Excel keeps what is typed into it: officers type "93,4%" the way they always do.
    private static func value(_ raw: RawValue?, for criterion: Criterion) -> Cell {
        let style: CellStyle =
            switch criterion.type {
            case .date: .inputDate
            case .text: .inputWrapped
            case .percentage: .inputPercent
            default: .input
            }
        func number(_ n: Double) -> Cell { .number(criterion.type == .percentage ? NumberText.fraction(fromPercent: n) : n, style) }
        switch raw {
        case .number(let n)?: return number(n)
        case .boolean(let b)?: return .text(b ? "Có" : "Không", style)
        case .text(let s)? where criterion.type == .date:
            return LocalDate(written: s).map { .number(Double(ExcelDate.serial($0)), style) } ?? .text(s, style)
        case .text(let s)? where criterion.type == .yesNo:
            return .text(CriterionValue.yesNo(parsing: s).map { $0 ? "Có" : "Không" } ?? s, style)
        case .text(let s)? where criterion.type == .integer && NumberText.groupedWhole(s) != nil:
            return number(NumberText.groupedWhole(s)!)
        case .text(let s)? where criterion.type.isNumeric:
            return ReportValidator.parseNumber(s, percent: criterion.type == .percentage).map(number) ?? .text(s, style)
        case .text(let s)?: return .text(s, style)
        case .empty?, .unreadable?, nil: return Cell(.empty, style)
        }
    }

    /// The line under the title: what to fill, how to send the file and by when, as officers send it (the upload page,
    /// or a mailbox when there is one), never a command.
    static func instructions(deadline: Date, contact: SubmissionContact) -> String {
        let page = contact.uploadPage.isEmpty ? "trang Nộp báo cáo của hệ thống tổng hợp" : "trang Nộp báo cáo \(contact.uploadPage)"
        var line = "Điền các ô màu vàng, lưu tệp dưới dạng .xlsx rồi nộp tại \(page) (đăng nhập bằng mã truy cập của đơn vị)"
        if !contact.mail.isEmpty { line += " hoặc gửi thư điện tử đến \(contact.mail)" }
        return line + " trước \(Language.vi.deadline(deadline)); nơi nhận: \(contact.office). Chỉ điền các ô màu vàng, không sửa các ô khác."
    }

    private static func hint(_ c: Criterion) -> String {
        let (low, high) = c.effectiveBounds
        func n(_ v: Double) -> String { Language.vi.number(v) }
        let range =
            switch (low, high) {
            case (let l?, let h?): " từ \(n(l)) đến \(n(h))"
            case (let l?, nil): " từ \(n(l)) trở lên"
            case (nil, let h?): " đến \(n(h))"
            case (nil, nil): ""
            }
        let what =
            switch c.type {
            case .integer: "Số nguyên" + range
            case .decimal: "Số, phần thập phân sau dấu phẩy (ví dụ 3,5)" + range
            case .percentage: "Tỷ lệ %" + range + ", gõ như 93,4%"
            case .yesNo: "Chọn Có hoặc Không"
            case .choice: "Chọn một: " + c.choices.joined(separator: "; ")
            case .date: "Ngày, dạng dd/mm/yyyy"
            case .text: "Văn bản" + (c.maxLength.map { ", tối đa \($0) ký tự" } ?? "")
            }
        return what + (c.required ? "; bắt buộc" : "; có thể để trống")
    }

    /// Excel's own check on a value cell, from the criterion: Excel refuses a wrong entry as it is typed.
    private static func validation(_ c: Criterion, cell: String, lists: Lists) -> DataValidation? {
        let (low, high) = c.effectiveBounds
        // Excel's formulas take numbers as a machine writes them, whatever the language of the sheet.
        func n(_ v: Double) -> String { RawValue.number(v).description }
        let error = "\(c.label.vi): \(hint(c))"
        switch c.type {
        case .integer, .decimal:
            let kind: DataValidation.Kind = c.type == .integer ? .whole : .decimal
            return DataValidation(
                kind: kind, comparison: "between", formula1: n(low ?? -1e12), formula2: n(high ?? 1e12), cells: cell,
                prompt: hint(c), error: error)
        case .percentage:
            // The cell holds the fraction (93.4% is 0.934), so Excel's check is on fractions.
            return DataValidation(
                kind: .decimal, comparison: "between", formula1: n(NumberText.fraction(fromPercent: low ?? 0)),
                formula2: n(NumberText.fraction(fromPercent: high ?? 100)), cells: cell, prompt: hint(c), error: error)
        case .yesNo:
            return DataValidation(kind: .list, formula1: "\"Có,Không\"", cells: cell, prompt: hint(c), error: error)
        case .choice:
            return DataValidation(kind: .list, formula1: lists.range(forChoices: c.id), cells: cell, prompt: hint(c), error: error)
        case .date:
            return DataValidation(
                kind: .date, comparison: "between", formula1: String(ExcelDate.serial(LocalDate(year: 2000, month: 1, day: 1))),
                formula2: String(ExcelDate.serial(LocalDate(year: 2100, month: 12, day: 31))), cells: cell, prompt: hint(c), error: error)
        case .text:
            guard let max = c.maxLength else { return nil }
            return DataValidation(kind: .textLength, comparison: "lessThanOrEqual", formula1: String(max), cells: cell, prompt: hint(c), error: error)
        }
    }

    // MARK: - Difficulties and recommendations

    private static func difficultiesSheet(lists: Lists, prefill: ReportDraft?) -> Worksheet {
        var rows: [[Cell]] = [
            [.text("Khó khăn, vướng mắc: mỗi dòng một khó khăn; chọn lĩnh vực trong danh sách.", .title)],
            [Layout.listHeaderKey, "Lĩnh vực", "Nội dung khó khăn, vướng mắc"].map { Cell.text($0, .header) },
        ]
        let items = prefill?.difficulties.map { [lists.fieldChoice($0.code.value), $0.text.value] } ?? []
        for i in 0..<max(Layout.listRows, items.count + 5) {
            let item = i < items.count ? items[i] : ["", ""]
            rows.append([.number(Double(i + 1)), .text(item[0], .input), .text(item[1], .inputWrapped)])
        }
        // The field column as wide as the longest field's name: a choice cut short is a choice misread.
        let fieldWidth = Double(max(40, (lists.fields.map(\.count).max() ?? 0) + 4))
        var sheet = Worksheet(name: Layout.difficultiesSheet, columnWidths: [6, fieldWidth, 90], rows: rows, frozenRows: 2)
        sheet.validations = [
            DataValidation(
                kind: .list, formula1: lists.fieldsRange, cells: "B3:B\(rows.count)", prompt: "Chọn lĩnh vực",
                error: "Chọn một lĩnh vực trong danh sách")
        ]
        sheet.isProtected = true
        sheet.printTitleRows = 2...2
        return sheet
    }

    private static func recommendationsSheet(lists: Lists, prefill: ReportDraft?) -> Worksheet {
        var rows: [[Cell]] = [
            [.text("Kiến nghị, đề xuất: mỗi dòng một kiến nghị; chọn cơ quan nhận (một vấn đề gửi nhiều bộ: chọn thêm ở cột C, D).", .title)],
            [Layout.listHeaderKey, "Cơ quan nhận", "Cơ quan nhận (2)", "Cơ quan nhận (3)", "Nội dung kiến nghị, đề xuất"].map {
                Cell.text($0, .header)
            },
        ]
        let items =
            prefill?.recommendations.map { item -> [String] in
                let addressees = item.code.value.split(separator: ";").map { lists.addresseeChoice(String($0).trimmed) }
                return (addressees + ["", "", ""]).prefix(3) + [item.text.value]
            } ?? []
        for i in 0..<max(Layout.listRows, items.count + 5) {
            let item = i < items.count ? items[i] : ["", "", "", ""]
            rows.append([
                .number(Double(i + 1)), .text(item[0], .input), .text(item[1], .input), .text(item[2], .input), .text(item[3], .inputWrapped),
            ])
        }
        let addresseeWidth = Double(max(34, (lists.addressees.map(\.count).max() ?? 0) + 4))
        var sheet = Worksheet(
            name: Layout.recommendationsSheet, columnWidths: [6, addresseeWidth, addresseeWidth, addresseeWidth, 80], rows: rows, frozenRows: 2)
        sheet.validations = [
            DataValidation(
                kind: .list, formula1: lists.addresseesRange, cells: "B3:D\(rows.count)", prompt: "Chọn cơ quan nhận",
                error: "Chọn một cơ quan trong danh sách")
        ]
        sheet.isProtected = true
        sheet.landscape = true
        sheet.printTitleRows = 2...2
        return sheet
    }

    /// The open tasks of the unit, one a row: what, by which directive and by when, for people; the status (a drop-down),
    /// the completion day, the product and a note to fill.
    private static func tasksSheet(_ tasks: [AssignedTask], register: TaskRegister, prefill: ReportDraft?) -> Worksheet {
        var rows: [[Cell]] = [
            [
                .text(
                    "Nhiệm vụ được giao: mỗi dòng một nhiệm vụ; chọn tình trạng, ghi ngày hoàn thành (dd/mm/yyyy) khi đã hoàn thành, "
                        + "sản phẩm (số, ký hiệu văn bản) và ghi chú.", .title)
            ],
            [Layout.tasksHeaderKey, "Nhiệm vụ", "Văn bản giao", "Hạn", "Tình trạng", "Ngày hoàn thành", "Sản phẩm", "Ghi chú"].map {
                Cell.text($0, .header)
            },
        ]
        let prefilled = Dictionary((prefill?.tasks ?? []).map { ($0.taskId.value, $0) }, uniquingKeysWith: { first, _ in first })
        for task in tasks {
            let given = prefilled[task.id]
            let status = given?.status.flatMap { TaskStatus(written: $0.value) }.map { statusChoice($0) } ?? ""
            let completed: Cell =
                given?.completedOn.flatMap { LocalDate(written: $0.value) }.map { .number(Double(ExcelDate.serial($0)), .inputDate) }
                ?? .text("", .inputDate)
            rows.append([
                .text(task.id, .code), .text(task.text, .wrapped),
                .text(register.directive(task.directiveId)?.citation ?? task.directiveId, .wrapped),
                .text(task.deadline?.text(in: .vi) ?? Message(.taskRegular).vi, .wrapped), .text(status, .input), completed,
                .text(given?.product?.value ?? "", .inputWrapped), .text(given?.note?.value ?? "", .inputWrapped),
            ])
        }
        let last = rows.count
        var sheet = Worksheet(name: Layout.tasksSheet, columnWidths: [22, 50, 26, 13, 17, 17, 30, 30], rows: rows, frozenRows: 2)
        sheet.hiddenColumns = [Layout.keyColumn]
        sheet.merges = ["A1:H1"]
        sheet.rowHeights = [1: 32]
        sheet.validations = [
            DataValidation(
                kind: .list, formula1: "\"" + TaskStatus.allCases.map(statusChoice).joined(separator: ",") + "\"", cells: "E3:E\(last)",
                prompt: "Chọn tình trạng thực hiện", error: "Chọn một tình trạng trong danh sách"),
            DataValidation(
                kind: .date, comparison: "between", formula1: String(ExcelDate.serial(LocalDate(year: 2025, month: 1, day: 1))),
                formula2: String(ExcelDate.serial(LocalDate(year: 2100, month: 12, day: 31))), cells: "F3:F\(last)",
                prompt: "Ngày hoàn thành, dạng dd/mm/yyyy", error: "Ghi một ngày, dạng dd/mm/yyyy"),
        ]
        sheet.fitWrappedRows()
        sheet.isProtected = true
        sheet.landscape = true
        sheet.printTitleRows = 2...2
        return sheet
    }

    /// A status as the drop-down offers it: "Đã hoàn thành".
    private static func statusChoice(_ status: TaskStatus) -> String {
        status.label.vi.prefix(1).uppercased() + status.label.vi.dropFirst()
    }

    /// The choices of the drop-down lists, on a hidden sheet: a list written in the validation itself is limited to
    /// 255 characters, and the addressees alone are more.
    struct Lists {
        var fields: [String]
        var fieldCodes: [String]
        var addressees: [String]
        var addresseeCodes: [String]
        var choices: [(id: String, values: [String])]

        init(template: CriteriaTemplate, registry: UnitRegistry) {
            // Labels only, as people read them; the validator reads a label back as its code.
            fields = template.narrative.difficultyFields.map(\.label.vi)
            fieldCodes = template.narrative.difficultyFields.map(\.code)
            var addressees: [(String, String)] = []
            for choice in template.narrative.addressees {
                if choice.code == NarrativeSpec.ministryAddressee {
                    for unit in registry.units where unit.kind.isCentral {
                        addressees.append((unit.name, "\(choice.code):\(unit.code)"))
                    }
                } else {
                    addressees.append((choice.label.vi, choice.code))
                }
            }
            self.addressees = addressees.map(\.0)
            addresseeCodes = addressees.map(\.1)
            choices = template.criteria.filter { $0.type == .choice }.map { ($0.id, $0.choices) }
        }

        func fieldChoice(_ code: String) -> String { fieldCodes.firstIndex(of: code).map { fields[$0] } ?? code }
        func addresseeChoice(_ code: String) -> String { addresseeCodes.firstIndex(of: code).map { addressees[$0] } ?? code }

        private static func range(column: Int, count: Int) -> String {
            let letter = CellReference.column(column)
            return "'\(Layout.listsSheet)'!$\(letter)$2:$\(letter)$\(max(count, 1) + 1)"
        }

        var fieldsRange: String { Self.range(column: 0, count: fields.count) }
        var addresseesRange: String { Self.range(column: 1, count: addressees.count) }
        func range(forChoices id: String) -> String {
            Self.range(column: 2 + (choices.firstIndex { $0.id == id } ?? 0), count: choices.first { $0.id == id }?.values.count ?? 1)
        }

        var sheet: Worksheet {
            let columns = [fields, addressees] + choices.map(\.values)
            let height = columns.map(\.count).max() ?? 0
            var rows: [[Cell]] = [(["fields", "addressees"] + choices.map(\.id)).map { Cell.text($0, .header) }]
            for i in 0..<height { rows.append(columns.map { i < $0.count ? .text($0[i]) : .empty }) }
            var sheet = Worksheet(name: Layout.listsSheet, columnWidths: columns.map { _ in 40 }, rows: rows)
            sheet.isHidden = true
            sheet.isProtected = true
            return sheet
        }
    }
}
