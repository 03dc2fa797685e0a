import Foundation
import GRDB
import TonghopCore

/// A row the store reads: its instants read from `DatabaseTime` text.
///
/// GRDB's own date coding goes through a `DateFormatter` and a `Calendar`: reading the 10,000 open late flags of a
/// commune-scale year that way took longer than the late check itself, and its `Calendar` loads ICU's locale data (6 MB
/// of every command). The text is the same as GRDB's. GRDB 7 asks for the strategy of each column, by a function: a
/// property of the same name was no witness, and went unused until a profile showed ICU loaded.
protocol StoreRow: Decodable, Sendable, FetchableRecord {}

extension StoreRow {
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { value in String.fromDatabaseValue(value).flatMap { DatabaseTime.instant($0) } }
    }
}

/// A record of one of the store's tables: read as a `StoreRow`, written with its instants as `DatabaseTime` text.
protocol StoreRecord: StoreRow, Encodable, MutablePersistableRecord {}

extension StoreRecord {
    static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { DatabaseTime.text($0).databaseValue }
    }
}
