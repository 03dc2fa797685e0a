import Foundation
import TonghopCore

/// A schedule, period or unit that a request named wrongly; the message says what exists instead.
public struct RequestError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The request named a unit or schedule that does not exist (rather than a wrong key or combination).
    public var isUnknownName: Bool

    public init(_ description: String, isUnknownName: Bool = false) {
        self.description = description
        self.isUnknownName = isUnknownName
    }
}

/// What a blank form is made for: a unit, its schedule, a period and the template in force.
public struct FormRequest: Sendable {
    public var unit: ReportingUnit
    public var schedule: Schedule
    public var period: Period
    public var template: CriteriaTemplate
}

extension Catalog {
    /// The schedule named, or the one a period key's form implies (monthly for `2025-10`, the province week otherwise).
    public func schedule(id: String?, impliedBy periodKey: String?) throws(RequestError) -> Schedule {
        let implied = periodKey.map { $0.split(separator: "-").last?.first == "W" ? "province-weekly" : "monthly" } ?? "province-weekly"
        let name = id ?? implied
        guard let schedule = schedules[name] else {
            throw RequestError(
                "\"\(name)\" is not a schedule; the schedules are \(schedules.keys.sorted().joined(separator: ", "))", isUnknownName: true)
        }
        return schedule
    }

    /// Resolves a form request: without a schedule, the unit's weekly schedule for a key such as 2025-W46, monthly for 2025-10.
    public func formRequest(unit code: String, period key: String, schedule scheduleId: String?) throws(RequestError) -> FormRequest {
        guard let unit = registry.unit(code) else { throw RequestError("\"\(code)\" is not a unit of the registry", isUnknownName: true) }
        let monthly = !key.contains("W")
        let candidates: [Schedule] = unit.scheduleIds.compactMap { id in schedules[id] }.filter { s in (s.periodType.kind == .monthly) == monthly }
        let named: Schedule? = scheduleId.flatMap { schedules[$0] }
        guard let schedule = scheduleId == nil ? candidates.first : named else {
            throw RequestError(
                "unit \(code) reports on \(unit.scheduleIds.joined(separator: ", ")); none has periods such as \(key) (or no such schedule)")
        }
        guard unit.reports(on: schedule.id) else {
            throw RequestError("unit \(code) does not report on \(schedule.id); it reports on \(unit.scheduleIds.joined(separator: ", "))")
        }
        let period = try schedule.period(named: key)
        guard unit.isActive(during: period) else {
            throw RequestError("unit \(code) exists from \(unit.validFrom)\(unit.validTo.map { " until \($0)" } ?? ""), not during \(period)")
        }
        guard let template = latestTemplate(forSchedule: schedule.id) else {
            throw RequestError("no criteria template reports on \(schedule.id)")
        }
        return FormRequest(unit: unit, schedule: schedule, period: period, template: template)
    }
}

extension Schedule {
    /// The period with this key, or an error naming the key's expected form.
    public func period(named key: String) throws(RequestError) -> Period {
        do { return try period(forKey: key).get() } catch { throw RequestError("\(error) (schedule \(id))") }
    }
}

extension Schedule {
    /// A period named by key, or by `current` (the one whose deadline is next: the one filling up) or `latest` (the
    /// latest whose deadline has passed), as seen at `instant`.
    public func period(named key: String?, default fallback: String, at instant: Date) throws(RequestError) -> Period {
        switch key ?? fallback {
        case "current": nextDuePeriod(at: instant)
        case "latest": latestClosedPeriod(at: instant)
        case let key: try period(named: key)
        }
    }
}
