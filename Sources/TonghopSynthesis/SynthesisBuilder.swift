import Foundation
import TonghopCore

/// Builds the synthesis of one period from the archive of submissions: which reports count, consolidated as the
/// templates say.
public struct SynthesisBuilder: Sendable {
    public var catalog: Catalog
    public var settings: SynthesisSettings
    public var archive: any SubmissionArchive

    public init(catalog: Catalog, settings: SynthesisSettings, archive: any SubmissionArchive) {
        self.catalog = catalog
        self.settings = settings
        self.archive = archive
    }

    /// Why a synthesis cannot be made.
    public enum Problem: Error, CustomStringConvertible {
        case noTemplate(schedule: String)

        public var description: String {
            switch self {
            case .noTemplate(let schedule): "no criteria template reports on the schedule \(schedule)"
            }
        }
    }

    /// The synthesis of `period` of `schedule` (default: the latest period whose deadline had passed), counting the
    /// reports received by `asOf`, made as far as `scope` says (see `SynthesisScope`).
    public func build(schedule: Schedule, period: Period? = nil, asOf: Date, scope: SynthesisScope = .whole) throws -> Synthesis {
        guard let template = catalog.latestTemplate(forSchedule: schedule.id) else { throw Problem.noTemplate(schedule: schedule.id) }
        let options = settings.schedules[schedule.id] ?? Self.defaultSettings(for: template)
        let period = period ?? schedule.latestClosedPeriod(at: asOf)
        if scope == .tidy { return try tidy(schedule: schedule, template: template, options: options, period: period, asOf: asOf) }
        let everyValue = scope == .whole
        // The window: the synthesized period last, as far back as the trend and the outlier history reach.
        let depth = max(settings.trendPeriods, options.outliers.history + 1, 3)
        var window = [period]
        while window.count < depth { window.insert(schedule.period(before: window[0]), at: 0) }
        // The archive answers several readers at once: which reports count is read beside the status boards and what
        // needs not know it (the words on tasks, the staff's assessment), then their numbers, their texts and their
        // narrative and warnings. The reads are made in the order that keeps the cores busy, but a database that fails
        // several of them is said by the first in the order they have always been told: which reports count, the boards,
        // the numbers, the texts, the words on tasks, the narrative, the warnings, the reviews, the assessment.
        let archive = self.archive, catalog = self.catalog, keys = window.map(\.key)
        let (counted, (board, bySchedule, weekly), readTaskReports, readAssessment) = try concurrently(
            {
                try archive.countedSubmissions(schedule: schedule.id, periods: keys, asOf: asOf)
            },
            {
                let board = try StatusBoard.build(schedule: schedule, period: period, at: asOf, registry: catalog.registry, archive: archive)
                return (
                    board, try complianceBySchedule(synthesized: board, asOf: asOf), try weeklyReporting(during: period, of: schedule, asOf: asOf)
                )
            },
            { Result { try archive.taskReports(receivedBy: asOf, unit: nil) } },
            { Result { try archive.assessment(schedule: schedule.id, period: period.key, asOf: asOf) } })
        // Texts are read for the synthesized period and the one before it only; earlier periods give their numbers.
        let recent = counted.filter { $0.periodKey == period.key || $0.periodKey == window[window.count - 2].key }.map(\.id)
        let current = counted.filter { $0.periodKey == period.key }.map(\.id)
        let criteria = template.criteria.map(\.id)
        let textCriteria = template.criteria.filter(\.type.isTextual).map(\.id)
        // Each read a piece of its own, the longest first, with the rows indexed beside them: grouped three by three, two
        // cores left one idle a third of the time (measured on a commune-scale synthesis: 31 ms for 50 ms of work).
        let (readNumbers, readNarrative, readTexts, rows, readWarnings, readReviews) = try concurrently(
            { Result { try archive.numberTable(of: counted.map(\.id), criteria: criteria) } },
            { Result { try archive.narrative(of: current) } },
            { Result { try archive.texts(of: recent, criteria: textCriteria) } },
            { WindowRows(submissions: counted, window: keys, registry: catalog.registry) },
            { Result { try archive.warnings(of: current) } },
            { Result { try archive.latestReviews(of: current, asOf: asOf) } })
        let (numbers, texts, taskReports, narrative) = (
            try readNumbers.get(), try readTexts.get(), try readTaskReports.get(), try readNarrative.get()
        )
        let (warnings, reviews, assessment) = (try readWarnings.get(), try readReviews.get(), try readAssessment.get())
        let context = SynthesisContext(
            catalog: catalog, template: template, options: options, window: keys,
            table: ReportTable(criteria: criteria, submissions: counted, numbers: numbers, texts: texts), rows: rows, narrative: narrative,
            warnings: warnings, reviews: reviews)
        let currentRows = context.rows(of: period.key)
        let trendPeriods = settings.trendPeriods
        // Each part reads the context and nothing else: computed on all cores at once, each a piece of its own, the
        // costliest first (the outliers first of all: a figure whose change one of them makes says so).
        let register = catalog.tasks
        let (
            (figures, outliers), tasks, recommendations, difficulties, unitTable, results, (values, attention), trend, (returned, notes)
        ) = try concurrently(
            { [context] in
                let outliers = context.outliers()
                return (context.figures(outliers: outliers), outliers)
            },
            { [taskReports] in
                TaskSection.make(
                    register: register, registry: catalog.registry, reports: taskReports, firstDay: period.firstDay, lastDay: period.lastDay,
                    asOf: asOf, schedule: schedule.id, everyTask: everyValue)
            },
            { [context] in context.recommendations() },
            { [context] in context.difficulties() },
            { [context] in context.unitTable(board: board) },
            { [context] in context.results() },
            { [context] in (everyValue ? context.tidyValues() : [], context.attention()) },
            { [context] in context.trend(periods: trendPeriods) },
            { [context] in (context.returnedReports(), context.notes()) })
        let synthesis = Synthesis(
            heading: heading(
                schedule: schedule, template: template, options: options, period: period, versions: currentRows.map { counted[$0] }, asOf: asOf),
            compliance: Self.compliance(board, name: schedule.name),
            complianceBySchedule: bySchedule,
            figures: figures,
            criteria: Self.criteriaGroups(of: template, context),
            trend: trend,
            unitTable: unitTable,
            attention: attention,
            results: results,
            tasks: tasks,
            difficulties: difficulties,
            recommendations: recommendations.groups.filter { !isIssuer($0.addressee) },
            interSectoral: recommendations.interSectoral,
            issuerRecommendations: recommendations.groups.first { isIssuer($0.addressee) }?.items ?? [],
            assessment: assessment.map { written in
                // Read leniently: a text kept under an older template keeps a heading the template no longer has as a line.
                let text = (try? AssessmentText.read(written.text, topics: template.groups.map { ($0.id, $0.label.vi) }, strict: false))
                return SynthesisAssessment(
                    text: text ?? AssessmentText(general: [], topics: []), author: written.author, writtenAt: written.writtenAt)
            },
            dataQuality: DataQuality(returned: returned, warnings: notes, outliers: outliers),
            weeklyReporting: weekly,
            values: values)
        // What the synthesis was made from, let go of on another thread: freed here, the window's narrative, numbers and
        // rows (a commune-scale week's tens of thousands of small parts) kept this thread from writing the synthesis out
        // while the other cores had nothing to do (106–155 of a Markdown synthesis' 2,700–2,800 samples on it, with
        // `perf` at 10 kHz; 6–8 since). The parts above captured their own copies, so that these can be consumed here;
        // what else still points at the same storage is let go of here first, as a rule, the other thread waking later.
        letGoOnAnotherThread((consume context, consume narrative, consume taskReports))
        return synthesis
    }

    /// The tidy part alone (see `SynthesisScope.tidy`): the synthesized period's reports, their numbers and texts, the
    /// words on tasks and the reviews; none of the earlier periods a trend or an outlier looks back on, nor the narrative.
    /// A commune-scale CSV synthesis made its whole model first, and three fifths of that work was never written out.
    private func tidy(
        schedule: Schedule, template: CriteriaTemplate, options: ScheduleSynthesisSettings, period: Period, asOf: Date
    ) throws -> Synthesis {
        let archive = self.archive, catalog = self.catalog, keys = [period.key]
        let (counted, board, readTaskReports) = try concurrently(
            { try archive.countedSubmissions(schedule: schedule.id, periods: keys, asOf: asOf) },
            { try StatusBoard.build(schedule: schedule, period: period, at: asOf, registry: catalog.registry, archive: archive) },
            { Result { try archive.taskReports(receivedBy: asOf, unit: nil) } })
        let ids = counted.map(\.id), criteria = template.criteria.map(\.id)
        let textCriteria = template.criteria.filter(\.type.isTextual).map(\.id)
        // Told in the order of the whole synthesis' reads: the numbers, the texts, the words on tasks, the reviews.
        let (readNumbers, readTexts, rows, readReviews) = try concurrently(
            { Result { try archive.numberTable(of: ids, criteria: criteria) } },
            { Result { try archive.texts(of: ids, criteria: textCriteria) } },
            { WindowRows(submissions: counted, window: keys, registry: catalog.registry) },
            { Result { try archive.latestReviews(of: ids, asOf: asOf) } })
        let (numbers, texts, taskReports, reviews) = (try readNumbers.get(), try readTexts.get(), try readTaskReports.get(), try readReviews.get())
        let context = SynthesisContext(
            catalog: catalog, template: template, options: options, window: keys,
            table: ReportTable(criteria: criteria, submissions: counted, numbers: numbers, texts: texts), rows: rows, narrative: [:],
            warnings: [:], reviews: reviews)
        let register = catalog.tasks
        let (tasks, values, returned) = try concurrently(
            {
                TaskSection.make(
                    register: register, registry: catalog.registry, reports: taskReports, firstDay: period.firstDay, lastDay: period.lastDay,
                    asOf: asOf, schedule: schedule.id)
            },
            { context.tidyValues() },
            { context.returnedReports() })
        return Synthesis(
            heading: heading(schedule: schedule, template: template, options: options, period: period, versions: counted, asOf: asOf),
            compliance: Self.compliance(board, name: schedule.name), complianceBySchedule: [], figures: [],
            criteria: Self.criteriaGroups(of: template, context), trend: Trend(periods: [], sameUnits: 0, series: []),
            unitTable: UnitTable(criteria: [], rows: []), attention: Attention(shortfalls: [], rises: []), results: [], tasks: tasks,
            difficulties: [], recommendations: [], interSectoral: [], issuerRecommendations: [], assessment: nil,
            dataQuality: DataQuality(returned: returned, warnings: [], outliers: []), weeklyReporting: [], values: values)
    }

    /// The heading of the synthesis of `period`, whose counted reports of that period are `versions`.
    private func heading(
        schedule: Schedule, template: CriteriaTemplate, options: ScheduleSynthesisSettings, period: Period, versions: [CountedSubmission], asOf: Date
    ) -> Heading {
        Heading(
            issuer: settings.issuer, subject: options.subject, scheduleId: schedule.id, scheduleName: schedule.name,
            periodType: schedule.periodType.kind, templateId: template.id, templateTitle: template.title, templateVersion: template.version,
            templateVersionsUsed: Set(versions.map(\.templateVersion)).sorted(),
            periodKey: period.key, firstDay: period.firstDay, lastDay: period.lastDay, deadline: schedule.onTimeLimit(of: period),
            previousPeriodKey: schedule.period(before: period).key, asOf: asOf, issuedOn: VietnamTime.date(of: asOf),
            reportingUnits: Self.reportingUnits(of: schedule, in: catalog.registry), isProvisional: asOf < schedule.onTimeLimit(of: period))
    }

    /// The template's criteria by group, as the tables head them.
    private static func criteriaGroups(of template: CriteriaTemplate, _ context: SynthesisContext) -> [CriteriaGroup] {
        template.groups.map { group in
            CriteriaGroup(id: group.id, label: group.label, criteria: template.criteria.filter { $0.group == group.id }.map(context.header))
        }
    }

    /// Whether the schedule's units are all provinces, all central agencies, or both.
    static func reportingUnits(of schedule: Schedule, in registry: UnitRegistry) -> ReportingUnitsKind {
        let kinds = Set(registry.units.filter { $0.reports(on: schedule.id) }.map(\.kind.isCentral))
        return kinds == [true] ? .central : kinds == [false] ? .provinces : .mixed
    }

    /// Whether a recommendation's addressee is the issuer itself (`ministry:BNV` in MoHA's synthesis).
    private func isIssuer(_ addressee: String) -> Bool {
        settings.issuer.unitCode.map { addressee == "ministry:\($0)" } ?? false
    }

    /// Settings for a schedule `synthesis.yaml` says nothing about: the first numeric criteria are key and charted.
    static func defaultSettings(for template: CriteriaTemplate) -> ScheduleSynthesisSettings {
        let numeric = template.criteria.filter { $0.type.isNumeric && $0.aggregation != .none }.map(\.id)
        return ScheduleSynthesisSettings(
            subject: template.title.vi, keyCriteria: Array(numeric.prefix(8)), trendCriteria: Array(numeric.prefix(4)),
            shortfalls: [], difficultyIndicators: [], outliers: OutlierSettings())
    }

    static func compliance(_ board: StatusBoard, name: LocalizedText) -> Compliance {
        func ref(_ unit: StatusBoard.UnitStatus) -> UnitRef { UnitRef(code: unit.code, name: unit.name) }
        return Compliance(
            summary: summary(board, name: name),
            late: board.units.filter { $0.state == .late }.map {
                LateUnit(unit: ref($0), receivedAt: $0.reportedAt!, lateBySeconds: $0.lateBySeconds ?? 0)
            },
            missing: board.units.filter { $0.state == .missing }.map(ref),
            pending: board.units.filter { $0.state == .pending }.map(ref))
    }

    static func summary(_ board: StatusBoard, name: LocalizedText) -> ComplianceSummary {
        ComplianceSummary(
            scheduleId: board.scheduleId, scheduleName: name, periodKey: board.periodKey, deadline: board.deadline,
            expected: board.counts.expected, onTime: board.counts.onTime, late: board.counts.late, missing: board.counts.missing,
            pending: board.counts.pending)
    }

    /// Every schedule's latest closed period as of `asOf`; the synthesized one stands for its own schedule.
    private func complianceBySchedule(synthesized: StatusBoard, asOf: Date) throws -> [ComplianceSummary] {
        try catalog.schedules.values.sorted { $0.id < $1.id }.map { schedule in
            let board =
                schedule.id == synthesized.scheduleId
                ? synthesized : try StatusBoard.build(schedule: schedule, at: asOf, registry: catalog.registry, archive: archive)
            return Self.summary(board, name: schedule.name)
        }
    }

    /// For a monthly period, the weekly periods of every weekly schedule that ended within it.
    private func weeklyReporting(during period: Period, of schedule: Schedule, asOf: Date) throws -> [ComplianceSummary] {
        guard case .monthly = schedule.periodType else { return [] }
        var summaries: [ComplianceSummary] = []
        for weekly in catalog.schedules.values.sorted(by: { $0.id < $1.id }) {
            guard case .weekly = weekly.periodType else { continue }
            var week = weekly.period(containing: period.firstDay)
            if week.lastDay < period.firstDay { week = weekly.period(after: week) }
            while week.lastDay <= period.lastDay {
                // A week before the schedule was tracked has no one expected: it is not a line of 0/23.
                if let tracked = weekly.trackedFrom, week.firstDay < tracked {
                    week = weekly.period(after: week)
                    continue
                }
                let board = try StatusBoard.build(schedule: weekly, period: week, at: asOf, registry: catalog.registry, archive: archive)
                summaries.append(Self.summary(board, name: weekly.name))
                week = weekly.period(after: week)
            }
        }
        return summaries
    }
}
