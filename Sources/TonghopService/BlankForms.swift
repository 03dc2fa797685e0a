import Foundation
import TonghopCore
import TonghopIngest

/// The Excel report forms a unit fills in: made for a period (the one filling up, by default), blank or filled with the
/// answers of an earlier report. `tonghop form`, the API and the upload page all hand out these.
public struct BlankForms: Sendable {
    public let catalog: Catalog
    /// Where the units send their reports, as each form's instruction line says it.
    public let contact: SubmissionContact
    /// Where the tasks each unit has reported done are read, to leave them off its form; without it every task is listed.
    public let database: (any Storage)?

    public init(catalog: Catalog, contact: SubmissionContact, database: (any Storage)? = nil) {
        self.catalog = catalog
        self.contact = contact
        self.database = database
    }

    /// A form and the name a browser saves it under.
    public struct Form: Sendable {
        public var request: FormRequest
        public var data: Data
        /// "bao-cao-HN-2025-W47.xlsx".
        public var fileName: String
    }

    /// The form of `unit` for `period` (default: the period filling up at `instant`) of `schedule` (default: the one the
    /// key implies, else the unit's first), filled with `prefill` when given. A weekly form lists the unit's tasks assigned
    /// by `instant` but those it has reported done by then.
    public func form(unit: String, period: String?, schedule: String?, at instant: Date, prefill: ReportDraft? = nil) throws -> Form {
        let request = try catalog.formRequest(unit: unit, period: period, schedule: schedule, at: instant)
        var tasks: [AssignedTask] = []
        if case .weekly = request.schedule.periodType {
            tasks = catalog.tasks.tasks(of: request.unit, on: VietnamTime.date(of: instant))
            if let database, !tasks.isEmpty {
                let done = try database.completedTasks(receivedBy: instant, unit: request.unit.code)[request.unit.code] ?? []
                tasks.removeAll { done.contains($0.id) }
            }
        }
        let workbook = ReportForm.make(
            template: request.template, schedule: request.schedule, unit: request.unit, period: request.period, registry: catalog.registry,
            prefill: prefill, contact: contact, tasks: tasks, register: catalog.tasks)
        return Form(request: request, data: try workbook.xlsxData(), fileName: "bao-cao-\(request.unit.code)-\(request.period.key).xlsx")
    }

    /// The periods a unit may want a form for on one of its schedules, newest first: the next one, the one filling up
    /// (marked current), and the few before it, for a late or corrected report.
    public struct Choice: Sendable {
        public var schedule: Schedule
        public var current: Period
        public var periods: [Period]
    }

    /// One choice per schedule the unit reports on, as of `instant`, keeping only periods the unit exists in.
    public func choices(for unit: ReportingUnit, at instant: Date, before: Int = 4) -> [Choice] {
        unit.scheduleIds.compactMap { catalog.schedules[$0] }.map { schedule in
            let current = schedule.nextDuePeriod(at: instant)
            var periods = [schedule.period(after: current), current]
            for _ in 0..<before { periods.append(schedule.period(before: periods[periods.count - 1])) }
            return Choice(schedule: schedule, current: current, periods: periods.filter { unit.isActive(during: $0) })
        }
    }
}
