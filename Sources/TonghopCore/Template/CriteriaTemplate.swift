/// A versioned criteria template (mẫu báo cáo): the criteria, the rules between them and the narrative
/// sections one schedule's reports must carry. Every stored submission records the version it was checked against.
public struct CriteriaTemplate: Sendable, Hashable {
    public var id: String
    public var version: String
    public var title: LocalizedText
    /// The schedule (period type and deadline) whose reports this template describes.
    public var scheduleId: String
    public var groups: [CriterionGroup]
    public var criteria: [Criterion]
    public var rules: [CrossCriterionRule]
    public var narrative: NarrativeSpec

    private var indexById: [String: Int]

    public init(
        id: String, version: String, title: LocalizedText, scheduleId: String, groups: [CriterionGroup],
        criteria: [Criterion], rules: [CrossCriterionRule], narrative: NarrativeSpec
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.scheduleId = scheduleId
        self.groups = groups
        self.criteria = criteria
        self.rules = rules
        self.narrative = narrative
        self.indexById = Dictionary(criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func criterion(_ id: String) -> Criterion? {
        indexById[id].map { criteria[$0] }
    }

    /// Position of a criterion in the template, for stable ordering of values.
    public func position(of id: String) -> Int? { indexById[id] }

    /// The same, `guess` tried first: a report's answers come in the template's order, and comparing one id cost a tenth
    /// of hashing it, for each answer of each report checked. (Only where no id is given twice: else the first is the
    /// one, as `position(of:)` has it.)
    public func position(of id: String, guess: Int) -> Int? {
        if indexById.count == criteria.count, criteria.indices.contains(guess), criteria[guess].id == id { return guess }
        return indexById[id]
    }
}

/// A topic group of criteria, e.g. decentralization or personnel.
public struct CriterionGroup: Sendable, Hashable {
    public var id: String
    public var label: LocalizedText

    public init(id: String, label: LocalizedText) {
        self.id = id
        self.label = label
    }
}
