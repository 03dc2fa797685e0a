/// The narrative sections every report carries: results achieved, difficulties by field, recommendations by addressee.
public struct NarrativeSpec: Sendable, Hashable {
    public var resultsRequired: Bool
    public var resultsMaxLength: Int
    public var itemMaxLength: Int
    /// The fixed list of fields a difficulty belongs to (land, construction, ...).
    public var difficultyFields: [Choice]
    /// The addressees a recommendation may name; `ministry` additionally needs a ministry's code.
    public var addressees: [Choice]

    public init(
        resultsRequired: Bool, resultsMaxLength: Int, itemMaxLength: Int, difficultyFields: [Choice], addressees: [Choice]
    ) {
        self.resultsRequired = resultsRequired
        self.resultsMaxLength = resultsMaxLength
        self.itemMaxLength = itemMaxLength
        self.difficultyFields = difficultyFields
        self.addressees = addressees
    }

    /// One entry of a fixed list, with its stable code and labels.
    public struct Choice: Sendable, Hashable {
        public var code: String
        public var label: LocalizedText

        public init(code: String, label: LocalizedText) {
            self.code = code
            self.label = label
        }
    }

    /// The addressee code that needs a ministry's unit code after a colon (`ministry:BXD`).
    public static let ministryAddressee = "ministry"
}

/// A difficulty or problem raised in a report (khó khăn, vướng mắc).
public struct Difficulty: Sendable, Hashable, Codable {
    public var field: String
    public var text: String

    public init(field: String, text: String) {
        self.field = field
        self.text = text
    }
}

/// A recommendation or proposal (kiến nghị, đề xuất) and whom it is addressed to.
public struct Recommendation: Sendable, Hashable, Codable {
    /// `government`, `prime-minister`, `ministry`, `other`.
    public var addressee: String
    /// The addressed ministry's unit code when `addressee` is `ministry`.
    public var ministry: String?
    public var text: String

    public init(addressee: String, ministry: String? = nil, text: String) {
        self.addressee = addressee
        self.ministry = ministry
        self.text = text
    }

    /// The addressee as written in report files: `ministry:BXD` or a plain code.
    public var addresseeKey: String { ministry.map { "\(addressee):\($0)" } ?? addressee }
}
