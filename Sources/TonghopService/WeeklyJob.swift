import Foundation
import TonghopCore
import TonghopIngest
import TonghopRendering
import TonghopSynthesis

/// MoHA's Thursday job: take in the files received, flag the late and missing reports of the periods synthesized, and
/// write each schedule's latest closed period's synthesis in each format. `tonghop weekly` runs it.
public struct WeeklyJob: Sendable {
    public let catalog: Catalog
    public let storage: any Storage
    public let syntheses: Syntheses
    /// The files to take in, each at its time of receipt.
    public var files: [IncomingFile]
    public var schedules: [Schedule]
    public var formats: [SynthesisFormat]
    /// The folder the syntheses are written to, as `<schedule>-<period>.<format>`.
    public var folder: String
    /// The instant the job works at: reports received by then count.
    public var at: Date
    public var batchSize: Int

    public init(
        catalog: Catalog, storage: any Storage, syntheses: Syntheses, files: [IncomingFile], schedules: [Schedule],
        formats: [SynthesisFormat], folder: String, at: Date, batchSize: Int = SubmissionService.defaultBatchSize
    ) {
        self.catalog = catalog
        self.storage = storage
        self.syntheses = syntheses
        self.files = files
        self.schedules = schedules
        self.formats = formats
        self.folder = folder
        self.at = at
        self.batchSize = batchSize
    }

    /// The late check of one synthesized period.
    public struct LateCheckLine: Sendable {
        public var scheduleId: String
        public var periodKey: String
        public var newlyFlagged: Int
        /// The units still without a report for the period, in the order flagged.
        public var missing: [String]
    }

    /// One schedule's synthesis, written.
    public struct Written: Sendable {
        public var scheduleId: String
        public var compliance: ComplianceSummary
        public var paths: [String]
    }

    /// What the job did.
    public struct Outcome: Sendable {
        public var verdicts: [FileVerdict]
        public var lateChecks: [LateCheckLine]
        public var written: [Written]
    }

    /// Runs the job. A file rejected is in the verdicts and stops nothing; a database failure is thrown as such, and an
    /// output that cannot be written as `OutputFile.Failure`.
    public func run(progress: (Int) -> Void = { _ in }) throws -> Outcome {
        // The template versions the files are checked against, in the audit log when they changed.
        try AuditTrail(storage: storage).recordTemplates(of: catalog, by: .commandLine, at: at)
        let verdicts = try SubmissionService(catalog: catalog, storage: storage).submit(files, batchSize: batchSize, progress: progress)
        // The periods synthesized are checked here; the cron job's `tonghop late` covers the rest of history.
        let lateChecks = try schedules.map { schedule in
            let period = schedule.latestClosedPeriod(at: at)
            let late = try LateCheck(catalog: catalog, storage: storage).run(at: at, since: period.firstDay, schedule: schedule.id)
            return LateCheckLine(
                scheduleId: schedule.id, periodKey: period.key, newlyFlagged: late.newlyFlagged.count,
                missing: late.outstanding.filter { $0.periodKey == period.key }.map(\.unitCode))
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputFile.Failure(path: folder, reason: "the folder cannot be created: \(error.localizedDescription)")
        }
        var written: [Written] = []
        for schedule in schedules {
            let synthesis = try syntheses.synthesis(schedule, period: nil, asOf: at)
            var paths: [String] = []
            for format in formats {
                let path = (folder as NSString).appendingPathComponent("\(schedule.id)-\(synthesis.heading.periodKey).\(format.rawValue)")
                try OutputFile.write(to: path) { output in try syntheses.renderer.write(synthesis, as: format, to: output) }
                paths.append(path)
            }
            written.append(Written(scheduleId: schedule.id, compliance: synthesis.compliance.summary, paths: paths))
        }
        return Outcome(verdicts: verdicts, lateChecks: lateChecks, written: written)
    }
}
