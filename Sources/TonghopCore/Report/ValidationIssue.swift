/// One problem found in a report file, with what a person needs to fix it.
public struct ValidationIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public var severity: Severity
    public var code: IssueCode
    public var location: SourceLocation
    public var criterionId: String?
    /// Plain-language explanation, naming what was found and what was expected.
    public var message: String

    public init(_ severity: Severity, _ code: IssueCode, at location: SourceLocation, criterion: String? = nil, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        // An id from a file may be anything: named without control characters, and cut short if absurdly long.
        self.criterionId = criterion.map { id in
            let clean = id.withoutControlCharacters
            return clean.utf8.count > 64 ? String(clean.prefix(64)) + "…" : clean
        }
        self.message = message
    }

    public var description: String {
        "\(location): \(severity.rawValue) [\(code.rawValue)]" + (criterionId.map { " \($0)" } ?? "") + ": \(message)"
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
    /// The file passed every check but the database could not store it.
    case notStored = "not-stored"
}
