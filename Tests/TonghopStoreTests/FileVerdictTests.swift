import Foundation
import Testing
import TonghopCore

@testable import TonghopService

/// What an answer lists and counts.
@Suite struct FileVerdictTests {
    static func warnings(_ count: Int) -> [ValidationIssue] {
        (0..<count).map { ValidationIssue(.warning, .ruleViolated, at: SourceLocation(file: "f.json", line: $0 + 1), Message(.fileEmpty)) }
    }

    @Test func theFirst200AreListedAndTheRestCountedOnceWhateverIsReplaced() {
        var verdict = FileVerdict(
            file: "f.json", verdict: .accepted, unit: "HN", period: "2025-W46", receipt: nil, issues: Self.warnings(250),
            counted: [IssueCount(severity: .error, code: .duplicateCriterion, count: 5)])
        #expect(verdict.issues.count == 200 && verdict.count(of: .warning) == 250 && verdict.count(of: .error) == 5)
        // The problems settled again as the file is stored (twice, as a savepoint retry does): counted once each.
        verdict.replaceIssues(with: Self.warnings(250), counted: [])
        verdict.replaceIssues(with: Self.warnings(250), counted: [])
        #expect(verdict.count(of: .warning) == 250 && verdict.count(of: .error) == 0)
        #expect(VerdictCounts([verdict]).warnings == 250)
    }
}
