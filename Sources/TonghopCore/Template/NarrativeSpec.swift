/// The narrative sections every report carries: results achieved, difficulties by field, recommendations by addressee.
public struct NarrativeSpec: Sendable, Hashable {
    public var resultsRequired: Bool
    /// The longest accepted results text, or each topic's when results are given by topic.
    public var resultsMaxLength: Int
    /// Whether results are one text per topic, the template's groups (the directive's four contents and the general
    /// one), rather than a single text.
    public var resultsByTopic: Bool
    public var itemMaxLength: Int
    /// The fixed list of fields a difficulty belongs to (land, construction, ...).
    public var difficultyFields: [Choice]
    /// The addressees a recommendation may name; `ministry` additionally needs a ministry's code.
    public var addressees: [Choice]

    public init(
        resultsRequired: Bool, resultsMaxLength: Int, resultsByTopic: Bool = false, itemMaxLength: Int, difficultyFields: [Choice],
        addressees: [Choice]
    ) {
        self.resultsRequired = resultsRequired
        self.resultsMaxLength = resultsMaxLength
        self.resultsByTopic = resultsByTopic
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

/// The results a report gives for one topic (a group of the template); the topic is empty for a single text.
public struct TopicText: Sendable, Hashable, Codable {
    public var topic: String
    public var text: String

    public init(topic: String, text: String) {
        self.topic = topic
        self.text = text
    }
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
    /// Everyone the recommendation is addressed to, in the order written; more than one ministry makes it inter-sectoral.
    public var addressees: [Addressee]
    public var text: String

    public init(addressees: [Addressee], text: String) {
        self.addressees = addressees
        self.text = text
    }

    /// The addressees as written in report files: `government`, `ministry:BXD; ministry:BTC`.
    public var addresseesKey: String { addressees.map(\.key).joined(separator: "; ") }

    /// The ministries and agencies addressed, by unit code.
    public var ministries: [String] { addressees.compactMap(\.ministry) }

    /// Parses the stored form written by `addresseesKey`; unknown parts are kept as plain codes.
    public static func addressees(parsing key: String) -> [Addressee] {
        key.split(separator: ";").map { part in
            let pieces = part.split(separator: ":", maxSplits: 1).map { String($0).trimmed }
            return Addressee(code: pieces[0], ministry: pieces.count == 2 ? pieces[1] : nil)
        }
    }
}

/// One addressee of a recommendation: `government`, `prime-minister`, `other`, or `ministry` with a ministry's code.
public struct Addressee: Sendable, Hashable, Codable {
    public var code: String
    /// The addressed ministry's unit code when `code` is `ministry`.
    public var ministry: String?

    public init(code: String, ministry: String? = nil) {
        self.code = code
        self.ministry = ministry
    }

    /// As written in report files: `ministry:BXD` or a plain code.
    public var key: String { ministry.map { "\(code):\($0)" } ?? code }
}
