import Foundation
import TonghopCore

/// Why an upload was refused before anything of it was checked further or stored.
public enum UploadRefusal: Error, Sendable {
    /// A report of another unit than the one whose token sent it: nothing is stored.
    case anotherUnitsReport(Message)

    /// Why, for the person who sent it.
    public var message: Message {
        switch self {
        case .anotherUnitsReport(let message): message
        }
    }
}

extension SubmissionService {
    /// One file uploaded by `sender` with the token of `unit`, received at `receivedAt`: checked against what the unit had reported
    /// before, refused if it is another unit's report, and stored through `groupCommit`, which answers once the commit
    /// that holds it is on disk. The API and the upload page both come here.
    public func submitUpload(
        _ bytes: Data, fileName: String, receivedAt: Date, by unit: String, sender: Actor, through groupCommit: GroupCommit
    ) async throws -> FileVerdict {
        let checked = try await onDispatchThread {
            // The tasks the unit has reported done: its weekly report need not name them again. (A report of another unit
            // is refused below, whatever it says of tasks.)
            self.check(
                bytes: bytes, fileName: fileName, receivedAt: receivedAt, sender: sender,
                completedTasks: try self.completedTasks(receivedBy: receivedAt, unit: unit))
        }
        if let report = checked.outcome.report, report.unit.code != unit {
            throw UploadRefusal.anotherUnitsReport(
                Message(
                    .apiWrongUnitReport,
                    ["file": .text(fileName.withoutControlCharacters), "reportUnit": .text(report.unit.code), "unit": .text(unit)]))
        }
        return try await groupCommit.store(checked, name: fileName)
    }
}

/// Runs blocking work (SQLite, reading a file, building a synthesis) on a Dispatch thread, off Swift's small cooperative
/// pool, so that a few slow requests cannot stall the others; the work finishes even if the request's task is cancelled,
/// which is what keeps a submission in flight at shutdown.
public func onDispatchThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result(catching: work)) }
    }
}
