/// One line of the shared criteria template (tiêu chí): what a unit must report and how it is checked.
public struct Criterion: Sendable, Hashable {
    public var id: String
    public var group: String
    public var label: LocalizedText
    /// Unit of measure as shown on forms, e.g. "nhiệm vụ", "người", "%".
    public var unitOfMeasure: String
    public var type: CriterionType
    public var required: Bool
    public var minimum: Double?
    public var maximum: Double?
    /// Allowed answers of a `.choice` criterion.
    public var choices: [String]
    /// Longest accepted `.text` answer, in characters.
    public var maxLength: Int?
    public var aggregation: Aggregation
    /// Which way is good news: colours in the synthesis and the "attention" lists follow it.
    public var better: Direction
    /// For a rate consolidated as `.ratio`: the criteria whose sums it is the ratio of, in percent.
    public var ratioOf: RatioParts?

    public init(
        id: String, group: String, label: LocalizedText, unitOfMeasure: String, type: CriterionType,
        required: Bool, minimum: Double? = nil, maximum: Double? = nil, choices: [String] = [],
        maxLength: Int? = nil, aggregation: Aggregation, better: Direction = .neither, ratioOf: RatioParts? = nil
    ) {
        self.id = id
        self.group = group
        self.label = label
        self.unitOfMeasure = unitOfMeasure
        self.type = type
        self.required = required
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices
        self.maxLength = maxLength
        self.aggregation = aggregation
        self.better = better
        self.ratioOf = ratioOf
    }

    /// The bounds that apply: percentages are always within 0...100 even if the template says nothing.
    public var effectiveBounds: (min: Double?, max: Double?) {
        guard type == .percentage else { return (minimum, maximum) }
        return (max(minimum ?? 0, 0), min(maximum ?? 100, 100))
    }
}

/// The kind of answer a criterion takes.
public enum CriterionType: String, Sendable, Hashable, Codable, CaseIterable {
    case integer
    case decimal
    case percentage
    case yesNo = "yes-no"
    case choice
    case date
    case text

    public var isNumeric: Bool { self == .integer || self == .decimal || self == .percentage }

    /// Whether an answer of this type is words rather than a number (a choice, a date, a text): yes/no is kept as 1 or 0.
    public var isTextual: Bool { !isNumeric && self != .yesNo }
}

/// Whether a rise of a criterion is good news (recruitment), bad news (staff shortages) or neither (communes operating).
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    case higher
    case lower
    case neither

    /// How a change reads: good, bad or neither; no change is neither.
    public func reading(of change: Double) -> Reading {
        guard change != 0, self != .neither else { return .neutral }
        return (change > 0) == (self == .higher) ? .good : .bad
    }

    /// How a change reads.
    public enum Reading: String, Sendable, Hashable, Codable {
        case good, bad, neutral
    }
}

/// How a criterion is consolidated across reporting units in the synthesis.
public enum Aggregation: String, Sendable, Hashable, Codable, CaseIterable {
    case sum
    case mean
    case min
    case max
    case countYes = "count-yes"
    case countNo = "count-no"
    /// Count of units per answer, for choices.
    case distribution
    /// A rate as the ratio of two criteria's sums, in percent (`ratioOf`): settled on time over received, not the mean of
    /// the units' rates, which weighs a small province like a large one.
    case ratio
    /// Not consolidated (free text, contact details).
    case none
}

/// The numerator and the denominator of a rate, by criterion id.
public struct RatioParts: Sendable, Hashable, Codable {
    public var numerator: String
    public var denominator: String

    public init(numerator: String, denominator: String) {
        self.numerator = numerator
        self.denominator = denominator
    }
}
