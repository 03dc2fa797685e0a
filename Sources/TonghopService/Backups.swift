import Foundation
import TonghopCore

/// Copies of the database an operator keeps: the use case behind `tonghop backup` (and the systemd timer that runs it).
public struct Backups: Sendable {
    public let database: any Storage

    public init(database: any Storage) { self.database = database }

    /// A consistent copy of the whole database at `path`, taken while the service may be storing reports.
    public func take(to path: String, at instant: Date) throws -> BackupSummary {
        try database.backup(to: path, at: instant)
    }
}
