import Foundation
import TonghopCore

/// The verdict of the checks on one file: the report to store (when no error was found) and every problem.
public struct ValidationOutcome: Sendable {
    public var report: CheckedReport?
    /// Errors and warnings in the order they appear in the file; of the errors, the first `errorsKept`.
    public var issues: [ValidationIssue]
    /// The errors past the first `errorsKept`, counted by code: a file of 100,000 bad rows is checked in memory bounded
    /// by a few hundred errors, not 100,000.
    public var moreErrors: [IssueCount]

    /// How many errors of a file are kept in full; a rejected file's answer lists at most `FileVerdict.issuesListed`.
    public static let errorsKept = 200

    public init(report: CheckedReport?, issues: [ValidationIssue], moreErrors: [IssueCount] = []) {
        self.report = report
        self.issues = issues
        self.moreErrors = moreErrors
    }

    public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [ValidationIssue] { issues.filter { $0.severity == .warning } }
}

/// Checks a draft against the catalog: unit, period, template, every criterion, the rules and the narrative.
///
/// It reports every problem, not only the first, and knows nothing of file formats.
public struct ReportValidator: Sendable {
    public let catalog: Catalog

    public init(catalog: Catalog) { self.catalog = catalog }

    /// Reads and checks one file received at `receivedAt` (a report may not come before its period begins);
    /// `completedTasks` are the tasks each unit has already reported done, which its weekly report need not name again (a
    /// report stored is given these anew as it is stored: `withUnreportedTasks`).
    public func check(_ data: Data, fileName: String, receivedAt: Date, completedTasks: CompletedTasks = [:]) -> ValidationOutcome {
        let read = ReportReader.read(data, fileName: fileName)
        guard let draft = read.draft else {
            // Bounded as the checks' own problems are: a reader may find one in each of 100,000 rows.
            var issues = Issues(file: fileName, list: read.issues)
            return ValidationOutcome(report: nil, issues: issues.finished(), moreErrors: issues.moreErrors)
        }
        return check(draft, receivedAt: receivedAt, readIssues: read.issues, completedTasks: completedTasks)
    }

    /// Checks a draft; `readIssues` are the problems the reader already found, which block the report too.
    public func check(
        _ draft: ReportDraft, receivedAt: Date, readIssues: [ValidationIssue] = [], completedTasks: CompletedTasks = [:]
    ) -> ValidationOutcome {
        var issues = Issues(file: draft.file, list: readIssues)
        let examples = FieldExamples(draft, catalog: catalog, receivedAt: receivedAt)
        let unit = resolveUnit(draft, examples, &issues)
        let template = resolveTemplate(draft, examples, &issues)
        let schedule = template.flatMap { catalog.schedules[$0.scheduleId] }
        let period = schedule.flatMap { resolvePeriod(draft, schedule: $0, examples, &issues) }
        if schedule == nil {
            // Without a template the period cannot be checked, but one that is missing is said with the others.
            _ = issues.require(draft.period, "period", .fieldPeriod, example: examples.period, unreadable: draft.unreadableFields)
        }
        if let unit, let template, !unit.reports(on: template.scheduleId) {
            // Placed at the unit: the unit is what does not fit the template (a ministry on the province template).
            issues.error(
                .unitNotOnSchedule, at: draft.unit?.location,
                Message(
                    .unitNotOnSchedule,
                    [
                        "unit": .unit(unit), "schedule": catalog.scheduleName(template.scheduleId), "template": .text(template.id),
                        "schedules": catalog.scheduleNames(unit.scheduleIds),
                    ]))
        }
        if let unit, let period, !unit.isActive(during: period) {
            issues.error(.unitNotActive, at: draft.unit?.location, Self.notActive(unit, period, until: .unitNotActiveUntil, else: .unitNotActive))
        }
        if let period, period.start > receivedAt {
            issues.error(
                .periodNotStarted, at: draft.period?.location,
                Message(.periodNotStarted, ["period": .period(period.key), "start": .instant(period.start), "received": .instant(receivedAt)]))
        }
        checkCharacters(draft, &issues)
        var values: [CheckedValue] = []
        if let template {
            values = checkValues(draft, template: template, &issues)
            checkRules(template, values: values, draft: draft, &issues)
        }
        let narrative = checkNarrative(draft, spec: template?.narrative, groups: template?.groups ?? [], &issues)
        let taskProgress = checkTasks(draft, unit: unit, receivedAt: receivedAt, &issues)
        if let unit, let template {
            addUnreportedTasks(
                unit: unit, scheduleId: template.scheduleId, receivedAt: receivedAt, named: Set(draft.tasks.map(\.taskId.value)),
                completed: completedTasks[unit.code] ?? [], &issues)
        }
        if let preparedBy = draft.preparedBy, preparedBy.value.exceeds(characters: 200) {
            issues.error(
                .textTooLong, at: preparedBy.location, Message(.preparedByTooLong, ["count": .count(preparedBy.value.count), "maximum": .count(200)]))
        }

        let sorted = issues.finished()
        guard let unit, let template, let schedule, let period, !sorted.contains(where: { $0.severity == .error }) else {
            return ValidationOutcome(report: nil, issues: sorted, moreErrors: issues.moreErrors)
        }
        let report = CheckedReport(
            unit: unit, period: period, onTimeLimit: schedule.onTimeLimit(of: period), templateId: template.id, templateVersion: template.version,
            preparedBy: draft.preparedBy?.value, values: values, results: narrative.results, topicResults: narrative.topicResults,
            difficulties: narrative.difficulties, recommendations: narrative.recommendations, taskProgress: taskProgress,
            warnings: sorted.filter { $0.severity == .warning })
        return ValidationOutcome(report: report, issues: sorted)
    }

    /// A unit that does not exist during a period: from its first day, and until its last when it has one.
    static func notActive(_ unit: ReportingUnit, _ period: Period, until: MessageKey, else key: MessageKey) -> Message {
        var arguments: MessageArguments = ["unit": .unit(unit), "from": .date(unit.validFrom), "period": .period(period.key)]
        if let last = unit.validTo { arguments["until"] = .date(last) }
        return Message(unit.validTo == nil ? key : until, arguments)
    }

    // MARK: - Characters

    /// Every text of the report is refused where it holds a control character other than tab and line breaks: a NUL
    /// would cut the text short in the synthesis and in SQLite's own tools, and an escape could rewrite a terminal.
    private func checkCharacters(_ draft: ReportDraft, _ issues: inout Issues) {
        // What is named, and where, is made only when a character is found: every text of every report passes here, and
        // copying each text's place, the header's fields into a list and the three lists of items into one were half of
        // this.
        func check(
            _ text: String, _ what: @autoclosure () -> Message, at location: @autoclosure () -> SourceLocation?,
            criterion: @autoclosure () -> String? = nil
        ) {
            guard let scalar = text.forbiddenControlCharacter else { return }
            issues.error(
                .controlCharacter, at: location(), criterion: criterion(),
                Message(.controlCharacter, ["what": .message(what()), "character": .quoted(String(scalar))]))
        }
        func check(_ field: Located<String>?, _ name: MessageKey) {
            if let field { check(field.value, Message(.controlInField, ["field": .message(Message(name))]), at: field.location) }
        }
        func check(_ items: [DraftItem]) {
            for item in items {
                check(item.code.value, Message(.controlInCode), at: item.code.location)
                check(item.text.value, Message(.controlInText), at: item.text.location)
            }
        }
        check(draft.unit, .fieldUnit)
        check(draft.period, .fieldPeriod)
        check(draft.template, .fieldTemplate)
        check(draft.templateVersion, .fieldTemplateVersion)
        check(draft.preparedBy, .fieldPreparedBy)
        check(draft.results, .fieldResults)
        for value in draft.values {
            if case .text(let text) = value.raw {
                check(
                    text, Message(.controlInAnswer, ["id": .text(value.criterionId.withoutControlCharacters)]), at: value.location,
                    criterion: value.criterionId)
            }
        }
        check(draft.topicResults)
        check(draft.difficulties)
        check(draft.recommendations)
    }

    // MARK: - Header fields

    /// What a missing header field is shown with, in the file's own format and with this catalog's values: the unit's
    /// template, the template's newest version, the period due next. Worked out only when a field is missing: every
    /// report is checked with one, and few need it.
    private struct FieldExamples {
        let unitCode: String?
        let templateId: String?
        let catalog: Catalog
        let receivedAt: Date

        init(_ draft: ReportDraft, catalog: Catalog, receivedAt: Date) {
            (unitCode, templateId, self.catalog, self.receivedAt) = (draft.unit?.value, draft.template?.value, catalog, receivedAt)
        }

        private var knownUnit: ReportingUnit? { unitCode.flatMap { catalog.registry.unit($0) } }
        private var namedTemplate: String? { templateId.flatMap { catalog.templates[$0] != nil ? $0 : nil } }
        private var scheduleId: String {
            namedTemplate.flatMap { catalog.templates[$0]?.first?.scheduleId } ?? knownUnit?.scheduleIds.first ?? catalog.defaultScheduleId
        }
        private var newest: CriteriaTemplate? { namedTemplate.flatMap(catalog.newestTemplate) ?? catalog.latestTemplate(forSchedule: scheduleId) }

        var unit: String { knownUnit?.code ?? "HN" }
        var template: String { newest?.id ?? scheduleId }
        var version: String { newest?.version ?? "1.0" }
        var period: String { catalog.schedules[scheduleId]?.nextDuePeriod(at: receivedAt).key ?? "2025-W46" }
    }

    private func resolveUnit(_ draft: ReportDraft, _ examples: FieldExamples, _ issues: inout Issues) -> ReportingUnit? {
        guard let code = issues.require(draft.unit, "unit", .fieldUnit, example: examples.unit, unreadable: draft.unreadableFields) else {
            return nil
        }
        guard let unit = catalog.registry.unit(code.value) else {
            // A code that reads as one (a Cyrillic "Н" in "НN", a zero-width space) is said to be what it is.
            let (latin, findings) = Lookalikes.examine(code.value)
            var arguments: MessageArguments = ["code": .quoted(code.value)]
            var key = MessageKey.unitUnknown
            if !findings.isEmpty {
                arguments["letters"] = Lookalikes.described(findings)
                key = .unitUnknownLookalike
                if let meant = catalog.registry.unit(latin) {
                    arguments["suggestion"] = .unit(meant)
                    key = .unitUnknownLookalikeSuggestion
                }
            }
            issues.error(.unknownUnit, at: code.location, Message(key, arguments))
            return nil
        }
        return unit
    }

    private func resolveTemplate(_ draft: ReportDraft, _ examples: FieldExamples, _ issues: inout Issues) -> CriteriaTemplate? {
        let id = issues.require(draft.template, "template", .fieldTemplate, example: examples.template, unreadable: draft.unreadableFields)
        let version = issues.require(
            draft.templateVersion, "templateVersion", .fieldTemplateVersion, example: examples.version, unreadable: draft.unreadableFields)
        guard let id else { return nil }
        guard let versions = catalog.templates[id.value] else {
            issues.error(
                .unknownTemplate, at: id.location,
                Message(.templateUnknown, ["id": .quoted(id.value), "templates": .list(catalog.templates.keys.sorted())]))
            return nil
        }
        guard let version else { return nil }
        guard let template = versions.first(where: { $0.version == version.value }) else {
            issues.error(
                .templateMismatch, at: version.location,
                Message(
                    .templateVersionUnknown,
                    ["version": .quoted(version.value), "template": .text(id.value), "versions": .list(versions.map(\.version))]))
            return nil
        }
        return template
    }

    private func resolvePeriod(_ draft: ReportDraft, schedule: Schedule, _ examples: FieldExamples, _ issues: inout Issues) -> Period? {
        guard let key = issues.require(draft.period, "period", .fieldPeriod, example: examples.period, unreadable: draft.unreadableFields) else {
            return nil
        }
        switch schedule.period(forKey: key.value) {
        case .success(let period): return period
        case .failure(let error):
            switch error {
            case .malformed: issues.error(.malformedPeriod, at: key.location, error.message)
            case .outOfRange: issues.error(.unknownPeriod, at: key.location, error.message)
            }
            return nil
        }
    }

    // MARK: - Rules between criteria

    private func checkRules(_ template: CriteriaTemplate, values: [CheckedValue], draft: ReportDraft, _ issues: inout Issues) {
        let numbers = Dictionary(values.compactMap { v in v.value.numeric.map { (v.criterionId, $0) } }, uniquingKeysWith: { a, _ in a })
        // A criterion that was refused must not make a rule fire as if it were empty or zero.
        let refused = issues.refusedCriteria
        for rule in template.rules where !rule.criterionIds.contains(where: refused.contains) {
            guard rule.holds({ numbers[$0] }) == false else { continue }
            // The rule said as the template words it, then the values the report gave, each criterion by its label: never
            // the rule's id or an "A ≤ B" that reads as a false statement when the report breaks it.
            let empty = Message(.ruleEmptySide)
            var ids: [String] = []
            for id in rule.criterionIds where !ids.contains(id) { ids.append(id) }
            let given = { (language: Language) in
                ids.map { id in
                    let label = template.criterion(id).map { language == .vi ? $0.label.vi : $0.label.en } ?? id
                    return "\(label): " + (numbers[id].map { language.number($0) } ?? empty.text(in: language))
                }.joined(separator: "; ")
            }
            let location = rule.left.criterionIds.first.flatMap { id in draft.values.first { $0.criterionId == id }?.location }
            issues.add(
                ValidationIssue(
                    rule.severity, .ruleViolated, at: location ?? SourceLocation(file: draft.file), criterion: rule.left.criterionIds.first,
                    Message(.ruleViolated, ["values": .localized(vi: given(.vi), en: given(.en)), "explanation": .localized(rule.message)])))
        }
    }
}

/// The issues found so far in one file.
struct Issues {
    let file: String
    /// Every warning and note, and the errors kept (the first `ValidationOutcome.errorsKept` in file order).
    private(set) var list: [ValidationIssue] = []
    /// The errors past those kept, counted by code.
    private(set) var moreErrors: [IssueCount] = []
    /// The criteria with an error, kept or not: a rule over one of them is not checked.
    private(set) var refusedCriteria: Set<String> = []
    private var errorsInList = 0

    init(file: String, list: [ValidationIssue]) {
        self.file = file
        for issue in list { add(issue) }
    }

    mutating func add(_ issue: ValidationIssue) {
        list.append(issue)
        guard issue.severity == .error else { return }
        if let criterion = issue.criterionId { refusedCriteria.insert(criterion) }
        errorsInList += 1
        // Trimmed now and then rather than at each error: twice the errors kept, sorted, the first kept.
        if errorsInList > 2 * ValidationOutcome.errorsKept { trim() }
    }

    mutating func error(_ code: IssueCode, at location: SourceLocation?, criterion: String? = nil, _ message: Message) {
        add(ValidationIssue(.error, code, at: location ?? SourceLocation(file: file), criterion: criterion, message))
    }

    /// Every problem in file order, the errors past the first `errorsKept` counted in `moreErrors`.
    mutating func finished() -> [ValidationIssue] {
        if errorsInList > ValidationOutcome.errorsKept { trim() }
        return sorted()
    }

    /// Keeps the first errors in file order and counts the others.
    private mutating func trim() {
        var kept: [ValidationIssue] = []
        var dropped: [ValidationIssue] = []
        var errors = 0
        for issue in sorted() {
            if issue.severity != .error {
                kept.append(issue)
            } else if errors < ValidationOutcome.errorsKept {
                kept.append(issue)
                errors += 1
            } else {
                dropped.append(issue)
            }
        }
        list = kept
        errorsInList = errors
        moreErrors = IssueCount.tally(dropped, adding: moreErrors)
    }

    /// A header field the report must have; one the reader found but could not read has been reported already.
    mutating func require(
        _ field: Located<String>?, _ name: String, _ label: MessageKey, example: @autoclosure () -> String, unreadable: Set<String>
    ) -> Located<String>? {
        guard let field, !field.value.isEmpty else {
            if !unreadable.contains(name) {
                // The example in the file's own format: a JSON field, a CSV row, or the form's row.
                let format = file.split(separator: ".").last?.lowercased()
                let key: MessageKey = format == "csv" ? .fieldMissingCSV : format == "xlsx" ? .fieldMissingForm : .fieldMissing
                let written = format == "csv" ? "meta,\(name),\(example())" : "\"\(example())\""
                let arguments: MessageArguments = ["field": .message(Message(label)), "name": .text(name), "example": .text(written)]
                error(.missingField, at: field?.location, Message(key, arguments))
            }
            return nil
        }
        return field
    }

    /// In file order: whole-file problems first, then by line or row.
    func sorted() -> [ValidationIssue] {
        list.enumerated().sorted { a, b in
            let la = a.element.location.line ?? a.element.location.row ?? 0
            let lb = b.element.location.line ?? b.element.location.row ?? 0
            return (la, a.offset) < (lb, b.offset)
        }.map(\.element)
    }
}
