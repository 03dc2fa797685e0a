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

    /// Why a queued reminder is no longer worth sending at `instant`: its unit has reported, or its deadline has passed;
    /// nil for any other message. The sender asks before each try: a reminder waits in the outbox while the server is
    /// down, and must not reach a unit that has reported since.
    public func withdrawal(_ message: OutboxMessage, at instant: Date) throws -> String? {
        guard message.kind == .reminder else { return nil }
        // "reminder:<schedule>:<period>:<unit>:<hours>h", as `NoticeWriter.reminder` makes it.
        let parts = message.key.split(separator: ":").map(String.init)
        guard parts.count == 5, let schedule = catalog.schedules[parts[1]], let period = try? schedule.period(forKey: parts[2]).get() else {
            return nil
        }
        if instant >= schedule.onTimeLimit(of: period) { return "withdrawn: the deadline has passed" }
        if try storage.reportTimes(schedule: schedule.id, period: period.key, asOf: instant)[parts[3]] != nil {
            return "withdrawn: the unit has reported"
        }
        return nil
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
