import Foundation

/// What the synthesis and the status boards read of the stored submissions: a few questions, answered in domain
/// types and keyed by submission id.
///
/// This protocol and the others of `Storage` (Storage.swift) are the seam of the persistence layer: the SQLite
/// store implements it, a PostgreSQL one would, and the tests check the synthesis' figures against `MemoryStore` too.
/// Keep it small: a question belongs here only when a reader of the archive needs it.
public protocol SubmissionArchive: Sendable {
    /// For each unit, the submission that counts for each of `periods` as of `asOf` (the latest received by then; on the
    /// same instant, the one stored last), ordered by period key, then unit code.
    func countedSubmissions(schedule: String, periods: [String], asOf: Date) throws -> [CountedSubmission]

    /// When each unit's reports for one period arrived, counting those received by `asOf`, by unit code.
    func reportTimes(schedule: String, period: String, asOf: Date) throws -> [String: UnitReportTimes]

    /// The numeric answers (yes as 1, no as 0) of some submissions to some criteria, and their difficulties' fields: a row
    /// per submission, in the order given (a submission named twice has its numbers in its first row; one not stored,
    /// none).
    func numberTable(of submissions: [Int64], criteria: [String]) throws -> NumberTable

    /// The answers of some submissions to some criteria that are not numbers (choices, dates, texts), one entry per
    /// answer, in no particular order.
    func texts(of submissions: [Int64], criteria: [String]) throws -> [SubmittedText]

    /// The difficulties and recommendations of some submissions, each in the order its report gave them.
    func narrative(of submissions: [Int64]) throws -> [Int64: SubmittedNarrative]

    /// The warnings stored with some submissions, each in the order they were raised.
    func warnings(of submissions: [Int64]) throws -> [Int64: [StoredWarning]]

    /// The latest review decision taken by `asOf` on each of some submissions that has one: a returned report is marked in
    /// the synthesis and on the board.
    func latestReviews(of submissions: [Int64], asOf: Date) throws -> [Int64: Review]

    /// The staff's latest assessment of a period written by `asOf`: the synthesis closes on it.
    func assessment(schedule: String, period: String, asOf: Date) throws -> StaffAssessment?

    /// Each unit's (or one unit's) latest word on each task among the reports received by `instant`, superseded reports
    /// included: the latest word on a task decides its state. (An archive may give earlier words too; the latest counts.)
    func taskReports(receivedBy instant: Date, unit: String?) throws -> [TaskReport]
}

/// A submission that counts for its unit and period as of some instant.
public struct CountedSubmission: Sendable, Hashable, Codable {
    public var id: Int64
    public var unitCode: String
    public var periodKey: String
    public var receivedAt: Date
    public var templateVersion: String

    public init(id: Int64, unitCode: String, periodKey: String, receivedAt: Date, templateVersion: String) {
        self.id = id
        self.unitCode = unitCode
        self.periodKey = periodKey
        self.receivedAt = receivedAt
        self.templateVersion = templateVersion
    }
}

/// When a unit's reports for one period arrived.
public struct UnitReportTimes: Sendable, Hashable {
    public var unitCode: String
    /// The first report received: it decides whether the unit reported on time.
    public var firstReceivedAt: Date
    /// The report that counts now (the latest).
    public var currentSubmissionId: Int64
    public var currentReceivedAt: Date
    public var submissionCount: Int

    public init(unitCode: String, firstReceivedAt: Date, currentSubmissionId: Int64, currentReceivedAt: Date, submissionCount: Int) {
        self.unitCode = unitCode
        self.firstReceivedAt = firstReceivedAt
        self.currentSubmissionId = currentSubmissionId
        self.currentReceivedAt = currentReceivedAt
        self.submissionCount = submissionCount
    }
}

/// The numbers of some submissions for some criteria, a row per submission in the order they were asked for, and the
/// fields their difficulties were raised in.
public struct NumberTable: Sendable, Hashable {
    /// How many criteria: the length of a row.
    public var width: Int
    /// `numbers[row * width + column]`: a number, yes as 1 and no as 0, or NaN where the submission gave none.
    public var numbers: [Double]
    /// The fields of difficulty the rows raised, each once.
    public private(set) var fieldNames: [String] = []
    /// The rows' fields as places in `fieldNames`, row after row, each row's in its report's order (a field raised
    /// twice is there twice); row `r`'s are `rowFields[fieldStarts[r]..<fieldStarts[r + 1]]`. Flat rather than a list
    /// per row: 30,000 small lists were 6 MB of a commune-scale synthesis.
    public private(set) var rowFields: [Int] = []
    public private(set) var fieldStarts: [Int]

    /// A table of `rows` rows of `width` criteria, every number absent and no difficulty raised.
    public init(rows: Int, width: Int) {
        self.width = width
        numbers = [Double](repeating: .nan, count: rows * width)
        fieldStarts = [Int](repeating: 0, count: rows + 1)
    }

    public var rowCount: Int { fieldStarts.count - 1 }

    public func row(_ row: Int) -> ArraySlice<Double> { numbers[row * width..<(row + 1) * width] }

    /// How many difficulties row `row` raised.
    public func difficultyCount(_ row: Int) -> Int { fieldStarts[row + 1] - fieldStarts[row] }

    /// The fields of row `row`'s difficulties, in its report's order.
    public func difficultyFields(_ row: Int) -> [String] { rowFields[fieldStarts[row]..<fieldStarts[row + 1]].map { fieldNames[$0] } }

    /// Whether row `row` raised a difficulty in the field at `place` in `fieldNames`.
    public func raises(_ row: Int, fieldAt place: Int) -> Bool { rowFields[fieldStarts[row]..<fieldStarts[row + 1]].contains(place) }

    /// Sets the rows' difficulties: each raised one as its row and its field's place in `names`, the rows in any order,
    /// each row's in its report's order. A pair out of the table's rows or of `names` is left out.
    public mutating func setFields(names: [String], raised: [(row: Int32, field: Int32)]) {
        let rows = 0..<rowCount
        let raised = raised.lazy.map { (row: Int($0.row), field: Int($0.field)) }.filter {
            rows.contains($0.row) && names.indices.contains($0.field)
        }
        fieldNames = names
        // Counted by row, then each put in its row's place: the order of each row's own kept.
        var starts = [Int](repeating: 0, count: rowCount + 1)
        for pair in raised { starts[pair.row + 1] += 1 }
        for row in 0..<rowCount { starts[row + 1] += starts[row] }
        var next = starts
        var fields = [Int](repeating: 0, count: starts[rowCount])
        for pair in raised {
            fields[next[pair.row]] = pair.field
            next[pair.row] += 1
        }
        (fieldStarts, rowFields) = (starts, fields)
    }
}

/// One answer of a submission that is not a number: a choice, a date or a text.
public struct SubmittedText: Sendable, Hashable {
    public var submission: Int64
    public var criterion: String
    public var text: String

    public init(submission: Int64, criterion: String, text: String) {
        self.submission = submission
        self.criterion = criterion
        self.text = text
    }
}

/// A submission's results, difficulties and recommendations, as its report gave them.
public struct SubmittedNarrative: Sendable, Hashable {
    /// The results: one text under the topic "" for a report that gave one, else each topic's text in the template's order.
    public var results: [TopicText]
    /// Each difficulty's field and text.
    public var difficulties: [NarrativeItem]
    /// Each recommendation's addressees as written (`ministry:BXD; ministry:BTC`) and text.
    public var recommendations: [NarrativeItem]

    public init(results: [TopicText] = [], difficulties: [NarrativeItem] = [], recommendations: [NarrativeItem] = []) {
        self.results = results
        self.difficulties = difficulties
        self.recommendations = recommendations
    }
}

/// A difficulty or a recommendation as stored: its key (the field, or the addressees) and its text.
public struct NarrativeItem: Sendable, Hashable {
    public var key: String
    public var text: String

    public init(key: String, text: String) {
        self.key = key
        self.text = text
    }
}

/// A warning stored with a submission.
public struct StoredWarning: Sendable, Hashable {
    public var code: String
    public var criterionId: String?
    public var location: String
    public var message: String

    public init(code: String, criterionId: String?, location: String, message: String) {
        self.code = code
        self.criterionId = criterionId
        self.location = location
        self.message = message
    }
    /// A warning as it is kept: its place and message in Vietnamese, as the synthesis shows them.
    public init(_ issue: ValidationIssue) {
        self.init(
            code: issue.code.rawValue, criterionId: issue.criterionId, location: issue.location.text(in: .vi), message: issue.message.text(in: .vi))
    }
}
