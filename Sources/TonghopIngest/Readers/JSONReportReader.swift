import TonghopCore

/// Reads the JSON report format (see README, "JSON reports").
enum JSONReportReader {
    /// How each text field is written, for messages.
    static let examples = [
        "unit": "\"HN\"", "period": "\"2025-W46\"", "template": "\"province-weekly\"", "templateVersion": "\"1.0\"",
        "preparedBy": "\"Sở Nội vụ\"", "results": "\"Trong tuần, ...\"",
    ]
    static let topLevelKeys = [
        "unit", "period", "template", "templateVersion", "preparedBy", "values", "results", "difficulties", "recommendations", "tasks",
    ]

    static func read(_ text: String, fileName: String) -> ReadResult {
        let root: JSONValue
        do {
            root = try JSONDocument.parse(text)
        } catch {
            return ReportReader.fail(
                .malformedFile, SourceLocation(file: fileName, line: error.line), Message(.jsonNotValid, ["detail": .message(error.message)]))
        }
        guard case .object(let members) = root else {
            return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: 1), Message(.jsonNotAnObject))
        }
        var issues: [ValidationIssue] = []
        var draft = ReportDraft(file: fileName)
        // Bit i set: topLevelKeys[i] was seen.
        var seen = 0
        for member in members {
            let at = SourceLocation(file: fileName, line: member.line, path: member.key)
            guard let keyIndex = topLevelKeys.firstIndex(of: member.key) else {
                var message = Message(.jsonUnknownField, ["field": .quoted(member.key), "fields": .list(topLevelKeys)])
                // A field's name with an invisible character or a look-alike letter in it: said as such, and the field
                // it was meant to be is not also reported missing.
                let (latin, findings) = Lookalikes.examine(member.key)
                if !findings.isEmpty, topLevelKeys.contains(latin) {
                    message = Message(
                        .jsonFieldLookalike, ["field": .quoted(member.key), "letters": Lookalikes.described(findings), "meant": .text(latin)])
                    draft.unreadableFields.insert(latin)
                }
                issues.append(ValidationIssue(.error, .malformedFile, at: SourceLocation(file: fileName, line: member.line), message))
                continue
            }
            guard seen & (1 << keyIndex) == 0 else {
                issues.append(ValidationIssue(.error, .malformedFile, at: at, Message(.jsonFieldTwice, ["field": .text(member.key)])))
                continue
            }
            seen |= 1 << keyIndex
            switch member.key {
            case "values":
                if let values = values(member.value, at: at, &issues) { draft.values = values } else { draft.unreadableFields.insert(member.key) }
            case "difficulties":
                draft.difficulties = items(member.value, member.key, ("field", "text"), at: at, &issues)
            case "recommendations":
                draft.recommendations = items(member.value, member.key, ("addressee", "text"), at: at, &issues)
            case "tasks":
                draft.tasks = tasks(member.value, at: at, &issues)
            case "results":
                // An object of texts by topic (`{"personnel": "...", ...}`), or a single text; the validator says which
                // one the template takes.
                guard case .object(let topics) = member.value else { fallthrough }
                for topic in topics {
                    let topicAt = SourceLocation(file: fileName, line: topic.line, path: "results.\(topic.key)")
                    switch topic.value {
                    case .null: continue
                    case .string(let s):
                        draft.topicResults.append(DraftItem(code: Located(topic.key, at: topicAt), text: Located(s, at: topicAt)))
                    default:
                        issues.append(
                            ValidationIssue(
                                .error, .malformedFile, at: topicAt, Message(.resultsTopicNotText, ["topic": .quoted(topic.key)])))
                        draft.unreadableFields.insert("results")
                    }
                }
            default:
                let field: Located<String>?
                switch member.value {
                case .null: field = nil
                case .string(let s): field = Located(s, at: at)
                default:
                    // `"templateVersion": 1.0` is the likeliest slip: say what to write, and do not call it missing too.
                    issues.append(
                        ValidationIssue(
                            .error, .malformedFile, at: at,
                            Message(.jsonFieldNotText, ["field": .text(member.key), "example": .text(examples[member.key] ?? "\"...\"")])))
                    draft.unreadableFields.insert(member.key)
                    field = nil
                }
                switch member.key {
                case "unit": draft.unit = field
                case "period": draft.period = field
                case "template": draft.template = field
                case "templateVersion": draft.templateVersion = field
                case "preparedBy": draft.preparedBy = field
                default: draft.results = field
                }
            }
        }
        return ReadResult(draft: draft, issues: issues)
    }

    /// The `values` object: criterion id to answer, or nil when it is not an object. A repeated criterion is kept twice,
    /// for the validator to report.
    private static func values(_ value: JSONValue, at: SourceLocation, _ issues: inout [ValidationIssue]) -> [DraftValue]? {
        guard case .object(let members) = value else {
            issues.append(
                ValidationIssue(
                    .error, .malformedFile, at: at,
                    Message(.jsonValuesNotObject)))
            return nil
        }
        var result: [DraftValue] = []
        result.reserveCapacity(members.count)
        for member in members {
            // No path: the line and the criterion id, which every issue about a value carries, say where it is,
            // and building a path string per value was a tenth of the cost of checking a file.
            let location = SourceLocation(file: at.file, line: member.line)
            let raw: RawValue
            switch member.value {
            case .null: raw = .empty
            case .string(let s): raw = .text(s)
            case .number(let n): raw = .number(n)
            case .bool(let b): raw = .boolean(b)
            case .object, .array:
                issues.append(
                    ValidationIssue(
                        .error, .wrongType, at: location, criterion: member.key,
                        Message(.jsonAnswerNotScalar, ["id": .text(member.key.withoutControlCharacters)])))
                raw = .unreadable
            }
            result.append(DraftValue(criterionId: member.key, raw: raw, location: location))
        }
        return result
    }

    /// A list of two-field objects such as difficulties ({field, text}), each field where it was written.
    private static func items(
        _ value: JSONValue, _ name: String, _ keys: (code: String, text: String), at: SourceLocation, _ issues: inout [ValidationIssue]
    ) -> [DraftItem] {
        if case .null = value { return [] }
        let shape = "{\"\(keys.code)\": \"...\", \"\(keys.text)\": \"...\"}"
        guard case .array(let elements) = value else {
            issues.append(ValidationIssue(.error, .malformedFile, at: at, Message(.jsonListExpected, ["list": .text(name), "shape": .text(shape)])))
            return []
        }
        var result: [DraftItem] = []
        for (i, element) in elements.enumerated() {
            // The entry's place made once, its fields' from it with one append each: interpolated for each field of each
            // entry, with the arguments of messages only a bad entry needs, they were most of reading the lists.
            let path = name + "[" + String(i) + "]"
            let location = SourceLocation(file: at.file, line: element.line, path: path)
            guard case .object(let members) = element.value else {
                issues.append(
                    ValidationIssue(.error, .malformedFile, at: location, Message(.jsonEntryNotObject, ["list": .text(name), "shape": .text(shape)])))
                continue
            }
            var code: Located<String>?, text: Located<String>?
            func entry() -> MessageArguments {
                ["entry": .count(i + 1), "list": .text(name), "code": .text(keys.code), "text": .text(keys.text)]
            }
            var problems: [(Message, SourceLocation)] = []
            for member in members {
                guard member.key == keys.code || member.key == keys.text else {
                    problems.append(
                        (
                            Message(.jsonEntryUnknownField, entry().merging(["field": .quoted(member.key)])),
                            SourceLocation(file: at.file, line: member.line, path: path)
                        ))
                    continue
                }
                let memberAt = SourceLocation(file: at.file, line: member.line, path: path + "." + member.key)
                guard case .string(let s) = member.value else {
                    problems.append((Message(.jsonEntryFieldNotText, entry().merging(["field": .text(member.key)])), memberAt))
                    continue
                }
                let isCode = member.key == keys.code
                // A repeated field would otherwise silently keep one of the two texts.
                guard (isCode ? code : text) == nil else {
                    problems.append((Message(.jsonEntryFieldTwice, entry().merging(["field": .text(member.key)])), memberAt))
                    continue
                }
                if isCode { code = Located(s, at: memberAt) } else { text = Located(s, at: memberAt) }
            }
            guard let code, let text, problems.isEmpty else {
                let (message, place) = problems.first ?? (Message(.jsonEntryIncomplete, entry()), location)
                issues.append(ValidationIssue(.error, .malformedFile, at: place, message))
                continue
            }
            result.append(DraftItem(code: code, text: text))
        }
        return result
    }

    /// The `tasks` object: task id to its progress, `{"status": ..., "completedOn": ..., "product": ..., "note": ...}`,
    /// each field text or null. A task written twice is kept twice, for the validator to report.
    private static func tasks(_ value: JSONValue, at: SourceLocation, _ issues: inout [ValidationIssue]) -> [DraftTask] {
        if case .null = value { return [] }
        guard case .object(let members) = value else {
            issues.append(ValidationIssue(.error, .malformedFile, at: at, Message(.tasksNotObject)))
            return []
        }
        var result: [DraftTask] = []
        for member in members {
            let taskPath = "tasks." + member.key
            let taskAt = SourceLocation(file: at.file, line: member.line, path: taskPath)
            guard case .object(let fields) = member.value else {
                issues.append(ValidationIssue(.error, .taskProgress, at: taskAt, Message(.tasksNotObject)))
                continue
            }
            var draft = DraftTask(taskId: Located(member.key, at: taskAt))
            // Each field's place from the task's, one append: interpolated for each field of each task, they were most of
            // reading the tasks.
            let fieldPrefix = taskPath + "."
            for field in fields {
                let fieldAt = SourceLocation(file: at.file, line: field.line, path: fieldPrefix + field.key)
                let text: Located<String>
                switch field.value {
                case .null: continue
                case .string(let s): text = Located(s, at: fieldAt)
                default:
                    issues.append(
                        ValidationIssue(
                            .error, .taskProgress, at: fieldAt, Message(.taskNotText, ["task": .quoted(member.key), "field": .quoted(field.key)])))
                    continue
                }
                switch field.key {
                case "status": draft.status = text
                case "completedOn": draft.completedOn = text
                case "product": draft.product = text
                case "note": draft.note = text
                default:
                    issues.append(
                        ValidationIssue(
                            .error, .taskProgress, at: fieldAt,
                            Message(.taskUnknownField, ["task": .quoted(member.key), "field": .quoted(field.key), "fields": .list(DraftTask.fields)]))
                    )
                }
            }
            result.append(draft)
        }
        return result
    }
}
