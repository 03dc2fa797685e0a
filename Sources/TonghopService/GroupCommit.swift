import Dispatch
import Foundation
import TonghopCore

/// Stores the checked uploads that arrive together in one transaction: every receipt waits for its report to be on disk
/// (the WAL synced at the commit), and concurrent uploads share that one sync instead of queueing for one each.
///
/// The first upload to arrive while none is being written starts a writer; uploads that arrive while it writes wait for
/// the next commit, which takes them all (at most `largestBatch`). Under no load an upload is committed alone at once;
/// under load the batches grow with it, and the syncs per second stay what the disk allows.
public final class GroupCommit: @unchecked Sendable {
    /// The most uploads one commit takes: enough to carry any load a disk's sync rate allows, few enough that a bad
    /// file's savepoint retry stays quick.
    public static let largestBatch = 256

    private struct Waiting {
        var checked: SubmissionService.CheckedFile
        var name: String
        var continuation: CheckedContinuation<FileVerdict, any Error>
    }

    /// Checks and stores; its store is the one committed to.
    private let service: SubmissionService
    private let queue = DispatchQueue(label: "tonghop.group-commit")
    // Guards `waiting` and `writing`; held only to move uploads in and out of the list, never while writing.
    private let lock = NSLock()
    private var waiting: [Waiting] = []
    private var writing = false

    public init(service: SubmissionService) {
        self.service = service
    }

    /// Stores one checked file (a rejected one is answered without the database) and returns its verdict once the
    /// transaction that holds it is committed and synced.
    public func store(_ checked: SubmissionService.CheckedFile, name: String) async throws -> FileVerdict {
        guard checked.outcome.report != nil, checked.file != nil else { return SubmissionService.verdict(of: checked, name: name) }
        return try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            waiting.append(Waiting(checked: checked, name: name, continuation: continuation))
            let start = !writing
            writing = true
            lock.unlock()
            if start { queue.async { self.drain() } }
        }
    }

    /// Commits what waits, batch after batch, until nothing does.
    private func drain() {
        while true {
            lock.lock()
            let batch = Array(waiting.prefix(Self.largestBatch))
            waiting.removeFirst(batch.count)
            if batch.isEmpty { writing = false }
            lock.unlock()
            guard !batch.isEmpty else { return }
            do {
                let verdicts = try service.store(batch.map(\.checked), names: batch.map(\.name))
                for (item, verdict) in zip(batch, verdicts) { item.continuation.resume(returning: verdict) }
            } catch {
                for item in batch { item.continuation.resume(throwing: error) }
            }
        }
    }
}
