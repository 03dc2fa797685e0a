import Foundation
import GRDB
import TonghopCore

extension TonghopDatabase {
    /// Copies the whole database to `path` with SQLite's online backup, from one read snapshot: consistent while the
    /// service goes on storing reports (what it commits after the snapshot is in the next backup).
    ///
    /// The copy is written beside `path`, checked (`PRAGMA quick_check`), synced, and only then renamed into place: a
    /// backup cut short by a crash or a full disk never stands at `path`, and a backup at `path` is never half of one.
    public func backup(to path: String, at instant: Date) throws -> BackupSummary {
        let target = URL(fileURLWithPath: path)
        // A name of its own, so that two backups to the same file at once (the timer's and an operator's) never write
        // into each other's copy; the last to finish is the one left at `path`, whole.
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).part")
        defer { try? FileManager.default.removeItem(at: partial) }
        let copy = try DatabaseQueue(path: partial.path)
        try writer.backup(to: copy)
        let (check, submissions) = try copy.read { db in
            (try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "", try Int.fetchOne(db, sql: "SELECT count(*) FROM submission") ?? 0)
        }
        try copy.close()
        guard check == "ok" else { throw BackupError.copyDamaged(check) }
        try syncFile(partial.path)
        if rename(partial.path, target.path) != 0 { throw BackupError.cannotWrite(path: path, errno: errno) }
        // The rename is durable once the folder that holds the name is synced.
        try syncFile(target.deletingLastPathComponent().path)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return BackupSummary(path: path, bytes: bytes, submissions: submissions, takenAt: instant)
    }
}

/// Syncs a file (or a folder, for the names it holds) to disk.
private func syncFile(_ path: String) throws {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw BackupError.cannotWrite(path: path, errno: errno) }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw BackupError.cannotWrite(path: path, errno: errno) }
}

/// Why a backup was not made.
public enum BackupError: Error, Sendable, CustomStringConvertible {
    case cannotWrite(path: String, errno: Int32)
    case copyDamaged(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let code): "cannot write \(path): \(String(cString: strerror(code)))"
        case .copyDamaged(let check): "the copy failed SQLite's check: \(check)"
        }
    }
}
