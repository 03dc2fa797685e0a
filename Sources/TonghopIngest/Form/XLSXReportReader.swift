import TonghopCore
import TonghopOffice

/// Reads a filled report form (or any workbook laid out the same way) into the same draft as the JSON and CSV readers.
enum XLSXReportReader {
    typealias Layout = ReportFormLayout

    static func read(_ sheets: [ReadSheet], fileName: String) -> ReadResult {
        guard let report = sheets.first(where: { $0.name == Layout.reportSheet }) else {
            return ReportReader.fail(
                .malformedFile, SourceLocation(file: fileName),
                Message(.formNoReportSheet, ["sheet": .text(Layout.reportSheet), "sheets": .list(sheets.map { $0.name.quotedForMessage() })]))
        }
        var draft = ReportDraft(file: fileName)
        var issues: [ValidationIssue] = []
        func at(_ sheet: String, _ row: Int, _ column: Int) -> SourceLocation {
            SourceLocation(file: fileName, cell: "\(sheet)!\(CellReference.cell(column: column, row: row + 1))")
        }

        var inCriteria = false
        for row in report.rowNumbers {
            guard case .text(let keyText)? = report.value(row: row, column: Layout.keyColumn) else { continue }
            let key = keyText.trimmed
            let value = report.value(row: row, column: Layout.valueColumn)
            let location = at(Layout.reportSheet, row, Layout.valueColumn)
            if key == Layout.criteriaHeaderKey {
                inCriteria = true
            } else if let index = Layout.metaKeys.firstIndex(of: key) {
                let field = Located(text(value).trimmed, at: location)
                let slots: [WritableKeyPath<ReportDraft, Located<String>?>] = [\.unit, \.period, \.template, \.templateVersion, \.preparedBy]
                let slot = slots[index]
                if let earlier = draft[keyPath: slot] {
                    issues.append(
                        ValidationIssue(
                            .error, .malformedFile, at: location,
                            Message(.formFieldTwice, ["field": .quoted(key), "first": .place(earlier.location)])))
                } else if !field.value.isEmpty || key != "preparedBy" {
                    draft[keyPath: slot] = field
                }
            } else if key == Layout.resultsKey {
                let text = text(value)
                if !text.isBlank { draft.results = Located(text, at: location) }
            } else if key.hasPrefix(Layout.resultsKey + ".") {
                let text = text(value)
                let topic = String(key.dropFirst(Layout.resultsKey.count + 1))
                if !text.isBlank { draft.topicResults.append(DraftItem(code: Located(topic, at: location), text: Located(text, at: location))) }
            } else if inCriteria && !key.isEmpty {
                draft.values.append(DraftValue(criterionId: key, raw: raw(value), location: location))
            }
        }
        if draft.unit == nil && draft.period == nil && draft.values.isEmpty {
            return ReportReader.fail(
                .malformedFile, SourceLocation(file: fileName, cell: "\(Layout.reportSheet)!A1"),
                Message(.formNotLaidOut, ["sheet": .text(Layout.reportSheet)]))
        }

        for (sheet, row) in rows(of: Layout.difficultiesSheet, in: sheets) {
            let field = text(sheet.value(row: row, column: Layout.difficultyFieldColumn))
            let content = text(sheet.value(row: row, column: Layout.difficultyTextColumn))
            guard !field.isBlank || !content.isBlank else { continue }
            draft.difficulties.append(
                DraftItem(
                    code: Located(Layout.code(of: field), at: at(Layout.difficultiesSheet, row, Layout.difficultyFieldColumn)),
                    text: Located(content, at: at(Layout.difficultiesSheet, row, Layout.difficultyTextColumn))))
        }
        for (sheet, row) in rows(of: Layout.recommendationsSheet, in: sheets) {
            let written = Layout.addresseeColumns.map { (column: $0, text: text(sheet.value(row: row, column: $0))) }.filter { !$0.text.isBlank }
            let content = text(sheet.value(row: row, column: Layout.recommendationTextColumn))
            guard !written.isEmpty || !content.isBlank else { continue }
            let codeAt = at(Layout.recommendationsSheet, row, written.first?.column ?? Layout.addresseeColumns.lowerBound)
            draft.recommendations.append(
                DraftItem(
                    code: Located(written.map { Layout.code(of: $0.text) }.joined(separator: "; "), at: codeAt),
                    text: Located(content, at: at(Layout.recommendationsSheet, row, Layout.recommendationTextColumn))))
        }
        // A task row counts when anything is written in it; one left blank is a task not reported.
        for (sheet, row) in rows(of: Layout.tasksSheet, in: sheets, header: Layout.tasksHeaderKey) {
            let id = text(sheet.value(row: row, column: Layout.keyColumn)).trimmed
            func field(_ column: Int) -> Located<String>? {
                let written = text(sheet.value(row: row, column: column))
                return written.isBlank ? nil : Located(written, at: at(Layout.tasksSheet, row, column))
            }
            let task = DraftTask(
                taskId: Located(id, at: at(Layout.tasksSheet, row, Layout.keyColumn)), status: field(Layout.taskStatusColumn),
                completedOn: field(Layout.taskCompletedColumn), product: field(Layout.taskProductColumn), note: field(Layout.taskNoteColumn))
            guard !id.isEmpty, task.status != nil || task.completedOn != nil || task.product != nil || task.note != nil else { continue }
            draft.tasks.append(task)
        }
        return ReadResult(draft: draft, issues: issues)
    }

    /// The rows below the header (the row whose column A says `header`, "STT" by default) of a list sheet, if the workbook
    /// has it.
    private static func rows(of name: String, in sheets: [ReadSheet], header key: String = Layout.listHeaderKey) -> [(ReadSheet, Int)] {
        guard let sheet = sheets.first(where: { $0.name == name }) else { return [] }
        let rows = sheet.rowNumbers
        guard let header = rows.first(where: { text(sheet.value(row: $0, column: 0)).trimmed == key }) else { return [] }
        return rows.filter { $0 > header }.map { (sheet, $0) }
    }

    private static func text(_ value: CellValue?) -> String {
        switch value {
        case nil: ""
        case .text(let s)?, .error(let s)?: s
        case .number(let n)?: RawValue.number(n).description
        case .percent(let f)?: RawValue.number(NumberText.percent(fromFraction: f)).description + "%"
        case .bool(let b)?: b ? "true" : "false"
        case .date(let d)?: d.description
        }
    }

    /// A cell as an answer: numbers stay numbers, percentages are taken back to 0–100 (93.4% is stored as 0.934), dates
    /// become `YYYY-MM-DD`, a formula's error is shown as written.
    private static func raw(_ value: CellValue?) -> RawValue {
        switch value {
        case nil: .empty
        case .text(let s)?: s.isBlank ? .empty : .text(s)
        case .number(let n)?: .number(n)
        case .percent(let f)?: .number(NumberText.percent(fromFraction: f))
        case .bool(let b)?: .boolean(b)
        case .date(let d)?: .text(d.description)
        case .error(let e)?: .text(e)
        }
    }

}
