import Foundation
import Testing
import TonghopCore
import TonghopService

@testable import TonghopServer

/// The upload's answer written directly (`SubmissionReply.json`) is `JSONEncoder.tonghop`'s bytes, whatever it holds.
@Suite struct SubmissionReplyJSONTests {
    /// Texts that each escape or keep a byte differently: controls with and without short escapes, quotes, slashes,
    /// Vietnamese composed and decomposed, a line separator, an emoji.
    static let pieces = [
        "", "HN-W46.json", "a/b", "\u{0}", "\u{8}", "\u{c}", "\u{1}", "\u{1f}", "\u{7f}", "\"", "\\", "Hà Nội", "e\u{301}", "\u{2028}", "😀",
        "\t\n\r", "Báo cáo!D14", "values.dc.tasks_received",
    ]
    /// Instants around what the writer does itself (1600–9999) and what it leaves to Foundation.
    static let instants: [Double] = [
        0, 1_700_000_000.25, 1_700_000_000.9999, -1.5, -30_610_224_000, -11_676_096_000, -11_676_096_000.5, 253_402_300_799.9,
        253_402_300_800, 4e11, 1_763_600_400,
    ]

    /// Values drawn from a seeded generator: the same cases at every run.
    final class Draw {
        var state: UInt64
        init(seed: UInt64) { state = seed }

        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
        func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        func flip() -> Bool { next() & 1 == 1 }
        func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { flip() ? value() : nil }
        func text() -> String { (0..<int(0...4)).map { _ in pick(SubmissionReplyJSONTests.pieces) }.joined() }

        func issue() -> ValidationIssue {
            let location = SourceLocation(
                file: text(), line: maybe(int(-5...100_000)), row: maybe(int(0...99)), column: maybe(text()), cell: maybe(text()),
                path: maybe(text()))
            let message = flip() ? Message(.notStored, ["detail": .text(text())]) : Message(.fileMissing)
            return ValidationIssue(pick(Severity.allCases), pick(IssueCode.allCases), at: location, criterion: maybe(text()), message)
        }

        func verdict() -> FileVerdict {
            let receipt = maybe(
                Receipt(
                    submissionId: Int64(int(1...Int.max)), verdict: pick([.accepted, .duplicate, .superseding]), sha256: text(),
                    receivedAt: flip()
                        ? Date(timeIntervalSince1970: pick(SubmissionReplyJSONTests.instants) + Double(int(0...1999)) / 1000)
                        // A hair before a whole second as Foundation counts them (from 2001): the second before it.
                        : Date(timeIntervalSinceReferenceDate: Double(int(600_000_000...800_000_000)).nextDown),
                    templateVersion: text(), supersedes: maybe(Int64(int(1...99))), counts: flip(),
                    onTimeLimit: Date(timeIntervalSince1970: pick(SubmissionReplyJSONTests.instants))))
            let issues = (0..<pick([0, 1, 3, 205])).map { _ in issue() }
            let counted = maybe([IssueCount(severity: .error, code: .ruleViolated, count: int(1...99_800))]) ?? []
            return FileVerdict(
                file: text(), verdict: pick(FileVerdict.Verdict.allCases), unit: maybe(text()), period: maybe(text()), receipt: receipt,
                issues: issues, counted: counted)
        }
    }

    @Test func theAnswerIsWhatJSONEncoderWrites() throws {
        let draw = Draw(seed: 46)
        var compared = 0
        for _ in 0..<400 {
            let verdict = draw.verdict()
            for language in [Language.vi, .en] {
                let reply = SubmissionReply(verdict, language: language)
                let ours = try #require(reply.json(language: language))
                let foundation = try JSONEncoder.tonghop(language: language).encode(reply)
                #expect(ours == Array(foundation), "\(String(decoding: ours, as: UTF8.self))")
                compared += 1
            }
        }
        #expect(compared == 800)
    }

    @Test func aValueFoundationRefusesIsLeftToIt() throws {
        let receipt = Receipt(
            submissionId: 1, verdict: .accepted, sha256: "", receivedAt: Date(timeIntervalSince1970: .infinity), templateVersion: "1",
            counts: true, onTimeLimit: Date(timeIntervalSince1970: 0))
        let reply = SubmissionReply(
            FileVerdict(file: "a.json", verdict: .accepted, unit: "HN", period: "2025-W46", receipt: receipt, issues: []), language: .vi)
        #expect(reply.json(language: .vi) == nil)
        var writer = PrettyJSONWriter()
        writer.number(.nan)
        #expect(writer.unwritable)
    }
}
