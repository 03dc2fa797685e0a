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
    public var results: Located<String>?
    public var difficulties: [Located<Difficulty>]
    /// Recommendations as written, the addressee still unparsed (`ministry:BXD`).
    public var recommendations: [Located<DraftRecommendation>]

    public init(file: String) {
        self.file = file
        self.values = []
        self.difficulties = []
        self.recommendations = []
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

/// A recommendation as written: the addressee text is checked against the template later.
public struct DraftRecommendation: Sendable, Hashable {
    public var addressee: String
    public var text: String

    public init(addressee: String, text: String) {
        self.addressee = addressee
        self.text = text
    }
}

/// An answer before it is checked against its criterion's type.
public enum RawValue: Sendable, Hashable, CustomStringConvertible {
    case empty
    case text(String)
    case number(Double)
    case boolean(Bool)

    public var description: String {
        switch self {
        case .empty: "(empty)"
        case .text(let s): "\"\(s)\""
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .boolean(let b): b ? "true" : "false"
        }
    }
}
