import Foundation
import TonghopCore

/// What one run of the late check found, as the cron job prints it and as it is POSTed to a webhook.
public struct LateNotice: Sendable, Encodable {
    /// One flag, with the unit's name.
    public struct Flag: Sendable, Encodable {
        public var unit: String
        public var unitName: String
        public var schedule: String
        public var period: String
        public var deadline: Date
        public var flaggedAt: Date
        public var resolvedAt: Date?
    }

    /// One unit's task flagged overdue, as the notice says it: with its text and directive (the flag itself is the core's
    /// `TaskFlag`).
    public struct OverdueTask: Sendable, Encodable {
        public var task: String
        public var text: String
        public var directive: String
        public var unit: String
        public var unitName: String
        /// The instant from which it is overdue (the end of its deadline's day, or its hour).
        public var deadline: Date
        public var flaggedAt: Date
        public var resolvedAt: Date?
    }

    /// A returned report whose correction is overdue.
    public struct Correction: Sendable, Encodable {
        public var unit: String
        public var unitName: String
        public var schedule: String
        public var period: String
        /// The returned report.
        public var submission: Int64
        public var due: Date
        public var flaggedAt: Date
        public var resolvedAt: Date?
        /// The report that corrected it; absent when the returned report was accepted as it stood.
        public var resolvedBySubmission: Int64?
    }

    public var event = "late-reports"
    public var at: Date
    public var newlyFlagged: [Flag]
    public var newlyResolved: [Flag]
    public var outstanding: [Flag]
    public var newlyOverdueTasks: [OverdueTask]
    public var newlyCompletedTasks: [OverdueTask]
    public var overdueTasks: [OverdueTask]
    public var newlyOverdueCorrections: [Correction]
    public var resolvedCorrections: [Correction]
    public var overdueCorrections: [Correction]

    public init(at: Date, result: LateCheckResult, registry: UnitRegistry, tasks register: TaskRegister = TaskRegister()) {
        // Each list made in one pass into room for all of it: a commune-scale check lists 30,000 flags still outstanding,
        // and filtering first grew a copy of them a step at a time.
        func taskFlags(_ list: [TaskFlag]) -> [OverdueTask] {
            var overdue: [OverdueTask] = []
            overdue.reserveCapacity(list.count)
            for flag in list where flag.deadline <= at {
                let task = register.task(flag.taskId)
                overdue.append(
                    OverdueTask(
                        task: flag.taskId, text: task?.text ?? flag.taskId,
                        directive: task.flatMap { register.directive($0.directiveId) }.map { $0.symbol ?? $0.citation } ?? "",
                        unit: flag.unitCode, unitName: registry.name(of: flag.unitCode) ?? flag.unitCode, deadline: flag.deadline,
                        flaggedAt: flag.flaggedAt, resolvedAt: flag.resolvedAt))
            }
            return overdue
        }
        func corrections(_ list: [CorrectionFlag]) -> [Correction] {
            list.map {
                Correction(
                    unit: $0.unitCode, unitName: registry.name(of: $0.unitCode) ?? $0.unitCode, schedule: $0.scheduleId, period: $0.periodKey,
                    submission: $0.submissionId, due: $0.due, flaggedAt: $0.flaggedAt, resolvedAt: $0.resolvedAt,
                    resolvedBySubmission: $0.resolvedBySubmissionId)
            }
        }
        newlyOverdueCorrections = corrections(result.corrections.newlyFlagged)
        resolvedCorrections = corrections(result.corrections.newlyResolved)
        overdueCorrections = corrections(result.corrections.outstanding)
        newlyOverdueTasks = taskFlags(result.tasks.newlyFlagged)
        newlyCompletedTasks = taskFlags(result.tasks.newlyResolved)
        overdueTasks = taskFlags(result.tasks.outstanding)
        // A flag of a period not yet due at `at` (recorded by a run at a later instant) is never listed.
        func flags(_ list: [LateFlag]) -> [Flag] {
            var due: [Flag] = []
            due.reserveCapacity(list.count)
            for flag in list where flag.deadline <= at {
                due.append(
                    Flag(
                        unit: flag.unitCode, unitName: registry.name(of: flag.unitCode) ?? flag.unitCode, schedule: flag.scheduleId,
                        period: flag.periodKey, deadline: flag.deadline, flaggedAt: flag.flaggedAt, resolvedAt: flag.resolvedAt))
            }
            return due
        }
        self.at = at
        newlyFlagged = flags(result.newlyFlagged)
        newlyResolved = flags(result.newlyResolved)
        outstanding = flags(result.outstanding)
    }

    /// The notice as the webhook receives it: compact JSON, keys sorted, instants in ISO 8601.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Sends the notice to a webhook when a report or a task was newly flagged; nil when there was nothing to send.
    public func notify(_ url: URL) async throws -> WebhookNotifier.Outcome? {
        guard !newlyFlagged.isEmpty || !newlyOverdueTasks.isEmpty || !newlyOverdueCorrections.isEmpty else { return nil }
        return await WebhookNotifier(url: url).post(try json())
    }

    /// The notice as the cron job mails it, in `language`: what is newly flagged and newly resolved in full, one line per
    /// schedule and period with every unit; what is still outstanding as counts per schedule and period (every unit
    /// with `verbose`).
    public func digest(in language: Language, catalog: Catalog, verbose: Bool = false) -> [String] {
        let (flagged, resolved) = (newlyFlagged, newlyResolved)
        var lines = [Message(.lateHeading, ["at": .instant(at)]).text(in: language)]
        func section(_ key: MessageKey, _ flags: [Flag], full: Bool) {
            var heading = Message(key, ["count": .count(flags.count)]).text(in: language)
            let groups = Self.grouped(flags)
            if flags.isEmpty { heading += " (" + Message(.lateNone).text(in: language) + ")" }
            if full && groups.count > 1 { heading += ", " + Message(.lateFirstRun, ["periods": .count(groups.count)]).text(in: language) }
            lines.append("  " + heading)
            if full {
                // A catch-up (the first run on an old registry) flags many periods of a schedule: each but its newest is
                // one line of codes, so that the mail stays a digest; the newest names every unit.
                let newest = Dictionary(groups.map { ($0.schedule, $0.deadline) }, uniquingKeysWith: max)
                lines += groups.map {
                    "    " + periodLine($0, withNames: $0.deadline == newest[$0.schedule], language: language, catalog: catalog)
                }
            } else {
                lines += Self.bySchedule(groups).map { "    " + scheduleLine($0, language: language, catalog: catalog) }
            }
        }
        section(.lateNewlyFlagged, flagged, full: true)
        if !resolved.isEmpty { section(.lateNewlyResolved, resolved, full: true) }
        section(.lateOutstanding, outstanding, full: verbose)
        lines += correctionLines(in: language)
        guard !(newlyOverdueTasks.isEmpty && newlyCompletedTasks.isEmpty && overdueTasks.isEmpty) else { return lines }
        // Tasks: newly overdue and newly completed in full, one line per unit; still overdue as a count (in full with
        // `verbose`).
        func tasks(_ key: MessageKey, _ flags: [OverdueTask], full: Bool) {
            var heading = Message(key, ["count": .count(flags.count)]).text(in: language)
            if flags.isEmpty { heading += " (" + Message(.lateNone).text(in: language) + ")" }
            lines.append("  " + heading)
            guard full else { return }
            lines += Self.byUnit(flags).map { unit in
                let items = unit.map {
                    Message(.lateTaskItem, ["task": .text($0.task), "directive": .text($0.directive), "deadline": .deadline($0.deadline)]).text(
                        in: language)
                }
                let name = Message(.lateUnitWithName, ["code": .text(unit[0].unit), "name": .text(unit[0].unitName)]).text(in: language)
                return "    " + Message(.lateTaskUnitLine, ["unit": .text(name), "tasks": .text(items.joined(separator: ", "))]).text(in: language)
            }
        }
        tasks(.lateTasksNewlyOverdue, newlyOverdueTasks, full: true)
        if !newlyCompletedTasks.isEmpty { tasks(.lateTasksCompleted, newlyCompletedTasks, full: true) }
        if verbose || overdueTasks.isEmpty {
            tasks(.lateTasksOutstanding, overdueTasks, full: true)
        } else {
            let units = Set(overdueTasks.map(\.unit)).count
            lines.append(
                "  " + Message(.lateTasksOutstandingCount, ["count": .count(overdueTasks.count), "units": .count(units)]).text(in: language))
        }
        return lines
    }

    /// The corrections newly overdue and newly received in full, those still overdue as a count: nothing when there are none.
    private func correctionLines(in language: Language) -> [String] {
        func line(_ correction: Correction) -> String {
            let unit = Message(.lateUnitWithName, ["code": .text(correction.unit), "name": .text(correction.unitName)])
            return "    "
                + Message(
                    .lateCorrectionLine,
                    [
                        "unit": .message(unit), "period": Self.period(correction.period), "id": .count(Int(correction.submission)),
                        "due": .deadline(correction.due),
                    ]
                ).text(in: language)
        }
        var lines: [String] = []
        if !newlyOverdueCorrections.isEmpty {
            lines.append("  " + Message(.lateCorrectionsNewlyOverdue).text(in: language))
            lines += newlyOverdueCorrections.map(line)
        }
        if !resolvedCorrections.isEmpty {
            lines.append("  " + Message(.lateCorrectionsResolved).text(in: language))
            lines += resolvedCorrections.map(line)
        }
        if !overdueCorrections.isEmpty {
            lines.append("  " + Message(.lateCorrectionsOutstanding, ["count": .count(overdueCorrections.count)]).text(in: language))
        }
        return lines
    }

    /// Task flags of each unit together, units in the order they first come.
    static func byUnit(_ flags: [OverdueTask]) -> [[OverdueTask]] {
        var order: [String] = []
        var byUnit: [String: [OverdueTask]] = [:]
        for flag in flags {
            if byUnit[flag.unit] == nil { order.append(flag.unit) }
            byUnit[flag.unit, default: []].append(flag)
        }
        return order.map { byUnit[$0]! }
    }

    /// Flags of one schedule and period, in the order they came.
    struct Group {
        var schedule: String
        var period: String
        var deadline: Date
        var flags: [Flag]
    }

    static func grouped(_ flags: [Flag]) -> [Group] {
        struct Key: Hashable {
            var schedule: String
            var period: String
        }
        var groups: [Group] = []
        var index: [Key: Int] = [:]
        for flag in flags {
            // Flags come period by period: most belong to the group of the flag before, found without hashing.
            if let last = groups.indices.last, groups[last].period == flag.period, groups[last].schedule == flag.schedule {
                groups[last].flags.append(flag)
            } else if let at = index[Key(schedule: flag.schedule, period: flag.period)] {
                groups[at].flags.append(flag)
            } else {
                index[Key(schedule: flag.schedule, period: flag.period)] = groups.count
                groups.append(Group(schedule: flag.schedule, period: flag.period, deadline: flag.deadline, flags: [flag]))
            }
        }
        return groups
    }

    /// The groups of each schedule together, schedules in the order they first come.
    static func bySchedule(_ groups: [Group]) -> [[Group]] {
        var order: [String] = []
        var bySchedule: [String: [Group]] = [:]
        for group in groups {
            if bySchedule[group.schedule] == nil { order.append(group.schedule) }
            bySchedule[group.schedule, default: []].append(group)
        }
        return order.map { bySchedule[$0]! }
    }

    /// "Báo cáo tuần của tỉnh…, tuần 46 năm 2025 (hạn nộp 08:00 ngày 20/11/2025): 2 đơn vị: AG (Tỉnh An Giang), CM (Tỉnh Cà Mau)".
    private func periodLine(_ group: Group, withNames: Bool, language: Language, catalog: Catalog) -> String {
        let units = group.flags.map {
            withNames ? Message(.lateUnitWithName, ["code": .text($0.unit), "name": .text($0.unitName)]).text(in: language) : $0.unit
        }
        return Message(
            .latePeriodLine,
            [
                "schedule": Self.schedule(group.schedule, catalog), "period": Self.period(group.period), "deadline": .deadline(group.deadline),
                "count": .count(group.flags.count), "units": .text(units.joined(separator: ", ")),
            ]
        ).text(in: language)
    }

    /// "Báo cáo tuần của tỉnh…: 4 lượt trong 2 kỳ (tuần 45 năm 2025: 2, tuần 46 năm 2025: 2)".
    private func scheduleLine(_ groups: [Group], language: Language, catalog: Catalog) -> String {
        let counts = groups.map {
            Message(.latePeriodCount, ["period": Self.period($0.period), "count": .count($0.flags.count)]).text(in: language)
        }
        return Message(
            .lateScheduleCounts,
            [
                "schedule": Self.schedule(groups[0].schedule, catalog), "count": .count(groups.reduce(0) { $0 + $1.flags.count }),
                "periods": .count(groups.count), "counts": .text(counts.joined(separator: ", ")),
            ]
        ).text(in: language)
    }

    /// A schedule by its name in Vietnamese, by its id in English (as the first releases printed it).
    static func schedule(_ id: String, _ catalog: Catalog) -> MessageArgument { .localized(vi: catalog.schedules[id]?.name.vi ?? id, en: id) }

    /// A period as people name it in Vietnamese, by its key in English.
    static func period(_ key: String) -> MessageArgument { .localized(vi: Language.vi.period(key), en: key) }
}
