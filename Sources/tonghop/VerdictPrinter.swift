import Foundation
import TonghopCore
import TonghopService

/// Prints file verdicts for people (text) or machines (JSON).
struct VerdictPrinter {
    var format: OutputFormat

    struct Report: Encodable {
        var files: [FileVerdict]
        var counts: VerdictCounts
    }

    func print(_ verdicts: [FileVerdict]) throws {
        switch format {
        case .json:
            try printJSON(Report(files: verdicts, counts: VerdictCounts(verdicts)))
        case .text:
            for verdict in verdicts { printText(verdict) }
            Swift.print(summary(VerdictCounts(verdicts)))
        }
    }

    private func printText(_ v: FileVerdict) {
        let mark = v.verdict == .rejected ? "✘" : "✔"
        var line = "\(mark) \(v.file): \(v.verdict.rawValue)"
        if let unit = v.unit, let period = v.period { line += " (unit \(unit), period \(period))" }
        Swift.print(line)
        if let r = v.receipt, r.verdict == .duplicate {
            Swift.print("    identical to submission #\(r.submissionId) received \(VietnamTime.format(r.receivedAt)); nothing new stored")
        } else if let r = v.receipt {
            Swift.print(
                "    receipt: submission #\(r.submissionId), sha256 \(r.sha256), received \(VietnamTime.format(r.receivedAt)), template version \(r.templateVersion)"
                    + (r.onTime ? ", on time" : ", LATE by \(describeDuration(r.lateBySeconds)) (deadline \(VietnamTime.format(r.onTimeLimit)))")
                    + (r.supersedes.map { ", replaces #\($0)" } ?? "")
                    + (r.counts ? "" : ", kept in the history but a later submission still counts"))
        }
        for issue in v.issues {
            let criterion = issue.criterionId.map { " [\($0)]" } ?? ""
            Swift.print("    \(issue.severity.rawValue): \(issue.location)\(criterion): \(issue.message) (\(issue.code.rawValue))")
        }
    }

    func summary(_ c: VerdictCounts) -> String {
        "\(c.files) file\(c.files == 1 ? "" : "s"): \(c.accepted) accepted, \(c.superseding) superseding, \(c.duplicate) duplicate, "
            + "\(c.rejected) rejected; \(c.errors) error\(c.errors == 1 ? "" : "s"), \(c.warnings) warning\(c.warnings == 1 ? "" : "s")"
    }
}
