import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

/// A file of a hundred thousand bad rows is answered with its first problems in full and the rest counted by code.
@Suite struct BoundedAnswerTests {
    /// Bắc Ninh's week-46 CSV with one of its value rows repeated `count` times.
    static func duplicates(_ count: Int) throws -> Data {
        let csv = String(decoding: try Repo.sample("province-2025-W46/BN.csv"), as: UTF8.self)
        let row = try #require(csv.split(whereSeparator: \.isNewline).first { $0.hasPrefix("value,hr.recruited,") })
        return Data((csv + String(repeating: row + "\r\n", count: count)).utf8)
    }

    @Test func theValidatorKeepsTheFirstErrorsAndCountsTheRest() throws {
        let outcome = ReportValidator(catalog: shippedCatalog).check(try Self.duplicates(100_000), fileName: "BN.csv", receivedAt: sampleReceipt)
        let errors = outcome.issues.filter { $0.severity == .error }
        #expect(errors.count == ValidationOutcome.errorsKept && errors.allSatisfy { $0.code == .duplicateCriterion })
        // The ones kept are the first in the file: rows in order from the first repeated one.
        let rows = errors.compactMap(\.location.row)
        #expect(rows == rows.sorted() && rows.first == rows.last.map { $0 - ValidationOutcome.errorsKept + 1 })
        #expect(outcome.moreErrors == [IssueCount(severity: .error, code: .duplicateCriterion, count: 100_000 - ValidationOutcome.errorsKept)])
        #expect(outcome.report == nil)
        // A rule over a criterion refused past the errors kept is still not checked.
        #expect(!outcome.issues.contains { $0.code == .ruleViolated })
    }

    @Test func aFewErrorsAreAllKept() throws {
        let outcome = ReportValidator(catalog: shippedCatalog).check(try Self.duplicates(3), fileName: "BN.csv", receivedAt: sampleReceipt)
        #expect(outcome.issues.filter { $0.code == .duplicateCriterion }.count == 3 && outcome.moreErrors.isEmpty)
    }
}
