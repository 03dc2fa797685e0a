import TonghopCore

/// Reads the CSV report format: a header `record,key,value`, then one row per field, criterion or narrative item.
enum CSVReportReader {
    static let header = ["record", "key", "value"]
    static let metaKeys = ["unit", "period", "template", "templateVersion", "preparedBy"]
    static let recordTypes = ["meta", "value", "results", "difficulty", "recommendation", "task"]

    static func read(_ text: String, fileName: String) -> ReadResult {
        // Line ends of carriage returns alone (old Macs, some exporters): the file would read as one long row.
        let bytes = text.utf8
        if !bytes.contains(10), let first = bytes.firstIndex(of: 13), bytes[bytes.index(after: first)...].contains(where: { $0 != 13 }) {
            return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: 1, row: 1), Message(.csvCarriageReturnsOnly))
        }
        let records: [CSVTable.Record]
        let separator = CSVTable.separator(of: text)
        let separatorName = MessageArgument.message(Message(CSVTable.separators.first { $0.byte == separator }?.name ?? .separatorComma))
        do {
            records = try CSVTable.parse(text, separator: separator)
        } catch {
            switch error {
            case .unclosedQuote(let line):
                return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: line), Message(.csvUnclosedQuote))
            case .strayQuote(let line):
                return ReportReader.fail(
                    .malformedFile, SourceLocation(file: fileName, line: line), Message(.csvStrayQuote, ["separator": separatorName]))
            }
        }
        guard let first = records.first,
            first.cells.map({ $0.trimmed.lowercased() }) == header
        else {
            return ReportReader.fail(
                .malformedFile, SourceLocation(file: fileName, line: 1, row: 1),
                Message(.csvHeader, ["header": .text(header.joined(separator: ","))]))
        }
        var draft = ReportDraft(file: fileName)
        var issues: [ValidationIssue] = []
        var resultsParts: [Located<String>] = []

        for (offset, record) in records.enumerated().dropFirst() {
            let row = offset + 1
            let cells = record.cells
            let location = SourceLocation(file: fileName, line: record.line, row: row)
            if cells.allSatisfy({ $0.isBlank }) { continue }
            let kind = cells[0].trimmed
            var keyAt = location
            keyAt.column = "key"
            var valueAt = location
            valueAt.column = "value"
            guard cells.count == 3 else {
                var message = Message(.csvCellCount, ["count": .count(cells.count), "separator": separatorName])
                if kind == "value", cells.count == 4, cells[2].utf8.allSatisfy({ $0 &- 48 < 10 }), !cells[2].isEmpty,
                    cells[3].utf8.allSatisfy({ $0 &- 48 < 10 }), !cells[3].isEmpty
                {
                    message = Message(
                        .csvDecimalComma,
                        ["count": .count(cells.count), "written": .quoted("\(cells[2]),\(cells[3])"), "number": .text("\(cells[2]).\(cells[3])")])
                }
                issues.append(
                    ValidationIssue(
                        .error, .malformedFile, at: location, criterion: kind == "value" && cells.count > 1 ? cells[1].trimmed : nil,
                        message))
                // What the row gives is there, though unreadable: it is not reported missing as well.
                switch kind {
                case "value" where cells.count > 1:
                    draft.values.append(DraftValue(criterionId: cells[1].trimmed, raw: .unreadable, location: valueAt))
                case "meta" where cells.count > 1: draft.unreadableFields.insert(cells[1].trimmed)
                case "results": draft.unreadableFields.insert("results")
                default: break
                }
                continue
            }
            let key = cells[1].trimmed
            let value = cells[2]
            switch kind {
            case "meta":
                guard metaKeys.contains(key) else {
                    issues.append(
                        ValidationIssue(
                            .error, .malformedFile, at: keyAt,
                            Message(.csvUnknownMeta, ["field": .quoted(key), "fields": .list(metaKeys)])))
                    continue
                }
                let field = Located(value.trimmed, at: valueAt)
                switch key {
                case "unit": set(&draft.unit, field, key, &issues)
                case "period": set(&draft.period, field, key, &issues)
                case "template": set(&draft.template, field, key, &issues)
                case "templateVersion": set(&draft.templateVersion, field, key, &issues)
                default: set(&draft.preparedBy, field, key, &issues)
                }
            case "value":
                let raw: RawValue = value.isBlank ? .empty : .text(value)
                draft.values.append(DraftValue(criterionId: key, raw: raw, location: valueAt))
            case "results" where !key.isEmpty:
                // `results,personnel,...`: the results on one topic; several rows of a topic are its paragraphs.
                if let at = draft.topicResults.firstIndex(where: { $0.code.value == key }) {
                    draft.topicResults[at].text.value += "\n" + value
                } else {
                    draft.topicResults.append(DraftItem(code: Located(key, at: keyAt), text: Located(value, at: valueAt)))
                }
            case "results":
                resultsParts.append(Located(value, at: valueAt))
            case "difficulty":
                draft.difficulties.append(DraftItem(code: Located(key, at: keyAt), text: Located(value, at: valueAt)))
            case "recommendation":
                draft.recommendations.append(DraftItem(code: Located(key, at: keyAt), text: Located(value, at: valueAt)))
            case "task":
                addTaskField(key, Located(value.trimmed, at: valueAt), keyAt: keyAt, to: &draft, &issues)
            default:
                var kindAt = location
                kindAt.column = "record"
                issues.append(
                    ValidationIssue(
                        .error, .malformedFile, at: kindAt,
                        Message(.csvUnknownRecord, ["record": .quoted(kind), "records": .list(recordTypes)])))
            }
        }
        // Several results rows are paragraphs of one text.
        if let first = resultsParts.first {
            draft.results = Located(resultsParts.map(\.value).joined(separator: "\n"), at: first.location)
        }
        return ReadResult(draft: draft, issues: issues)
    }

    /// `task,cv69-decrees.status,đã hoàn thành`: one field of a task's progress; the rows of one task make its progress.
    private static func addTaskField(
        _ key: String, _ value: Located<String>, keyAt: SourceLocation, to draft: inout ReportDraft, _ issues: inout [ValidationIssue]
    ) {
        let dot = key.lastIndex(of: ".")
        let id = dot.map { String(key[..<$0]) } ?? key
        let field = dot.map { String(key[key.index(after: $0)...]) } ?? ""
        let task: MessageArguments = ["task": .quoted(id)]
        guard DraftTask.fields.contains(field) else {
            issues.append(
                ValidationIssue(
                    .error, .taskProgress, at: keyAt,
                    Message(
                        .taskUnknownField,
                        task.merging(["field": .quoted(field), "fields": .list(DraftTask.fields.map { "\(id).\($0)".quotedForMessage(limit: 40) })])))
            )
            return
        }
        let index =
            draft.tasks.firstIndex { $0.taskId.value == id }
            ?? {
                draft.tasks.append(DraftTask(taskId: Located(id, at: keyAt)))
                return draft.tasks.count - 1
            }()
        let slot: WritableKeyPath<DraftTask, Located<String>?> =
            switch field {
            case "status": \.status
            case "completedOn": \.completedOn
            case "product": \.product
            default: \.note
            }
        guard draft.tasks[index][keyPath: slot] == nil else {
            issues.append(ValidationIssue(.error, .taskProgress, at: keyAt, Message(.taskFieldTwice, task.merging(["field": .text(field)]))))
            return
        }
        if !value.value.isEmpty { draft.tasks[index][keyPath: slot] = value }
    }

    private static func set(_ slot: inout Located<String>?, _ value: Located<String>, _ key: String, _ issues: inout [ValidationIssue]) {
        if let earlier = slot {
            issues.append(
                ValidationIssue(
                    .error, .malformedFile, at: value.location,
                    Message(.csvMetaTwice, ["field": .text(key), "row": .count(earlier.location.row ?? 0)])))
        } else {
            slot = value
        }
    }
}
