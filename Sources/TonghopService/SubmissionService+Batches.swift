import Dispatch
import Foundation
import TonghopCore
import TonghopIngest

extension SubmissionService {
    /// Files per batch unless told otherwise: small enough that storing starts soon and checking keeps pace with it,
    /// large enough that commits stay few (measured on a commune-scale week: 256 beat 128, 512 and 1,024).
    public static let defaultBatchSize = 256

    /// Checks and stores many files in batches, checking the next batch while the current one is being stored.
    ///
    /// Each batch is one database commit (each file in it all-or-nothing); `progress` is told how many files are done.
    public func submit(
        paths: [String], receivedAt: Date, batchSize: Int, progress: (Int) -> Void = { _ in }
    ) throws -> [FileVerdict] {
        try submit(paths.map { IncomingFile(path: $0, receivedAt: receivedAt) }, batchSize: batchSize, progress: progress)
    }

    /// Checks and stores files each received at its own time (a replay log), in the order given.
    public func submit(
        _ files: [IncomingFile], batchSize: Int, progress: (Int) -> Void = { _ in }
    ) throws -> [FileVerdict] {
        // A small first batch gets storing going sooner: nothing can be stored until it is checked.
        let size = max(batchSize, 1)
        let first = min(size, 64)
        let batches =
            [Array(files.prefix(first))].filter { !$0.isEmpty }
            + stride(from: first, to: files.count, by: size).map { Array(files[$0..<min($0 + size, files.count)]) }
        var verdicts: [FileVerdict] = []
        verdicts.reserveCapacity(files.count)
        // What each unit has reported done: read once, then kept up to date with what each batch stores. A batch is checked
        // while the one before it is stored, so a task done there is named at worst in one warning too many, never in an
        // error.
        var completed = try completedTasks(receivedBy: .distantFuture)
        var next = batches.first.map { startChecking($0, completed) }
        for (index, batch) in batches.enumerated() {
            let checked = try next!.wait()
            next = index + 1 < batches.count ? startChecking(batches[index + 1], completed) : nil
            let stored = try store(checked, names: batch.map(\.path))
            for (file, verdict) in zip(checked, stored) where verdict.verdict == .accepted || verdict.verdict == .superseding {
                if let report = file.outcome.report { ReportValidator.record(report, in: &completed) }
            }
            verdicts += stored
            progress(verdicts.count)
            // The batch's reports freed beside the next batch's storing rather than before it: 256 reports freed part by
            // part were a twentieth of the storing thread, the submit's critical path.
            letGoOnAnotherThread(consume checked)
        }
        return verdicts
    }

    /// The files of one batch being checked on another thread.
    private func startChecking(_ files: [IncomingFile], _ completedTasks: CompletedTasks) -> Background<[CheckedFile]> {
        Background { self.check(files, completedTasks: completedTasks) }
    }
}
