import Foundation
import TonghopCore

/// The counted reports of a window, one row each, one column per criterion of the template: what the synthesis' parts
/// read, built once from the archive's answers (keyed by submission id) so that each question is an index away.
struct ReportTable: Sendable {
    var criteria: [String]
    /// The counted submissions, one per row, in the order the archive counted them (period, then unit).
    var submissions: [CountedSubmission]
    /// Each row's numbers, a column per criterion (see `NumberTable`), and the fields of the difficulties its report raised.
    var answers: NumberTable
    /// The answers of choice, date and text criteria: for each column that has any, each row's (nil where it gave none).
    ///
    /// By column and row rather than in a dictionary keyed by place: the figures and the per-unit table ask each row of
    /// each column, numbers' columns included, a third of a million questions at commune scale, and hashing each place
    /// was 2% of a synthesis. Three columns of text over a window of 30,000 rows are 1.4 MB.
    private var texts: [[String?]?]

    /// `numbers[row * criteria.count + column]`: a number, yes as 1 and no as 0, or NaN when the value is not a number or absent.
    var numbers: [Double] { answers.numbers }

    func number(_ row: Int, _ column: Int) -> Double? {
        let value = answers.numbers[row * criteria.count + column]
        return value.isNaN ? nil : value
    }

    func text(_ row: Int, _ column: Int) -> String? { texts[column]?[row] }

    /// How many difficulties the row's report raised.
    func difficultyCount(_ row: Int) -> Int { answers.difficultyCount(row) }

    /// Where `field` stands among the fields the rows raised (nil when none did): asked once for many rows, see
    /// `NumberTable.raises(_:fieldAt:)`.
    func fieldPlace(_ field: String) -> Int? { answers.fieldNames.firstIndex(of: field) }

    /// The table of `submissions`, whose numbers are `numbers`' rows in the same order (taken as they are, not copied).
    init(criteria: [String], submissions: [CountedSubmission], numbers: NumberTable, texts: [SubmittedText]) {
        self.criteria = criteria
        self.submissions = submissions
        let width = criteria.count
        let columnOf = Dictionary(criteria.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // By index: enumerating the submissions copied each (three strings retained and released) to read its id.
        let rowOf = Dictionary(submissions.indices.map { (submissions[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        // A table of another shape (an archive that answered wrongly) counts no number rather than reading out of bounds.
        let fits = numbers.width == width && numbers.rowCount == submissions.count && numbers.numbers.count == width * submissions.count
        let table = fits ? numbers : NumberTable(rows: submissions.count, width: width)
        var byColumn = [[String?]?](repeating: nil, count: width)
        // The columns of the criteria met so far kept in a short list, compared before hashing: the texts of a few
        // criteria come in turn, and hashing the criterion of each of 20,000 texts cost more than the rest of the table.
        var columns = RecentPlaces(capacity: 16)
        for text in texts {
            guard let row = rowOf[text.submission], let c = columns.place(of: text.criterion, lookUp: { columnOf[$0] }) else { continue }
            if byColumn[c] == nil { byColumn[c] = [String?](repeating: nil, count: submissions.count) }
            byColumn[c]![row] = text.text
        }
        self.answers = table
        self.texts = byColumn
    }
}

/// A difficulty or recommendation of the synthesized period, with the table row of the report that gave it.
struct RowItem: Sendable {
    var row: Int
    var key: String
    var text: String
}

/// A warning of the synthesized period, with the table row of the report it was stored with.
struct RowWarning: Sendable {
    var row: Int
    var warning: StoredWarning
}
