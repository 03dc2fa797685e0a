/// One problem found in a report file, with what a person needs to fix it.
public struct ValidationIssue: Sendable, Hashable, Encodable, CustomStringConvertible {
    public var severity: Severity
    public var code: IssueCode
    public var location: SourceLocation
    public var criterionId: String?
    /// Plain-language explanation, naming what was found and what was expected, in either language.
    public var message: Message

    public init(_ severity: Severity, _ code: IssueCode, at location: SourceLocation, criterion: String? = nil, _ message: Message) {
        self.severity = severity
        self.code = code
        self.location = location
        // An id from a file may be anything: named without control characters, and cut short if absurdly long.
        self.criterionId = criterion.map { id in
            id.withoutControlCharacters.cut(toScalars: 64)
        }
        self.message = message
    }

    /// The explanation in `language`.
    public func text(in language: Language) -> String { message.text(in: language) }

    /// The issue on one line, as the command line prints it: "lỗi: HN.csv, hàng 29, cột giá trị: … (rule-violated)".
    public func line(in language: Language) -> String {
        "\(severity.label.text(in: language)): \(location.text(in: language)): \(message.text(in: language)) (\(code.rawValue))"
    }

    /// In English, for logs and test failures.
    public var description: String { line(in: .en) }

    private enum CodingKeys: String, CodingKey { case severity, code, location, criterionId, message }

    /// The JSON form: codes for machines, the message in the encoder's language (`JSONEncoder.language`, Vietnamese
    /// by default).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(code, forKey: .code)
        try container.encode(location, forKey: .location)
        try container.encodeIfPresent(criterionId, forKey: .criterionId)
        try container.encode(message.text(in: encoder.language), forKey: .message)
    }
}

extension CodingUserInfoKey {
    /// The `Language` an encoder writes messages in.
    public static let language = CodingUserInfoKey(rawValue: "tonghop.language")!
}

extension Encoder {
    /// The language messages are written in: the encoder's `.language`, else Vietnamese.
    public var language: Language { userInfo[.language] as? Language ?? .vi }
}

extension Severity {
    /// The severity as people call it: "lỗi", "cảnh báo", "lưu ý".
    public var label: Message {
        switch self {
        case .error: Message(.severityError)
        case .warning: Message(.severityWarning)
        case .note: Message(.severityNote)
        }
    }
}

extension IssueCode {
    /// The kind of problem in a few words, for a column or a tooltip: "Sai kiểu giá trị".
    public var title: Message {
        let key: MessageKey =
            switch self {
            case .unreadableFile: .issueUnreadableFile
            case .malformedFile: .issueMalformedFile
            case .missingField: .issueMissingField
            case .unknownUnit: .issueUnknownUnit
            case .unitNotActive: .issueUnitNotActive
            case .unitNotOnSchedule: .issueUnitNotOnSchedule
            case .malformedPeriod: .issueMalformedPeriod
            case .unknownPeriod: .issueUnknownPeriod
            case .periodNotStarted: .issuePeriodNotStarted
            case .unknownTemplate: .issueUnknownTemplate
            case .templateMismatch: .issueTemplateMismatch
            case .unknownCriterion: .issueUnknownCriterion
            case .duplicateCriterion: .issueDuplicateCriterion
            case .missingCriterion: .issueMissingCriterion
            case .wrongType: .issueWrongType
            case .outOfBounds: .issueOutOfBounds
            case .notInChoices: .issueNotInChoices
            case .ruleViolated: .issueRuleViolated
            case .textTooLong: .issueTextTooLong
            case .controlCharacter: .issueControlCharacter
            case .percentageAsFraction: .issuePercentageAsFraction
            case .missingText: .issueMissingText
            case .unknownDifficultyField: .issueUnknownDifficultyField
            case .unknownAddressee: .issueUnknownAddressee
            case .unknownTopic: .issueUnknownTopic
            case .unknownTask: .issueUnknownTask
            case .taskNotAssigned: .issueTaskNotAssigned
            case .taskProgress: .issueTaskProgress
            case .taskUnreported: .issueTaskUnreported
            case .notStored: .issueNotStored
            case .readAs: .issueReadAs
            }
        return Message(key)
    }
}

/// The kinds of problem the validator reports (stable, for machines and documentation).
public enum IssueCode: String, Sendable, Hashable, Codable, CaseIterable {
    case unreadableFile = "unreadable-file"
    case malformedFile = "malformed-file"
    case missingField = "missing-field"
    case unknownUnit = "unknown-unit"
    case unitNotActive = "unit-not-active"
    case unitNotOnSchedule = "unit-not-on-schedule"
    case malformedPeriod = "malformed-period"
    case unknownPeriod = "unknown-period"
    /// The report is for a period that had not begun when it was received.
    case periodNotStarted = "period-not-started"
    case unknownTemplate = "unknown-template"
    case templateMismatch = "template-mismatch"
    case unknownCriterion = "unknown-criterion"
    case duplicateCriterion = "duplicate-criterion"
    case missingCriterion = "missing-criterion"
    case wrongType = "wrong-type"
    case outOfBounds = "out-of-bounds"
    case notInChoices = "not-in-choices"
    case ruleViolated = "rule-violated"
    case textTooLong = "text-too-long"
    /// A text holds NUL or another control character (other than tab and line breaks).
    case controlCharacter = "control-character"
    /// A percentage written as a fraction (0.934 for 93.4%): a warning.
    case percentageAsFraction = "percentage-as-fraction"
    case missingText = "missing-text"
    case unknownDifficultyField = "unknown-difficulty-field"
    case unknownAddressee = "unknown-addressee"
    /// Results given under a topic the template does not have, or given by topic where it takes one text (or the reverse).
    case unknownTopic = "unknown-topic"
    /// A task id the register does not have.
    case unknownTask = "unknown-task"
    /// A task of the register that does not fall to the report's unit.
    case taskNotAssigned = "task-not-assigned"
    /// A task's progress that cannot stand: no status, "completed" without a day, a day in the future or before the task
    /// was assigned, a field given twice.
    case taskProgress = "task-progress"
    /// An open task of the unit that its weekly report leaves out: a warning or a note, as the register says.
    case taskUnreported = "task-unreported"
    /// The file passed every check but the database could not store it.
    case notStored = "not-stored"
    /// A note: an answer written as people write it in Vietnam (1.134, 26/11/2025) was read as the number or date it
    /// can only mean, and the receipt says so.
    case readAs = "read-as"
}
