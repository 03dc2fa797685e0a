import Foundation
import TonghopCore

/// The tasks a unit has already reported done, by unit code: a weekly report need not speak of them again.
public typealias CompletedTasks = [String: Set<String>]

extension ReportValidator {
    /// Keeps `completed` up to date with a report just stored: what it calls done is done, what it calls open is reopened.
    public static func record(_ report: CheckedReport, in completed: inout CompletedTasks) {
        for progress in report.taskProgress {
            if progress.status == .completed {
                completed[report.unit.code, default: []].insert(progress.taskId)
            } else {
                completed[report.unit.code]?.remove(progress.taskId)
            }
        }
    }

    /// Checks what a report says of its unit's tasks against the register: each task known, assigned to the unit,
    /// its status one of three, a completion day with "completed" and only then, not after the report came nor before the
    /// task was assigned.
    func checkTasks(_ draft: ReportDraft, unit: ReportingUnit?, receivedAt: Date, _ issues: inout Issues) -> [TaskProgress] {
        let register = catalog.tasks
        guard let unit, !register.isEmpty || !draft.tasks.isEmpty else { return [] }
        let today = VietnamTime.date(of: receivedAt)
        // By place in the register, not by id: a handful of integers rather than a set of texts hashed for each report.
        // (A task's id is its place's: the loader refuses an id used twice.)
        let assigned = register.taskPlaces(of: unit, on: today)
        // Each with its place, sorted by it at the end: the register's order, whatever the file's.
        var progress: [(place: Int, progress: TaskProgress)] = []
        var seen: Set<String> = []
        for item in draft.tasks {
            let id = item.taskId.value
            // Made only for a message: most reports have none (with the arrays of each task's texts these were a third of
            // checking the tasks).
            var named: MessageArguments { ["task": .quoted(id)] }
            guard seen.insert(id).inserted else {
                issues.error(.taskProgress, at: item.taskId.location, Message(.taskTwice, named))
                continue
            }
            guard let place = register.position(of: id) else {
                issues.error(.unknownTask, at: item.taskId.location, Message(.taskUnknown, named))
                continue
            }
            guard assigned.contains(place) else {
                issues.error(
                    .taskNotAssigned, at: item.taskId.location,
                    Message(.taskNotAssigned, named.merging(["directive": .text(citation(register.tasks[place])), "unit": .unit(unit)])))
                continue
            }
            let assignedOn = register.tasks[place].assignedOn
            var failed = false
            func check(_ text: Located<String>?) {
                guard let text else { return }
                if let scalar = text.value.forbiddenControlCharacter {
                    issues.error(
                        .controlCharacter, at: text.location,
                        Message(.controlCharacter, ["what": .message(Message(.controlInText)), "character": .quoted(String(scalar))]))
                    failed = true
                }
                if text.value.exceeds(characters: 2000) {
                    issues.error(
                        .textTooLong, at: text.location,
                        Message(
                            .itemTooLong, ["item": .localized(vi: "mục", en: "field"), "count": .count(text.value.count), "maximum": .count(2000)]))
                    failed = true
                }
            }
            check(item.status)
            check(item.completedOn)
            check(item.product)
            check(item.note)
            guard let written = item.status else {
                issues.error(.taskProgress, at: item.taskId.location, Message(.taskStatusMissing, named.merging(["statuses": Self.statuses()])))
                continue
            }
            guard let status = TaskStatus(written: written.value) else {
                issues.error(
                    .taskProgress, at: written.location,
                    Message(.taskStatusUnknown, named.merging(["status": .quoted(written.value), "statuses": Self.statuses()])))
                continue
            }
            var completedOn: LocalDate?
            switch (status, item.completedOn) {
            case (.completed, nil):
                issues.error(.taskProgress, at: written.location, Message(.taskDateMissing, named))
                failed = true
            case (.completed, let text?):
                guard let day = LocalDate(written: text.value) else {
                    issues.error(.taskProgress, at: text.location, Message(.taskDateMalformed, named.merging(["date": .quoted(text.value)])))
                    failed = true
                    break
                }
                if day > today {
                    issues.error(
                        .taskProgress, at: text.location, Message(.taskDateInFuture, named.merging(["date": .date(day), "received": .date(today)])))
                    failed = true
                } else if day < assignedOn {
                    issues.error(
                        .taskProgress, at: text.location,
                        Message(.taskDateBeforeAssigned, named.merging(["date": .date(day), "assigned": .date(assignedOn)])))
                    failed = true
                }
                completedOn = day
            case (_, let text?):
                issues.error(.taskProgress, at: text.location, Message(.taskDateNotCompleted, named))
                failed = true
            case (_, nil): break
            }
            guard !failed else { continue }
            progress.append(
                (
                    place,
                    TaskProgress(
                        taskId: id, status: status, completedOn: completedOn, product: item.product?.value.trimmed ?? "",
                        note: item.note?.value.trimmed ?? "")
                ))
        }
        // In the register's order, whatever the file's: the same report reads the same from JSON and CSV. (Each task
        // once: a task written twice is an error above.)
        progress.sort { $0.place < $1.place }
        return progress.map(\.progress)
    }

    /// The outcome with its warnings (or notes) of open tasks left out recomputed against `completed`, the tasks the unit
    /// had reported done when this report came: what the register asks of a weekly report depends on what the unit said
    /// before, so a report is given these when it is stored, in the order reports are stored, whatever the batch.
    public func withUnreportedTasks(_ outcome: ValidationOutcome, file: String, receivedAt: Date, completed: Set<String>) -> ValidationOutcome {
        guard var report = outcome.report else { return outcome }
        let stripped = outcome.issues.filter { $0.code != .taskUnreported }
        var issues = Issues(file: file, list: stripped)
        addUnreportedTasks(
            unit: report.unit, scheduleId: report.period.scheduleId, receivedAt: receivedAt, named: Set(report.taskProgress.map(\.taskId)),
            completed: completed, &issues)
        let sorted = issues.finished()
        report.warnings = sorted.filter { $0.severity == .warning }
        return ValidationOutcome(report: report, issues: sorted, moreErrors: outcome.moreErrors)
    }

    /// Whether a report's open tasks it leaves out are warned of: a weekly one is asked for every open task, a monthly one
    /// may speak of some.
    public func asksForEveryOpenTask(_ report: CheckedReport) -> Bool {
        asksForEveryOpenTask(scheduleId: report.period.scheduleId)
    }

    /// Whether a weekly report leaves out any task assigned to its unit by `receivedAt`: only then does what the unit
    /// reported before decide its warnings (most reports name every task, and need no look at the store).
    public func leavesOutAssignedTasks(_ report: CheckedReport, receivedAt: Date) -> Bool {
        guard asksForEveryOpenTask(report) else { return false }
        let register = catalog.tasks
        // The report's words are on its unit's tasks only, each once (checked): a few ids compared, where a set of them
        // hashed for each report cost more, on the storing thread.
        return register.taskPlaces(of: report.unit, on: VietnamTime.date(of: receivedAt)).contains { place in
            !report.taskProgress.contains { $0.taskId == register.tasks[place].id }
        }
    }

    private func asksForEveryOpenTask(scheduleId: String) -> Bool {
        guard !catalog.tasks.isEmpty, case .weekly? = catalog.schedules[scheduleId]?.periodType else { return false }
        return true
    }

    /// The register's warning (or note) for each open task of the unit that a report on the schedule leaves out, where it
    /// is a weekly report; a task the unit had reported done before (`completed`) is not asked for again.
    func addUnreportedTasks(
        unit: ReportingUnit, scheduleId: String, receivedAt: Date, named: Set<String>, completed: Set<String>, _ issues: inout Issues
    ) {
        guard asksForEveryOpenTask(scheduleId: scheduleId) else { return }
        let register = catalog.tasks
        for place in register.taskPlaces(of: unit, on: VietnamTime.date(of: receivedAt))
        where !named.contains(register.tasks[place].id) && !completed.contains(register.tasks[place].id) {
            let task = register.tasks[place]
            guard let directive = register.directive(task.directiveId) else { continue }
            let deadline = task.deadline.map { MessageArgument.localized(vi: ", hạn " + $0.text(in: .vi), en: ", due " + $0.text(in: .en)) }
            issues.add(
                ValidationIssue(
                    directive.unreportedSeverity, .taskUnreported, at: SourceLocation(file: issues.file),
                    Message(
                        .taskUnreported,
                        [
                            "task": .text(task.id), "text": .text(task.text), "directive": .text(directive.citation),
                            "deadline": deadline ?? .text(""),
                        ])))
        }
    }

    /// The three statuses as a message lists them: written only for a report that gets one wrong, not for each report.
    private static func statuses() -> MessageArgument {
        .localized(
            vi: Language.vi.alternatives(TaskStatus.allCases.map { "“\($0.label.vi)”" }),
            en: Language.en.alternatives(TaskStatus.allCases.map(\.rawValue)))
    }

    private func citation(_ task: AssignedTask) -> String {
        catalog.tasks.directive(task.directiveId)?.citation ?? task.directiveId
    }
}
