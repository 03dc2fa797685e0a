import Foundation
import TonghopCore
import TonghopService

/// Prints file verdicts for people (text, in their language) or machines (JSON, with stable codes).
struct VerdictPrinter {
    var format: OutputFormat
    var language: Language

    struct Report: Encodable {
        var files: [FileVerdict]
        var counts: VerdictCounts
    }

    func print(_ verdicts: [FileVerdict]) throws {
        switch format {
        case .json:
            try printJSON(Report(files: verdicts, counts: VerdictCounts(verdicts)), language: language)
        case .text:
            // Written on both cores, then printed in order: a week's thousands of receipts are otherwise a tenth of a
            // commune-scale submit, all of it after the files are stored.
            let language = language
            // In chunks, each joined on its core, and written at once rather than a call to `print` per file.
            Swift.print(verdicts.concurrentJoined { Self.text($0, in: language) }, terminator: "")
            Swift.print(summary(VerdictCounts(verdicts)))
        }
    }

    /// The verdict's lines: the file and its verdict, the receipt, each problem.
    private static func text(_ v: FileVerdict, in language: Language) -> String {
        let mark = v.verdict == .rejected ? "✘" : "✔"
        var arguments: MessageArguments = ["file": .text(v.file), "verdict": .message(v.verdict.label)]
        if let unit = v.unit, let period = v.period {
            arguments["unit"] = .text(unit)
            arguments["period"] = .period(period)
        }
        var text = "\(mark) " + Message(v.unit != nil && v.period != nil ? .verdictLineWithPeriod : .verdictLine, arguments).text(in: language) + "\n"
        if let receipt = v.receipt { text += "    " + receipt.line(in: language) + "\n" }
        for issue in v.issues { text += "    " + issue.line(in: language) + "\n" }
        if let more = v.moreIssuesSentence { text += "    " + more.text(in: language) + "\n" }
        return text
    }

    func summary(_ c: VerdictCounts) -> String {
        Message(
            .verdictSummary,
            [
                "files": .count(c.files), "accepted": .count(c.accepted), "superseding": .count(c.superseding), "duplicate": .count(c.duplicate),
                "rejected": .count(c.rejected), "errors": .count(c.errors), "warnings": .count(c.warnings),
            ]
        ).text(in: language)
    }
}
