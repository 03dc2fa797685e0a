import GRDB
import TonghopCore

/// A row of `valueLayout`: the criteria, in order, that a packed row of numbers follows.
struct ValueLayoutRecord: StoreRecord {
    static let databaseTableName = "valueLayout"

    var id: Int64?
    /// The criterion ids, one per line.
    var criteria: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
