import Foundation

/// MoHA staff's assessment and proposals for one period of one schedule, as written and kept: the synthesis closes on
/// the latest one written by its instant; earlier ones stay, never changed.
public struct StaffAssessment: Sendable, Hashable, Codable {
    public var id: Int64
    public var scheduleId: String
    public var periodKey: String
    /// The text as staff wrote it (see `AssessmentText` for how it is read).
    public var text: String
    public var author: String
    public var writtenAt: Date

    public init(id: Int64, scheduleId: String, periodKey: String, text: String, author: String, writtenAt: Date) {
        self.id = id
        self.scheduleId = scheduleId
        self.periodKey = periodKey
        self.text = text
        self.author = author
        self.writtenAt = writtenAt
    }
}

/// An assessment's text read into what documents print: paragraphs and bullet items, first the general assessment and
/// proposals, then, under a line `## <topic>` naming one of the template's groups (by label or id), the staff's summary of
/// the units' results on that topic.
public struct AssessmentText: Sendable, Hashable, Codable {
    /// A paragraph, or an item of a bullet list (a line starting with "- " or "* ").
    public struct Block: Sendable, Hashable, Codable {
        public var isBullet: Bool
        public var text: String
    }

    /// The staff's summary of one topic's results.
    public struct TopicSummary: Sendable, Hashable, Codable {
        public var topic: String
        public var blocks: [Block]
    }

    public var general: [Block]
    public var topics: [TopicSummary]

    public init(general: [Block], topics: [TopicSummary]) {
        self.general = general
        self.topics = topics
    }

    /// The longest text read: two pages or so, which keeps the report's body within its eight; longer is not a closing
    /// section, and the detail belongs in appendices.
    public static let characterLimit = 8_000

    /// Reads `text`; `topics` are the template's groups (id, label). Strict: an unknown or repeated topic, a control
    /// character, or a text without a general part (before any `##`) is refused with its line; lenient (a text stored under an older template): an unknown
    /// topic's heading is kept as a paragraph.
    public static func read(_ text: String, topics: [(id: String, label: String)], strict: Bool = true) throws(AssessmentProblem) -> AssessmentText {
        guard text.count <= characterLimit else { throw .tooLong(limit: characterLimit) }
        let text = text.withUnixLineEnds
        var result = AssessmentText(general: [], topics: [])
        var current: [Block] = []
        var topic: String?
        var paragraph: [String] = []
        func closeParagraph() {
            if !paragraph.isEmpty { current.append(Block(isBullet: false, text: paragraph.joined(separator: " "))) }
            paragraph = []
        }
        func closeSection() {
            closeParagraph()
            if let topic { result.topics.append(TopicSummary(topic: topic, blocks: current)) } else { result.general = current }
            current = []
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmed
            if strict, line.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
                throw .controlCharacter(line: index + 1)
            }
            let clean = line.replacingOccurrences(of: "\t", with: " ")
            if clean.isEmpty {
                closeParagraph()
            } else if clean.hasPrefix("## ") || clean == "##" {
                let name = String(clean.dropFirst(2)).trimmed
                if let found = topics.first(where: { $0.id == name || $0.label.lowercased() == name.lowercased() }) {
                    if strict, result.topics.contains(where: { $0.topic == found.id }) || topic == found.id {
                        throw .topicTwice(line: index + 1, topic: found.label)
                    }
                    closeSection()
                    topic = found.id
                } else if strict {
                    throw .unknownTopic(line: index + 1, name: name, topics: topics.map(\.label))
                } else {
                    closeParagraph()
                    current.append(Block(isBullet: false, text: name))
                }
            } else if clean.hasPrefix("- ") || clean.hasPrefix("* ") {
                closeParagraph()
                current.append(Block(isBullet: true, text: String(clean.dropFirst(2)).trimmed))
            } else {
                paragraph.append(clean)
            }
        }
        closeSection()
        // The assessment and proposals themselves are what the section is: topic summaries alone would head it with nothing.
        if strict, result.general.isEmpty { throw .empty }
        return result
    }

    /// The summary staff gave of a topic, if any.
    public func summary(of topic: String) -> [Block] { topics.first { $0.topic == topic }?.blocks ?? [] }
}

/// Why an assessment was not kept.
public enum AssessmentProblem: Error, Sendable, Hashable {
    case empty
    case tooLong(limit: Int)
    case controlCharacter(line: Int)
    case unknownTopic(line: Int, name: String, topics: [String])
    case topicTwice(line: Int, topic: String)

    public var message: Message {
        switch self {
        case .empty: Message(.assessmentEmpty)
        case .tooLong(let limit): Message(.assessmentTooLong, ["limit": .count(limit)])
        case .controlCharacter(let line): Message(.assessmentControlCharacter, ["line": .count(line)])
        case .unknownTopic(let line, let name, let topics):
            Message(.assessmentUnknownTopic, ["line": .count(line), "topic": .quoted(name), "topics": .text(topics.joined(separator: "; "))])
        case .topicTwice(let line, let topic): Message(.assessmentTopicTwice, ["line": .count(line), "topic": .text(topic)])
        }
    }
}
