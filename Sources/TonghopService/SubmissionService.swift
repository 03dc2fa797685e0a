import Foundation
import TonghopCore
import TonghopIngest

/// A report file on disk and its time of receipt.
public struct IncomingFile: Sendable, Hashable {
    public var path: String
    public var receivedAt: Date

    public init(path: String, receivedAt: Date) {
        self.path = path
        self.receivedAt = receivedAt
    }
}

/// Checks report files and stores the good ones: the one use case behind `validate`, `submit`, `--replay` and uploads.
///
/// Every way in reads what the unit had reported done of its tasks (`completedTasks`), checks, and stores in the order
/// given, settling as each report is stored what depends on the reports before it.
public struct SubmissionService: Sendable {
    public let validator: ReportValidator
    /// Where reports are stored, and what units reported before is read; nil to check alone (`validate` where there is no
    /// database yet), when nothing can be stored.
    public let storage: (any Storage)?
    /// Who writes the unit's receipt by mail, queued with each report stored; nil mails nothing (a replay, a bulk import).
    public let notices: NoticeWriter?

    public init(catalog: Catalog, storage: (any Storage)? = nil, notices: NoticeWriter? = nil) {
        self.validator = ReportValidator(catalog: catalog)
        self.storage = storage
        self.notices = notices
    }

    /// The same checks over another store.
    public func storing(in storage: any Storage) -> SubmissionService {
        SubmissionService(catalog: validator.catalog, storage: storage, notices: notices)
    }

    /// Storing asked of a service that only checks: a mistake of the caller's, said rather than trapped on.
    public struct NoStorage: Error, CustomStringConvertible {
        public var description: String { "this submission service checks only: it was given no store" }
    }

    private func requiredStorage() throws -> any Storage {
        guard let storage else { throw NoStorage() }
        return storage
    }

    /// The tasks each unit (or one unit) had reported done by `instant`, which its weekly report need not name again:
    /// none where the register has no tasks or there is no store.
    public func completedTasks(receivedBy instant: Date, unit: String? = nil) throws -> CompletedTasks {
        guard !validator.catalog.tasks.isEmpty, let storage else { return [:] }
        return try storage.completedTasks(receivedBy: instant, unit: unit)
    }

    /// Checks files as they would be submitted at `instant`, against what the store says units reported before, and
    /// stores nothing: `tonghop validate`.
    public func validate(_ files: [IncomingFile], at instant: Date) throws -> [FileVerdict] {
        let checked = check(files, completedTasks: try completedTasks(receivedBy: instant))
        return zip(checked, files).map { Self.verdict(of: $0, name: $1.path) }
    }

    /// One file read and checked, not yet stored.
    public struct CheckedFile: Sendable {
        public var file: ReceivedFile?
        public var outcome: ValidationOutcome
    }

    /// Checks bytes that arrived under a name; `completedTasks` are the tasks each unit has already reported done (from
    /// the store), which its weekly report need not name again.
    public func check(
        bytes: Data, fileName: String, receivedAt: Date, sender: Actor = .commandLine, completedTasks: CompletedTasks = [:]
    ) -> CheckedFile {
        // A name is the sender's to choose: stored and printed without control characters, so that neither the
        // database's tools nor a terminal showing `history` ever meet an escape sequence.
        let fileName = fileName.withoutControlCharacters
        // Only the file's own name is kept: the folders it came from on the sender's machine mean nothing here.
        return CheckedFile(
            file: ReceivedFile(fileName: fileName.lastPathComponent, bytes: bytes, receivedAt: receivedAt, sender: sender),
            outcome: validator.check(bytes, fileName: fileName, receivedAt: receivedAt, completedTasks: completedTasks))
    }

    /// Reads and checks files from disk, spreading the work over the machine's cores.
    public func check(paths: [String], receivedAt: Date, completedTasks: CompletedTasks = [:]) -> [CheckedFile] {
        check(paths.map { IncomingFile(path: $0, receivedAt: receivedAt) }, completedTasks: completedTasks)
    }

    /// Reads and checks files, each received at its own time, spreading the work over the machine's cores.
    public func check(_ files: [IncomingFile], completedTasks: CompletedTasks = [:]) -> [CheckedFile] {
        files.concurrentMap { self.check(path: $0.path, receivedAt: $0.receivedAt, completedTasks: completedTasks) }
    }

    private func check(path: String, receivedAt: Date, completedTasks: CompletedTasks) -> CheckedFile {
        // A report is a few kilobytes; refuse a huge file before reading it into memory. (`stat` rather than
        // FileManager's attributes, which cost as much as checking the file.)
        var info = stat()
        let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
        guard size <= ReportReader.maximumBytes else {
            return CheckedFile(
                file: nil,
                outcome: ValidationOutcome(report: nil, issues: [ReportReader.tooLarge(fileName: path.withoutControlCharacters, bytes: size)]))
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason: MessageKey = !exists ? .fileMissing : isDirectory.boolValue ? .fileFolderWithoutReports : .fileCannotRead
            let issue = ValidationIssue(.error, .unreadableFile, at: SourceLocation(file: path.withoutControlCharacters), Message(reason))
            return CheckedFile(file: nil, outcome: ValidationOutcome(report: nil, issues: [issue]))
        }
        return check(bytes: bytes, fileName: path, receivedAt: receivedAt, completedTasks: completedTasks)
    }

    /// The verdict of a check alone (for `validate`): accepted or rejected.
    public static func verdict(of checked: CheckedFile, name: String) -> FileVerdict {
        FileVerdict(
            file: name.withoutControlCharacters, verdict: checked.outcome.report == nil ? .rejected : .accepted,
            unit: checked.outcome.report?.unit.code, period: checked.outcome.report?.period.key,
            receipt: nil, issues: checked.outcome.issues, counted: checked.outcome.moreErrors)
    }

    /// Stores the files that passed, in order; rejected ones store nothing. Returns one verdict per file.
    ///
    /// A weekly report's open tasks left out are named as it is stored, against what its unit had reported done by then
    /// (the files before it in this call included): the same warnings whether files come one by one or in a batch.
    public func store(_ checked: [CheckedFile], names: [String]) throws -> [FileVerdict] {
        let database = try requiredStorage()
        var verdicts = zip(checked, names).map { Self.verdict(of: $0, name: $1) }
        let storable = checked.indices.filter { checked[$0].outcome.report != nil && checked[$0].file != nil }
        let inputs = storable.map { index -> SubmissionInput in
            let file = checked[index].file!
            var input = SubmissionInput(file: file, report: checked[index].outcome.report!)
            if let writer = notices {
                input.receiptNotice = { @Sendable receipt, stored in writer.receipt(receipt, report: stored, fileName: file.fileName) }
            }
            return input
        }
        let validator = validator
        let results = try database.store(inputs) { position, input, completedTasks in
            // A report naming every task of its unit is warned of none, whatever was reported before.
            guard validator.leavesOutAssignedTasks(input.report, receivedAt: input.file.receivedAt) else { return input }
            let index = storable[position]
            let outcome = validator.withUnreportedTasks(
                checked[index].outcome, file: names[index].withoutControlCharacters, receivedAt: input.file.receivedAt,
                completed: try completedTasks())
            verdicts[index].replaceIssues(with: outcome.issues, counted: outcome.moreErrors)
            var settled = input
            settled.report = outcome.report ?? input.report
            return settled
        }
        for (index, result) in zip(storable, results) {
            switch result {
            case .success(let receipt):
                verdicts[index].receipt = receipt
                verdicts[index].verdict =
                    switch receipt.verdict {
                    case .accepted: .accepted
                    case .duplicate: .duplicate
                    case .superseding: .superseding
                    }
            case .failure(let error):
                verdicts[index].verdict = .rejected
                verdicts[index].add(
                    ValidationIssue(
                        .error, .notStored, at: SourceLocation(file: names[index].withoutControlCharacters),
                        Message(.notStored, ["detail": .text("\(error)")])))
            }
        }
        return verdicts
    }

    /// Every submission of a unit, oldest first, superseded ones included; `period` and `schedule` narrow it.
    public func history(unit: String, period: String? = nil, schedule: String? = nil) throws -> [SubmissionSummary] {
        try requiredStorage().history(unit: try validator.catalog.requestedUnit(unit).code, period: period, schedule: schedule)
    }
}
