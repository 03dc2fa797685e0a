/// What a reader made of one report file, before any check: every reader (JSON, CSV, ...) produces this.
public struct ReportDraft: Sendable, Hashable {
    public var file: String
    public var unit: Located<String>?
    public var period: Located<String>?
    public var template: Located<String>?
    public var templateVersion: Located<String>?
    /// Who prepared the report (optional, free text).
    public var preparedBy: Located<String>?
    public var values: [DraftValue]
    /// The results as one text, where the template takes one.
    public var results: Located<String>?
    /// The results by topic as written: the topic (a group of the template) and its text.
    public var topicResults: [DraftItem]
    /// Difficulties as written: the field's code and the text.
    public var difficulties: [DraftItem]
    /// Recommendations as written: the addressees still unparsed (`ministry:BXD; ministry:BTC`) and the text.
    public var recommendations: [DraftItem]
    /// What the report says of its unit's tasks, in the order written.
    public var tasks: [DraftTask]
    /// Header fields (`unit`, `templateVersion` …) that the file gives but that could not be read: the reader has said
    /// why, so they are not reported missing as well.
    public var unreadableFields: Set<String>

    public init(file: String) {
        self.file = file
        self.values = []
        self.topicResults = []
        self.difficulties = []
        self.recommendations = []
        self.tasks = []
        self.unreadableFields = []
    }
}

/// A value and where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// One criterion's answer as written in the file.
public struct DraftValue: Sendable, Hashable {
    public var criterionId: String
    public var raw: RawValue
    public var location: SourceLocation

    public init(criterionId: String, raw: RawValue, location: SourceLocation) {
        self.criterionId = criterionId
        self.raw = raw
        self.location = location
    }
}

/// A difficulty or a recommendation as written: its code (the difficulty's field, or the recommendation's addressees)
/// and its text, each where it was written, so that a problem with either is placed where it is.
public struct DraftItem: Sendable, Hashable {
    public var code: Located<String>
    public var text: Located<String>

    public init(code: Located<String>, text: Located<String>) {
        self.code = code
        self.text = text
    }
}

/// An answer before it is checked against its criterion's type.
public enum RawValue: Sendable, Hashable, CustomStringConvertible {
    case empty
    case text(String)
    case number(Double)
    case boolean(Bool)
    /// Given, but not readable as an answer at all (a list where a value belongs, a row with a cell too many): the
    /// reader has said why, so the criterion is neither reported missing nor checked further.
    case unreadable

    public var description: String {
        switch self {
        case .empty: "(empty)"
        case .unreadable: "(unreadable)"
        case .text(let s): s.quotedForMessage()
        case .number(let n): NumberText.text(n)
        case .boolean(let b): b ? "true" : "false"
        }
    }
}

/// One task's progress as written: the task's id and each field where it was written (a field left out is nil).
public struct DraftTask: Sendable, Hashable {
    public var taskId: Located<String>
    public var status: Located<String>?
    public var completedOn: Located<String>?
    public var product: Located<String>?
    public var note: Located<String>?

    public init(
        taskId: Located<String>, status: Located<String>? = nil, completedOn: Located<String>? = nil, product: Located<String>? = nil,
        note: Located<String>? = nil
    ) {
        self.taskId = taskId
        self.status = status
        self.completedOn = completedOn
        self.product = product
        self.note = note
    }

    /// The fields of a task's progress as reports name them (JSON keys, CSV `<id>.<field>` keys).
    public static let fields = ["status", "completedOn", "product", "note"]
}
