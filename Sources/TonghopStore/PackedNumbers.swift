import Foundation
import GRDB
import TonghopCore

/// A submission's numbers as one blob: 8-byte IEEE doubles in the order of a layout's criteria, NaN where the answer is
/// not a number. Little-endian, as on every platform tonghop runs on. Stored with the fields of its difficulties.
enum PackedNumbers {
    static func pack(_ numbers: [Double]) -> Data {
        numbers.withUnsafeBytes { Data($0) }
    }

    /// The number at `index` of a packed row.
    static func number(_ bytes: UnsafeRawBufferPointer, _ index: Int) -> Double {
        bytes.loadUnaligned(fromByteOffset: index * 8, as: Double.self)
    }

    /// The layout key of a list of criteria.
    static func layout(_ criteria: [String]) -> String { criteria.joined(separator: "\n") }

    /// The criteria of a layout key, in order (criterion ids are never empty).
    static func criteria(of layout: String) -> [Substring] { layout.split(separator: "\n") }

    /// Packs the values of every submission stored before packed rows existed.
    static func backfill(_ db: Database) throws {
        var layouts: [String: Int64] = [:]
        var current: Int64?
        var criteria: [String] = []
        var numbers: [Double] = []
        func flush() throws {
            guard let id = current else { return }
            let key = layout(criteria)
            if layouts[key] == nil {
                try db.execute(sql: "INSERT INTO valueLayout (criteria) VALUES (?)", arguments: [key])
                layouts[key] = db.lastInsertedRowID
            }
            let fields = try String.fetchAll(db, sql: "SELECT field FROM difficulty WHERE submissionId = ? ORDER BY position", arguments: [id])
            try db.execute(
                sql: "INSERT INTO submissionNumbers (submissionId, layoutId, numbers, difficultyFields) VALUES (?, ?, ?, ?)",
                arguments: [id, layouts[key], pack(numbers), fields.joined(separator: "\n")])
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT submissionId, criterionId, number FROM submissionValue ORDER BY submissionId, criterionId")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if id != current {
                try flush()
                (current, criteria, numbers) = (id, [], [])
            }
            criteria.append(row[1])
            numbers.append(row[2] ?? .nan)
        }
        try flush()
        // Submissions with no values at all still get their row, for their difficulties.
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM submission WHERE id NOT IN (SELECT submissionId FROM submissionNumbers)") {
            (current, criteria, numbers) = (id, [], [])
            try flush()
        }
    }
}
