import Foundation
import TonghopCore
import TonghopSynthesis

/// Reminds the units that have not reported before a deadline: `tonghop remind`, run by a timer. Each unit is reminded
/// once per period and offset however often it runs (the outbox keeps a notice by its key), never after it reported,
/// never for a period before its schedule is tracked.
public struct Reminders: Sendable {
    public let catalog: Catalog
    public let storage: any Storage
    public let writer: NoticeWriter

    public init(catalog: Catalog, storage: any Storage, writer: NoticeWriter) {
        self.catalog = catalog
        self.storage = storage
        self.writer = writer
    }

    /// What one run queued.
    public struct Outcome: Sendable, Equatable {
        /// Reminders queued now, by schedule id.
        public var queued: [String: Int] = [:]
        /// Units that would be reminded but have no address in units.yaml.
        public var withoutAddress: [String] = []
    }

    /// Queues, at `at`, the reminders whose time has come: for the period each schedule is filling, every offset of its
    /// `reminders` reached (from `hours` before the deadline until the deadline), every expected unit without a report.
    public func run(at: Date, schedule only: String? = nil) throws -> Outcome {
        var outcome = Outcome()
        for schedule in catalog.scheduleOrder.compactMap({ catalog.schedules[$0] }) where only == nil || schedule.id == only {
            let period = schedule.nextDuePeriod(at: at)
            let deadline = schedule.onTimeLimit(of: period)
            guard schedule.isTracked(period), at < deadline else { continue }
            let reached = schedule.reminderHours.filter { deadline.addingTimeInterval(-Double($0) * 3600) <= at }
            guard !reached.isEmpty else { continue }
            let reported = try storage.reportTimes(schedule: schedule.id, period: period.key, asOf: at)
            var notices: [Notice] = []
            for unit in catalog.registry.expectedUnits(for: period) where reported[unit.code] == nil {
                // Only the latest offset reached: a run after a long pause sends one reminder, not one per missed offset.
                guard let hours = reached.min() else { continue }
                if let notice = writer.reminder(unit: unit, schedule: schedule, period: period, deadline: deadline, hours: hours) {
                    notices.append(notice)
                } else if unit.mail.isEmpty {
                    outcome.withoutAddress.append(unit.code)
                }
            }
            outcome.queued[schedule.id] = try storage.enqueue(notices, at: at)
        }
        return outcome
    }
}
