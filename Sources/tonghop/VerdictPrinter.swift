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
            for verdict in verdicts { printText(verdict) }
            Swift.print(summary(VerdictCounts(verdicts)))
        }
    }

    private func printText(_ v: FileVerdict) {
        let mark = v.verdict == .rejected ? "✘" : "✔"
        var arguments: [String: MessageArgument] = ["file": .text(v.file), "verdict": .message(v.verdict.label)]
        if let unit = v.unit, let period = v.period {
            arguments["unit"] = .text(unit)
            arguments["period"] = .period(period)
        }
        Swift.print("\(mark) " + Message(v.unit != nil && v.period != nil ? .verdictLineWithPeriod : .verdictLine, arguments).text(in: language))
        if let receipt = v.receipt { Swift.print("    " + receipt.line(in: language)) }
        for issue in v.issues { Swift.print("    " + issue.line(in: language)) }
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
