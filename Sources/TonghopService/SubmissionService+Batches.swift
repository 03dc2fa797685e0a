import Dispatch
import Foundation
import TonghopStore

extension SubmissionService {
    /// Checks and stores many files in batches, checking the next batch while the current one is being stored.
    ///
    /// Each batch is one database commit (each file in it all-or-nothing); `progress` is told how many files are done.
    public func submit(
        paths: [String], receivedAt: Date, batchSize: Int, into database: TonghopDatabase, progress: (Int) -> Void = { _ in }
    ) throws -> [FileVerdict] {
        // A small first batch gets storing going sooner: nothing can be stored until it is checked.
        let size = max(batchSize, 1)
        let first = min(size, 64)
        let batches = [Array(paths.prefix(first))].filter { !$0.isEmpty }
            + stride(from: first, to: paths.count, by: size).map { Array(paths[$0..<min($0 + size, paths.count)]) }
        var verdicts: [FileVerdict] = []
        verdicts.reserveCapacity(paths.count)
        var next = batches.first.map { startChecking($0, receivedAt: receivedAt) }
        for (index, batch) in batches.enumerated() {
            let checked = next!.wait()
            next = index + 1 < batches.count ? startChecking(batches[index + 1], receivedAt: receivedAt) : nil
            verdicts += try store(checked, names: batch, in: database)
            progress(verdicts.count)
        }
        return verdicts
    }

    private func startChecking(_ paths: [String], receivedAt: Date) -> PendingCheck {
        let pending = PendingCheck()
        DispatchQueue.global().async(group: pending.group) {
            pending.result = self.check(paths: paths, receivedAt: receivedAt)
        }
        return pending
    }
}

/// The files of one batch being checked on another thread.
private final class PendingCheck: @unchecked Sendable {
    let group = DispatchGroup()
    // Written once by the checking thread before the group leaves; read only after `wait`.
    var result: [SubmissionService.CheckedFile] = []

    func wait() -> [SubmissionService.CheckedFile] {
        group.wait()
        return result
    }
}
