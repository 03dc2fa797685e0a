import Foundation
import TonghopCore

/// A schedule, period or unit that a request named wrongly; the message says what exists instead.
public struct RequestError: Error, Sendable, CustomStringConvertible {
    /// What was named wrongly and what exists instead, for the person who asked.
    public var message: Message
    /// The request named a unit or schedule that does not exist (rather than a wrong key or combination).
    public var isUnknownName: Bool

    public init(_ message: Message, isUnknownName: Bool = false) {
        self.message = message
        self.isUnknownName = isUnknownName
    }

    public var description: String { message.text(in: .en) }
}

/// What a blank form is made for: a unit, its schedule, a period and the template in force.
public struct FormRequest: Sendable {
    public var unit: ReportingUnit
    public var schedule: Schedule
    public var period: Period
    public var template: CriteriaTemplate
}

extension Catalog {
    /// The schedule named, or the one a period key's form implies (the month for `2025-10`, the default week for
    /// `2025-W47`), or the default one (`schedules.yaml`'s first).
    public func schedule(id: String?, impliedBy periodKey: String?) throws(RequestError) -> Schedule {
        let name = id ?? periodKey.flatMap { scheduleImplied(by: $0)?.id } ?? defaultScheduleId
        guard let schedule = schedules[name] else {
            throw RequestError(
                Message(.requestUnknownSchedule, ["name": .quoted(name), "schedules": .list(schedules.keys.sorted())]), isUnknownName: true)
        }
        return schedule
    }

    /// The unit a person named, in any case; a request error naming what was asked for when there is none.
    public func requestedUnit(_ code: String) throws(RequestError) -> ReportingUnit {
        guard let unit = registry.unit(named: code) else {
            throw RequestError(Message(.requestUnknownUnit, ["code": .quoted(code)]), isUnknownName: true)
        }
        return unit
    }

    /// Resolves a form request: without a schedule, the unit's weekly schedule for a key such as 2025-W46, monthly for
    /// 2025-10; without a period, the period of that schedule (else the unit's first) filling up at `instant`.
    public func formRequest(unit code: String, period given: String?, schedule scheduleId: String?, at instant: Date) throws(RequestError)
        -> FormRequest
    {
        let unit = try requestedUnit(code)
        guard let key = given else {
            guard let schedule = (scheduleId ?? unit.scheduleIds.first).flatMap({ schedules[$0] }), unit.reports(on: schedule.id) else {
                throw RequestError(
                    Message(
                        .requestUnitNotOnSchedule, ["unit": .unit(unit), "schedule": .text(scheduleId ?? "?"), "schedules": .list(unit.scheduleIds)]))
            }
            return try formRequest(unit: unit.code, period: schedule.nextDuePeriod(at: instant).key, schedule: schedule.id, at: instant)
        }
        let monthly = !key.contains("W")
        let candidates: [Schedule] = unit.scheduleIds.compactMap { id in schedules[id] }.filter { s in (s.periodType.kind == .monthly) == monthly }
        let named: Schedule? = scheduleId.flatMap { schedules[$0] }
        guard let schedule = scheduleId == nil ? candidates.first : named else {
            throw RequestError(
                Message(.requestNoScheduleForPeriod, ["unit": .unit(unit), "schedules": .list(unit.scheduleIds), "key": .quoted(key)]))
        }
        guard unit.reports(on: schedule.id) else {
            throw RequestError(
                Message(.requestUnitNotOnSchedule, ["unit": .unit(unit), "schedule": .text(schedule.id), "schedules": .list(unit.scheduleIds)]))
        }
        let period = try schedule.period(named: key)
        guard unit.isActive(during: period) else {
            var arguments: MessageArguments = ["unit": .unit(unit), "from": .date(unit.validFrom), "period": .period(period.key)]
            if let last = unit.validTo { arguments["until"] = .date(last) }
            throw RequestError(Message(unit.validTo == nil ? .requestUnitNotActive : .requestUnitNotActiveUntil, arguments))
        }
        guard let template = latestTemplate(forSchedule: schedule.id) else {
            throw RequestError(Message(.requestNoTemplate, ["schedule": .text(schedule.id)]))
        }
        return FormRequest(unit: unit, schedule: schedule, period: period, template: template)
    }
}

extension Schedule {
    /// The period with this key, or an error naming the key's expected form.
    public func period(named key: String) throws(RequestError) -> Period {
        do { return try period(forKey: key).get() } catch {
            throw RequestError(Message(.requestPeriod, ["detail": .message(error.message), "schedule": .text(id)]))
        }
    }
}

extension Schedule {
    /// A period named by key, or by `current` (the one whose deadline is next: the one filling up), `latest` (the
    /// latest whose deadline has passed) or `watch` (the one a board opens on: see `periodToWatch`), as seen at `instant`.
    public func period(named key: String?, default fallback: String, at instant: Date) throws(RequestError) -> Period {
        switch key ?? fallback {
        case "current": nextDuePeriod(at: instant)
        case "latest": latestClosedPeriod(at: instant)
        case "watch": periodToWatch(at: instant)
        case let key: try period(named: key)
        }
    }
}
