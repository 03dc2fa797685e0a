import Foundation

/// A check between criteria written in the template, e.g. "tasks with obstacles ≤ tasks received".
///
/// Shaped after DHIS2 validation rules: a left side, an operator, a right side, an importance and a
/// missing-value strategy. Each side is a sum of criterion ids and constants.
public struct CrossCriterionRule: Sendable, Hashable {
    public var id: String
    public let left: RuleExpression
    public var comparison: Comparison
    public let right: RuleExpression
    public var severity: Severity
    public var message: LocalizedText
    public var missingValues: MissingValueStrategy
    /// Every criterion the rule reads, left side first.
    public let criterionIds: [String]

    public init(
        id: String, left: RuleExpression, comparison: Comparison, right: RuleExpression, severity: Severity,
        message: LocalizedText, missingValues: MissingValueStrategy = .skipIfAnyMissing
    ) {
        self.id = id
        self.left = left
        self.comparison = comparison
        self.right = right
        self.severity = severity
        self.message = message
        self.missingValues = missingValues
        self.criterionIds = left.criterionIds + right.criterionIds
    }

    /// Evaluates the rule on numeric values; `nil` when the rule is skipped for missing values.
    public func holds(_ value: (String) -> Double?) -> Bool? {
        let lhs = left.evaluate(value)
        let rhs = right.evaluate(value)
        switch missingValues {
        case .skipIfAnyMissing where lhs.missing > 0 || rhs.missing > 0:
            return nil
        case .skipIfAllMissing where lhs.missing + rhs.missing == lhs.referenced + rhs.referenced:
            return nil
        default:
            return comparison.compare(lhs.total, rhs.total)
        }
    }
}

/// A sum of terms: criterion ids and numeric constants.
public struct RuleExpression: Sendable, Hashable, CustomStringConvertible {
    /// One term of the sum.
    public enum Term: Sendable, Hashable {
        case criterion(String)
        case constant(Double)
    }

    public var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    /// Parses "a.b + c.d + 3"; returns nil on an empty expression.
    public init?(parsing text: String) {
        let parts = text.split(separator: "+").map { $0.trimmed }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { return nil }
        terms = parts.map { part in Double(part).map(Term.constant) ?? .criterion(part) }
    }

    public var criterionIds: [String] {
        terms.compactMap { if case .criterion(let id) = $0 { id } else { nil } }
    }

    public var description: String {
        terms.map { term in
            switch term {
            case .criterion(let id): id
            case .constant(let c): NumberText.text(c)
            }
        }.joined(separator: " + ")
    }

    /// The sum with empty criteria counted as zero, and how many of the referenced criteria were empty.
    func evaluate(_ value: (String) -> Double?) -> (total: Double, missing: Int, referenced: Int) {
        var total = 0.0
        var missing = 0
        var referenced = 0
        for term in terms {
            switch term {
            case .constant(let c): total += c
            case .criterion(let id):
                referenced += 1
                if let v = value(id) { total += v } else { missing += 1 }
            }
        }
        return (total, missing, referenced)
    }
}

/// The comparison between the two sides of a rule.
public enum Comparison: String, Sendable, Hashable, CaseIterable {
    case lessThan = "<"
    case lessThanOrEqual = "<="
    case equal = "=="
    case notEqual = "!="
    case greaterThanOrEqual = ">="
    case greaterThan = ">"

    public func compare(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .lessThan: lhs < rhs
        case .lessThanOrEqual: lhs <= rhs
        case .equal: lhs == rhs
        case .notEqual: lhs != rhs
        case .greaterThanOrEqual: lhs >= rhs
        case .greaterThan: lhs > rhs
        }
    }

    /// The sign as a reader writes it.
    public var symbol: String {
        switch self {
        case .lessThan: "<"
        case .lessThanOrEqual: "≤"
        case .equal: "="
        case .notEqual: "≠"
        case .greaterThanOrEqual: "≥"
        case .greaterThan: ">"
        }
    }
}

/// What a rule does when some of its criteria were left empty (DHIS2's missing-value strategy).
public enum MissingValueStrategy: String, Sendable, Hashable, CaseIterable {
    /// Check only when every criterion of the rule has a value (the default, as in DHIS2).
    case skipIfAnyMissing = "skip-if-any-missing"
    /// Check when at least one has a value; empty ones count as zero.
    case skipIfAllMissing = "skip-if-all-missing"
    /// Always check; empty ones count as zero.
    case neverSkip = "never-skip"
}

/// Whether a problem blocks the submission (error) or is stored with it (warning).
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    /// Rejects the file.
    case error
    /// Stored with the report and listed in the synthesis; never blocks it.
    case warning
    /// Said back in the receipt (how an answer was read); not stored as a warning.
    case note
}
