/// A reporting unit (đơn vị báo cáo): a province or city, a ministry or an agency.
public struct ReportingUnit: Sendable, Hashable {
    /// Short stable code used in report files, e.g. "HN", "BNV".
    public var code: String
    public var name: String
    public var nameEn: String?
    public var kind: UnitKind
    /// Ids of the schedules the unit reports on.
    public var scheduleIds: [String]
    /// First day the unit exists and reports (e.g. the day of a merger).
    public var validFrom: LocalDate
    /// Last day, for units merged into others; nil while the unit exists.
    public var validTo: LocalDate?
    /// Where the unit's reminders, receipts and returns are mailed; none when empty.
    public var mail: [String]

    public init(
        code: String, name: String, nameEn: String? = nil, kind: UnitKind, scheduleIds: [String],
        validFrom: LocalDate, validTo: LocalDate? = nil, mail: [String] = []
    ) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.scheduleIds = scheduleIds
        self.validFrom = validFrom
        self.validTo = validTo
        self.mail = mail
    }

    /// Whether the unit exists during any part of a period: only then is it expected, and only then accepted.
    public func isActive(during period: Period) -> Bool {
        validFrom <= period.lastDay && (validTo.map { $0 >= period.firstDay } ?? true)
    }

    public func reports(on scheduleId: String) -> Bool { scheduleIds.contains(scheduleId) }
}

/// The kinds of reporting unit in the two-level local government model.
public enum UnitKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Centrally-run city (thành phố trực thuộc trung ương).
    case city
    case province
    case ministry
    case ministerialAgency = "ministerial-agency"
    case governmentAgency = "government-agency"

    public var isCentral: Bool { self == .ministry || self == .ministerialAgency || self == .governmentAgency }
}

/// The list of reporting units, kept as data that MoHA staff edit.
public struct UnitRegistry: Sendable, Hashable {
    public var version: String
    public private(set) var units: [ReportingUnit]
    private var indexByCode: [String: Int]
    /// The central agencies by name: a recommendation chosen from the form's drop-down names its addressee so.
    private var centralByName: [String: Int]

    public init(version: String, units: [ReportingUnit]) {
        self.version = version
        self.units = units
        self.indexByCode = Dictionary(units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.centralByName = Dictionary(
            units.enumerated().filter { $1.kind.isCentral }.map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func unit(_ code: String) -> ReportingUnit? { indexByCode[code].map { units[$0] } }

    /// The name of the unit of `code`, without copying the rest of it: a late check names 30,000 flags at commune scale.
    public func name(of code: String) -> String? { indexByCode[code].map { units[$0].name } }

    /// The ministry or central agency of this name, exactly as the registry writes it.
    public func centralUnit(named name: String) -> ReportingUnit? { centralByName[name].map { units[$0] } }

    /// Where a unit stands in the registry's order.
    public func position(of code: String) -> Int? { indexByCode[code] }

    /// The unit a person named, in any case (`hn` for HN): for commands and requests, never for report files, whose
    /// codes are checked as written.
    public func unit(named code: String) -> ReportingUnit? {
        unit(code) ?? units.first { $0.code.uppercased() == code.uppercased() }
    }

    /// The units expected to report on a schedule for a period.
    public func expectedUnits(for period: Period) -> [ReportingUnit] {
        units.filter { $0.reports(on: period.scheduleId) && $0.isActive(during: period) }
    }
}
