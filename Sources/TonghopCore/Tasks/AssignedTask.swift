import Foundation

/// A directive (văn bản chỉ đạo) that assigns tasks: a dispatch, a conclusion, an announcement.
public struct Directive: Sendable, Hashable {
    /// The file's name without `.yaml`: the directive's stable id.
    public var id: String
    /// "69/CV-BCĐ"; nil when the source gives no number.
    public var symbol: String?
    /// "Công văn", "Kết luận", "Thông báo".
    public var kind: String
    public var date: LocalDate
    public var issuer: String
    /// What it is about, as its subject line (trích yếu) says: "về thực hiện phân cấp, phân quyền …".
    public var subject: String
    /// How a weekly report that leaves out one of its open tasks is answered: a warning or a note.
    public var unreportedSeverity: Severity

    public init(
        id: String, symbol: String?, kind: String, date: LocalDate, issuer: String, subject: String, unreportedSeverity: Severity
    ) {
        self.id = id
        self.symbol = symbol
        self.kind = kind
        self.date = date
        self.issuer = issuer
        self.subject = subject
        self.unreportedSeverity = unreportedSeverity
    }

    /// The directive as a document names it: "Công văn số 69/CV-BCĐ ngày 03/06/2025".
    public var citation: String {
        let dated = "ngày " + Language.vi.date(date)
        return symbol.map { "\(kind) số \($0) \(dated)" } ?? "\(kind) \(dated) của \(issuer)"
    }
}

/// A task a directive assigns, to named units or to every unit of a kind or a schedule, with or without a deadline.
public struct AssignedTask: Sendable, Hashable {
    /// Stable id, written in reports: lower-case letters, digits and hyphens.
    public var id: String
    public var directiveId: String
    /// What is to be done, in Vietnamese.
    public var text: String
    public var assignees: Assignees
    /// The unit that leads, where the directive names one.
    public var lead: String?
    /// The units that take part without answering for the task.
    public var coordinating: [String]
    /// Nil for a task done regularly ("thường xuyên").
    public var deadline: TaskDeadline?
    /// What shows it done: "Nghị định được ban hành".
    public var product: String
    /// The day it was assigned (the directive's date unless the register says otherwise).
    public var assignedOn: LocalDate

    public init(
        id: String, directiveId: String, text: String, assignees: Assignees, lead: String? = nil, coordinating: [String] = [],
        deadline: TaskDeadline?, product: String, assignedOn: LocalDate
    ) {
        self.id = id
        self.directiveId = directiveId
        self.text = text
        self.assignees = assignees
        self.lead = lead
        self.coordinating = coordinating
        self.deadline = deadline
        self.product = product
        self.assignedOn = assignedOn
    }

    /// Whether the task falls to `unit` on `day`: the unit is named, or of a kind or schedule named, and exists at some
    /// time from the day the task was assigned to `day` (a unit merged away before then never had it; one set up since
    /// has it). Never before the task is assigned.
    public func fallsTo(_ unit: ReportingUnit, on day: LocalDate) -> Bool {
        Self.falls(assignedOn: assignedOn, to: assignees, unit, on: day)
    }

    /// `fallsTo` asked of a task's two fields rather than of the task: the register asks it of tasks where they are
    /// stored, and a call on a task there copied it whole first (see `TaskRegister.taskPlaces`).
    public static func falls(assignedOn: LocalDate, to assignees: Assignees, _ unit: ReportingUnit, on day: LocalDate) -> Bool {
        assignedOn <= day && unit.validFrom <= day && (unit.validTo.map { $0 >= assignedOn } ?? true) && assignees.include(unit)
    }

    /// Whether a task id is of the form reports can carry (`cv69-decrees`): a CSV key `<id>.status` splits at its dot.
    public static func isValidId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}

/// Who must do a task: named units, and every unit of some kinds or reporting on some schedules.
public struct Assignees: Sendable, Hashable {
    public var units: [String]
    public var kinds: [UnitKind]
    public var schedules: [String]

    public init(units: [String] = [], kinds: [UnitKind] = [], schedules: [String] = []) {
        self.units = units
        self.kinds = kinds
        self.schedules = schedules
    }

    public var isEmpty: Bool { units.isEmpty && kinds.isEmpty && schedules.isEmpty }

    /// Whether `unit` is one of them, by name, kind or schedule (its validity dates aside).
    public func include(_ unit: ReportingUnit) -> Bool {
        units.contains(unit.code) || kinds.contains(unit.kind) || schedules.contains { unit.reports(on: $0) }
    }
}

/// When a task is due: by the end of a day, or by an hour of a day, in Vietnam time.
public struct TaskDeadline: Sendable, Hashable {
    public var day: LocalDate
    /// Minutes after midnight; nil for the end of the day.
    public var minutes: Int?

    public init(day: LocalDate, minutes: Int? = nil) {
        self.day = day
        self.minutes = minutes
    }

    /// Parses "2025-06-05" or "2025-06-05 08:00" (Vietnam time).
    public init?(parsing text: String) {
        let parts = text.trimmed.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count), let day = LocalDate(iso: String(parts[0])) else { return nil }
        if parts.count == 2 {
            guard let minutes = DeadlineRule.minutes(parsing: String(parts[1])), minutes < 24 * 60 else { return nil }
            self.init(day: day, minutes: minutes)
        } else {
            self.init(day: day)
        }
    }

    /// The first instant at which a task not completed is overdue.
    public var instant: Date { VietnamTime.instant(day, minutes: minutes ?? 24 * 60) }

    /// For people: "31/08/2025", "08:00 ngày 05/06/2025"; "2025-08-31", "2025-06-05 08:00 (UTC+7)".
    public func text(in language: Language) -> String {
        guard minutes != nil else { return language.date(day) }
        return language.instant(instant)
    }

    /// For machines: "2025-06-05" or "2025-06-05T08:00:00+07:00".
    public var iso: String { minutes == nil ? day.description : VietnamTime.iso8601(instant) }
}
