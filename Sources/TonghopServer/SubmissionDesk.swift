import Foundation
import Hummingbird
import Logging
import SystemMalloc
import TonghopCore
import TonghopService

/// The upload endpoints' adapter to the one submit use case (`SubmissionService.submitUpload`): who may submit, the
/// server's time of receipt, the 403 of another unit's report, the memory given back after a large file, the log line.
struct SubmissionDesk: Sendable {
    let environment: ServiceEnvironment

    /// The unit a caller submits for; staff read but do not submit.
    static func submitter(_ caller: AccessRole?) throws -> String {
        guard let caller else { throw APIError.noToken }
        guard let unit = caller.unitCode else {
            throw APIError(.forbidden, Message(.apiStaffCannotSubmit))
        }
        return unit
    }

    /// Checks and stores a report sent by `sender` with the token of `unit`; 403 (nothing stored) when it is another unit's
    /// report.
    func submit(_ upload: UploadedFile, for unit: String, sender: Actor, logger: Logger) async throws -> FileVerdict {
        // The time of receipt is the server's, taken when the whole file has arrived: timeliness never depends on a
        // clock or a date the sender controls.
        let receivedAt = environment.now()
        let verdict: FileVerdict
        do {
            // The receipt leaves only once the report is on disk: committed, with the WAL synced, together with the uploads
            // that arrived at the same time.
            verdict = try await environment.submissions.submitUpload(
                upload.bytes, fileName: upload.fileName, receivedAt: receivedAt, by: unit, sender: sender, through: environment.groupCommit)
        } catch let refusal as UploadRefusal {
            throw APIError(.forbidden, refusal.message)
        }
        #if os(Linux)
            // A large file (a megabyte of rows, a hundred thousand problems) leaves glibc's heaps grown for nothing: given
            // back at once, so that the service's memory returns to its level after such a request.
            // On a Dispatch thread: trimming takes a few milliseconds the request's own thread need not wait.
            if upload.bytes.count > 1 << 20 || !verdict.moreIssues.isEmpty { DispatchQueue.global(qos: .utility).async { _ = malloc_trim(0) } }
        #endif
        logger.info(
            "submission",
            metadata: [
                "file": .string(upload.fileName), "unit": .string(unit), "period": .string(verdict.period ?? "-"),
                "verdict": .string(verdict.verdict.rawValue), "submission": .string(verdict.receipt.map { "\($0.submissionId)" } ?? "-"),
                "issues": .stringConvertible(verdict.issues.count + verdict.moreIssues.reduce(0) { $0 + $1.count }),
            ])
        return verdict
    }
}

/// The API's answer to an upload: the verdict as the CLI prints it in JSON, with a sentence for people in their language.
struct SubmissionReply: Encodable {
    var message: String
    var file: String
    var verdict: FileVerdict.Verdict
    var unit: String?
    var period: String?
    var receipt: Receipt?
    var issues: [ValidationIssue]
    /// The problems past the first 200, counted by severity and code.
    var moreIssues: [IssueCount]
    /// Set on a rejection, so that every non-2xx answer of the API carries `error.message`.
    var error: APIError.Body.Detail?

    init(_ v: FileVerdict, language: Language) {
        message = v.sentence.text(in: language)
        (file, verdict, unit, period, receipt, issues, moreIssues) = (v.file, v.verdict, v.unit, v.period, v.receipt, v.issues, v.moreIssues)
        error = v.verdict == .rejected ? .init(status: 422, code: "rejected", message: message) : nil
    }

    /// The answer as `JSONEncoder.tonghop` writes it, messages in `language`, written directly (`PrettyJSONWriter`: it is
    /// written for every upload); nil where only Foundation's encoder writes it as it does.
    func json(language: Language) -> [UInt8]? {
        var writer = PrettyJSONWriter()
        writer.object { json in
            json.key("error", ifPresent: error) { json, error in
                json.object { json in
                    json.key("code")
                    json.string(error.code)
                    json.key("message")
                    json.string(error.message)
                    json.key("status")
                    json.integer(error.status)
                }
            }
            json.key("file")
            json.string(file)
            json.key("issues")
            json.array(issues) { $0.issue($1, language: language) }
            json.key("message")
            json.string(message)
            json.key("moreIssues")
            json.array(moreIssues) { $0.issueCount($1) }
            json.key("period", ifPresent: period) { $0.string($1) }
            json.key("receipt", ifPresent: receipt) { $0.receipt($1) }
            json.key("unit", ifPresent: unit) { $0.string($1) }
            json.key("verdict")
            json.string(verdict.rawValue)
        }
        return writer.unwritable ? nil : writer.out.bytes
    }

    /// 201 for a new submission, 200 for a duplicate, 422 for a rejection.
    static func status(of verdict: FileVerdict.Verdict) -> HTTPResponse.Status {
        switch verdict {
        case .accepted, .superseding: .created
        case .duplicate: .ok
        case .rejected: .unprocessableContent
        }
    }
}
