import Foundation

/// A list of values bound as one JSON array, looked up with `json_each`: SQLite caps the number of bound values, and a
/// synthesis asks about 30,000 submissions at once. The one way the store writes "one of these".
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
