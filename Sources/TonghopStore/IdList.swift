import Foundation
import GRDB

/// A list of values bound as one JSON array, looked up with `json_each`: SQLite caps the number of bound values, and a
/// synthesis asks about 30,000 submissions at once. The one way the store writes "one of these" as a list
/// (`SubmissionIds` reads submissions by the range of their ids when it can).
enum IdList {
    /// `column IN (SELECT value FROM json_each(?))`, to bind with `json(_:)`.
    static func contains(_ column: String) -> String { "\(column) IN (SELECT value FROM json_each(?))" }

    /// `submissionId IN (SELECT value FROM json_each(?))`.
    static let submissionIdIn = contains("submissionId")

    /// Ids as a JSON array.
    static func json(_ ids: [Int64]) -> String { "[" + ids.map(String.init).joined(separator: ",") + "]" }

    /// Texts (unit codes, task ids) as a JSON array.
    static func json(_ texts: [String]) -> String {
        // Encoding an array of strings cannot fail.
        String(decoding: (try? JSONEncoder().encode(texts)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// Some submissions asked about at once, as SQL: the range of their ids when they were mostly stored one after the other
/// (and then rows of other submissions stored between them come too, to be left out with `asks(_:)`), their ids as one
/// JSON list otherwise (`IdList`).
///
/// A synthesis' window, or its week, was mostly stored a week at a time: reading the range of its ids costs a third of
/// looking up a list of 30,000 of them in its numbers, less for its narrative, and next to nothing for its reviews, which
/// a week seldom has (SQLite's `json_each` list was looked up id by id in each table). Only for tables whose rows are all
/// read: a condition on another column of the key is not used with a range.
struct SubmissionIds {
    private let range: (low: Int64, high: Int64)?
    private let list: String?
    /// The ids asked about, when the range holds others.
    private let asked: Set<Int64>?

    init(_ ids: [Int64]) {
        // The span measured without trapping: ids are the database's, but an overflow is no reason to stop a synthesis.
        if let low = ids.min(), let high = ids.max(), case let (span, overflow) = high.subtractingReportingOverflow(low), !overflow,
            span < 2 * Int64(ids.count)
        {
            let distinct = Set(ids)
            (range, list, asked) = ((low, high), nil, span + 1 == Int64(distinct.count) ? nil : distinct)
        } else {
            (range, list, asked) = (nil, IdList.json(ids), nil)
        }
    }

    /// `column` among the ids, to bind with `bind(_:)` or `arguments`.
    func condition(_ column: String = "submissionId") -> String {
        range == nil ? IdList.contains(column) : "\(column) BETWEEN ? AND ?"
    }

    func bind(_ statement: RawStatement) {
        if let range { statement.bind(range.low).bind(range.high) } else { statement.bind(list) }
    }

    var arguments: StatementArguments { range.map { [$0.low, $0.high] } ?? [list] }

    /// Whether `id` is one of those asked about (a row of the range may be another's).
    func asks(_ id: Int64) -> Bool { asked?.contains(id) ?? true }
}
