import Foundation

/// A report that passed every check (it may carry warnings): ready to be stored.
public struct CheckedReport: Sendable, Hashable {
    public var unit: ReportingUnit
    public var period: Period
    /// Reports received before this instant are on time: the period's deadline plus the schedule's grace.
    public var onTimeLimit: Date
    public var templateId: String
    public var templateVersion: String
    public var preparedBy: String?
    /// Answers in template order; empty optional criteria are absent.
    public var values: [CheckedValue]
    /// The results as one text; empty when the template takes them by topic.
    public var results: String
    /// The results by topic, in the template's order of groups; topics left empty are absent.
    public var topicResults: [TopicText]
    public var difficulties: [Difficulty]
    public var recommendations: [Recommendation]
    /// What it says of its unit's tasks, in the register's order.
    public var taskProgress: [TaskProgress]
    public var warnings: [ValidationIssue]

    public init(
        unit: ReportingUnit, period: Period, onTimeLimit: Date, templateId: String, templateVersion: String, preparedBy: String?,
        values: [CheckedValue], results: String, topicResults: [TopicText] = [], difficulties: [Difficulty],
        recommendations: [Recommendation], taskProgress: [TaskProgress] = [], warnings: [ValidationIssue]
    ) {
        self.unit = unit
        self.period = period
        self.onTimeLimit = onTimeLimit
        self.templateId = templateId
        self.templateVersion = templateVersion
        self.preparedBy = preparedBy
        self.values = values
        self.results = results
        self.topicResults = topicResults
        self.difficulties = difficulties
        self.recommendations = recommendations
        self.taskProgress = taskProgress
        self.warnings = warnings
    }
}

/// One criterion's answer after its type was checked.
public struct CheckedValue: Sendable, Hashable {
    public var criterionId: String
    public var value: CriterionValue

    public init(criterionId: String, value: CriterionValue) {
        self.criterionId = criterionId
        self.value = value
    }
}

/// A typed answer.
public enum CriterionValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case yesNo(Bool)
    case choice(String)
    case date(LocalDate)
    case text(String)

    /// The number used by rules and sums: yes counts as 1, no as 0.
    public var numeric: Double? {
        switch self {
        case .number(let n): n
        case .yesNo(let b): b ? 1 : 0
        case .choice, .date, .text: nil
        }
    }

    /// A yes/no answer written as text: yes, true, có (co) or no, false, không (khong), in any case; nil otherwise.
    public static func yesNo(parsing text: String) -> Bool? {
        switch text.trimmed.lowercased() {
        case "yes", "true", "có", "co": true
        case "no", "false", "không", "khong": false
        default: nil
        }
    }

    /// The text kept for non-numeric answers.
    public var textual: String? {
        switch self {
        case .number, .yesNo: nil
        case .choice(let s), .text(let s): s
        case .date(let d): d.description
        }
    }

    public var description: String {
        switch self {
        case .number(let n): NumberText.text(n)
        case .yesNo(let b): b ? "yes" : "no"
        case .choice(let s), .text(let s): s
        case .date(let d): d.description
        }
    }
}
