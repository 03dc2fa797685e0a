import TonghopCore

// The YAML file formats staff edit. They are decoded strictly (unknown keys are errors, so a typo
// such as `requried:` cannot silently drop a rule) and then resolved into the core types.

struct SchedulesFile: CatalogFileFormat {
    static let formatName = "schedules"
    var version: String
    var schedules: [ScheduleEntry]

    struct ScheduleEntry: Codable {
        var id: String
        var name: LocalizedText
        var period: PeriodEntry
        var deadline: DeadlineEntry
        /// Minutes after the deadline still counted as on time.
        var grace: Int?
        var correctionWorkingDays: Int?
        /// YYYY-MM-DD.
        var trackedFrom: String?
        /// Hours before the deadline.
        var reminders: [Int]?
    }

    struct PeriodEntry: Codable {
        var type: String
        var startsOn: Weekday?
        var closesOnDay: Int?
    }

    struct DeadlineEntry: Codable {
        var weekday: Weekday?
        var day: Int?
        var at: String
    }
}

struct TemplateFile: CatalogFileFormat {
    static let formatName = "criteria template"
    var id: String
    var version: String
    var schedule: String
    var title: LocalizedText
    var groups: [GroupEntry]
    var criteria: [CriterionEntry]
    var rules: [RuleEntry]?
    var narrative: NarrativeEntry

    struct GroupEntry: Codable {
        var id: String
        var label: LocalizedText
    }

    struct CriterionEntry: Codable {
        var id: String
        var group: String
        var label: LocalizedText
        var unit: String
        var type: CriterionType
        var required: Bool
        var min: Double?
        var max: Double?
        var choices: [String]?
        var maxLength: Int?
        var aggregate: Aggregation
        var better: Direction?
        var ratioOf: [String]?
    }

    struct RuleEntry: Codable {
        var id: String
        /// "left <= right", each side a sum of criterion ids and numbers.
        var check: String
        var severity: Severity
        var message: LocalizedText
        var missing: String?
    }

    struct NarrativeEntry: Codable {
        var results: ResultsEntry
        var itemMaxLength: Int
        var difficultyFields: [ChoiceEntry]
        var addressees: [ChoiceEntry]
    }

    struct ResultsEntry: Codable {
        var required: Bool
        var maxLength: Int
        var byTopic: Bool?
    }

    struct ChoiceEntry: Codable {
        var code: String
        var label: LocalizedText
    }
}
