import TonghopCore

// The YAML format of one directive's tasks in `Templates/tasks/`, decoded strictly like the templates.

struct TaskRegisterFile: CatalogFileFormat {
    static let formatName = "tasks"
    var version: String
    var directive: DirectiveEntry
    /// `warning` or `note`: how a weekly report that leaves out one of the directive's open tasks is answered.
    var unreported: Severity
    var tasks: [TaskEntry]

    struct DirectiveEntry: Codable {
        var symbol: String?
        var kind: String
        var date: LocalDate
        var issuer: String
        var subject: String
    }

    struct TaskEntry: Codable {
        var id: String
        var text: String
        var assignees: AssigneesEntry
        var lead: String?
        var coordinating: [String]?
        /// "2025-06-05" or "2025-06-05 08:00"; none for a task done regularly.
        var deadline: String?
        var product: String
        /// Default: the directive's date.
        var assigned: LocalDate?
    }

    struct AssigneesEntry: Codable {
        var units: [String]?
        var kinds: [UnitKind]?
        var schedules: [String]?
    }

    static let allowedKeys: [String: Set<String>] = [
        "": ["version", "directive", "unreported", "tasks"],
        "directive": ["symbol", "kind", "date", "issuer", "subject"],
        "tasks[]": ["id", "text", "assignees", "lead", "coordinating", "deadline", "product", "assigned"],
        "tasks[].assignees": ["units", "kinds", "schedules"],
    ]
}
