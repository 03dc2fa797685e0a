import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

/// The files of `Tests/Regressions/` (see `scripts/make-hostile-reports.py`), each built from a sample with one thing
/// broken. Each once crashed, hung or quietly changed tonghop, or gave a message no one could act on; each now gets one
/// clear error at its place, and nothing of it could be stored.
@Suite struct HostileFileTests {
    static let folder = Repo.root.appendingPathComponent("Tests/Regressions")

    /// What each rejected file must get: its code, a piece of its message, and where.
    struct Expected {
        var code: IssueCode
        var message: String
        var place: String? = nil
        var criterion: String? = nil
    }

    static let rejected: [String: Expected] = [
        // Crashes: numbers from the file, and a dependency that traps.
        "xlsx-shared-string-out-of-range.xlsx": Expected(
            code: .unreadableFile, message: "refers to text number \"99999\", which the workbook does not hold"),
        "xlsx-shared-string-negative.xlsx": Expected(code: .unreadableFile, message: "refers to text number \"-1\""),
        "xlsx-absurd-column.xlsx": Expected(
            code: .unreadableFile, message: "a cell named \"ZZZZZZZZZZZZZZZ13\", which is not a cell of a spreadsheet"),
        "xlsx-row-at-int64-edge.xlsx": Expected(code: .unreadableFile, message: "a row numbered \"9223372036854775807\"; rows run from 1 to 1048576"),
        "xlsx-row-below-int64.xlsx": Expected(code: .unreadableFile, message: "a row numbered \"-9223372036854775808\""),
        "xlsx-element-name-not-utf8.xlsx": Expected(code: .unreadableFile, message: "is not UTF-8 text"),
        "xlsx-attribute-name-not-utf8.xlsx": Expected(code: .unreadableFile, message: "is not UTF-8 text"),
        "xlsx-part-larger-than-file.xlsx": Expected(code: .unreadableFile, message: "the workbook is damaged or incomplete"),
        "xlsx-directory-past-the-end.xlsx": Expected(code: .unreadableFile, message: "the workbook is damaged or incomplete"),
        "xlsx-local-header-beyond-file.xlsx": Expected(code: .unreadableFile, message: "the workbook is damaged or incomplete"),
        "xlsx-name-longer-than-directory.xlsx": Expected(code: .unreadableFile, message: "the workbook is damaged or incomplete"),
        "xlsx-cut-short.xlsx": Expected(code: .unreadableFile, message: "perhaps cut short while being sent or copied"),
        "xlsx-corrupt-deflate.xlsx": Expected(code: .unreadableFile, message: "cannot be unpacked); save it again from Excel"),
        "xlsx-wrong-checksum.xlsx": Expected(code: .unreadableFile, message: "does not unpack to what the file declares"),
        // Hangs: one unknown id of 300 KB; 30,000 unknown ids.
        "json-unknown-criterion-300kb.json": Expected(
            code: .unknownCriterion, message: "is not a criterion of template province-weekly", place: "line 45"),
        "csv-30000-unknown-criteria.csv": Expected(
            code: .unknownCriterion, message: "\"unknown.criterion_00000\" is not a criterion", place: "row 52"),
        // Quietly wrong before.
        "xlsx-nan-in-a-number-cell.xlsx": Expected(
            code: .wrongType, message: "found \"NaN\", expected a whole number", place: "Báo cáo!D13", criterion: "dc.tasks_received"),
        "xlsx-infinity-in-a-number-cell.xlsx": Expected(
            code: .wrongType, message: "found \"INF\"", place: "Báo cáo!D13", criterion: "dc.tasks_received"),
        "json-date-with-a-sign.json": Expected(
            code: .wrongType, message: "found \"2025-+1-19\", expected a date", place: "line 41", criterion: "gen.data_cutoff_date"),
        "json-difficulty-field-twice.json": Expected(
            code: .malformedFile, message: "entry 1 of \"difficulties\" gives \"field\" twice", place: "line 55"),
        "json-nul-in-results.json": Expected(
            code: .controlCharacter, message: "the text holds the control character \"U+0000\"", place: "line 51"),
        "json-escape-in-preparedBy.json": Expected(code: .controlCharacter, message: "holds the control character \"U+001B\"", place: "line 6"),
        "csv-control-characters-in-a-difficulty.csv": Expected(
            code: .controlCharacter, message: "the text holds the control character \"U+001B\"", place: "row 49"),
        "json-number-too-large.json": Expected(code: .malformedFile, message: "the number 1e999 is too large", place: "line 9"),
        "json-whole-number-beyond-2-53.json": Expected(
            code: .outOfBounds, message: "too large to be stored exactly", place: "line 9", criterion: "dc.tasks_received"),
        "xlsx-doctype-in-shared-strings.xlsx": Expected(code: .unreadableFile, message: "declares a document type (<!DOCTYPE>)"),
        // Messages a person could not act on before.
        "json-template-version-as-number.json": Expected(
            code: .malformedFile, message: "must be text in double quotes, as in \"templateVersion\": \"1.0\"", place: "line 5"),
        "csv-decimal-comma-makes-a-cell-too-many.csv": Expected(
            code: .malformedFile, message: "\"2,4\" looks like a number with a decimal comma: write 2.4", place: "row 43",
            criterion: "it.avg_processing_days"),
        "xlsx-unknown-difficulty-field.xlsx": Expected(
            code: .unknownDifficultyField, message: "\"weather\" is not a field of difficulty", place: "Khó khăn!B3"),
        "json-ministry-on-the-province-template.json": Expected(
            code: .unitNotOnSchedule, message: "does not report on the schedule Weekly report of provinces and centrally-run cities", place: "line 2"),
        "xlsx-not-a-zip.xlsx": Expected(code: .unreadableFile, message: "the file is not an Excel workbook (.xlsx), although its name ends in .xlsx"),
        "xlsx-old-excel-97.xlsx": Expected(code: .unreadableFile, message: "an old Excel 97–2003 workbook (.xls)"),
    ]

    /// Good files that were misread: they must read as their sender meant.
    static let accepted = ["csv-semicolon-separated.csv", "xlsx-percent-typed-the-excel-way.xlsx"]

    static var files: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }

    static func check(_ name: String) throws -> ValidationOutcome {
        ReportValidator(catalog: shippedCatalog).check(try Data(contentsOf: folder.appendingPathComponent(name)), fileName: name)
    }

    @Test func everyFileInTheFolderIsAccountedFor() {
        let known = Set(Self.rejected.keys).union(Self.accepted)
        // Inputs the fuzzer found are kept as fuzz-*; each is covered by `fuzzerFindsAreRefusedWithAMessage`.
        let unknown = Self.files.filter { !known.contains($0) && !$0.hasPrefix("fuzz-") }
        #expect(unknown.isEmpty, "files in Tests/Regressions without an expectation: \(unknown)")
        #expect(Self.files.count >= known.count)
    }

    @Test(arguments: rejected.keys.sorted())
    func eachIsRejectedWithOneClearErrorAtItsPlace(_ name: String) throws {
        let expected = try #require(Self.rejected[name])
        let outcome = try Self.check(name)
        #expect(outcome.report == nil, "\(name) must not be storable")
        let issue = try #require(outcome.errors.first { $0.code == expected.code }, "\(name): \(outcome.errors.prefix(3))")
        #expect(issue.message.en.contains(expected.message), "\(name): \(issue.message)")
        #expect(issue.location.file == name)
        if let place = expected.place { #expect(issue.location.description.contains(place), "\(name): \(issue.location)") }
        if let criterion = expected.criterion { #expect(issue.criterionId == criterion) }
        // Nothing in a message can write to a terminal, and no message is as long as the file.
        for issue in outcome.issues {
            #expect(issue.message.vi.forbiddenControlCharacter == nil && issue.location.description.forbiddenControlCharacter == nil)
            #expect(issue.message.vi.utf8.count < 1_000, "\(name): a message of \(issue.message.vi.utf8.count) bytes")
        }
    }

    @Test func oneProblemIsOneMessage() throws {
        // A malformed value is not also "missing"; a malformed row's criterion is not also "missing".
        for name in ["json-template-version-as-number.json", "csv-decimal-comma-makes-a-cell-too-many.csv"] {
            let outcome = try Self.check(name)
            #expect(outcome.errors.count == 1, "\(name): \(outcome.errors)")
            #expect(!outcome.errors.contains { $0.code == .missingField || $0.code == .missingCriterion })
        }
    }

    @Test func suggestionsStayBoundedWhateverTheFileHolds() throws {
        let huge = try Self.check("json-unknown-criterion-300kb.json")
        #expect(!huge.errors.contains { $0.message.en.contains("did you mean") })
        #expect(huge.errors.first { $0.code == .unknownCriterion }?.criterionId?.utf8.count ?? 0 < 80)
        let many = try Self.check("csv-30000-unknown-criteria.csv")
        // Every one found: the first 200 kept in full, the rest counted.
        let counted = many.moreErrors.first { $0.code == .unknownCriterion }?.count ?? 0
        #expect(many.errors.filter { $0.code == .unknownCriterion }.count == ValidationOutcome.errorsKept && counted == 30_000 - 200)
        #expect(many.errors.filter { $0.message.en.contains("did you mean") }.count <= ReportValidator.maximumSuggestions)
    }

    @Test func aSemicolonSeparatedCSVReadsAsTheCommaSeparatedOriginal() throws {
        var semicolons = try #require(try Self.check("csv-semicolon-separated.csv").report)
        var original = try #require(
            ReportValidator(catalog: shippedCatalog).check(try Repo.sample("province-2025-W46/BN.csv"), fileName: "BN.csv").report)
        // The regression file was made before reports spoke of tasks: it says nothing of them, and is warned of each.
        #expect(semicolons.warnings.allSatisfy { $0.code == .taskUnreported } && original.warnings.isEmpty)
        (semicolons.taskProgress, semicolons.warnings, original.taskProgress) = ([], [], [])
        #expect(semicolons == original)
    }

    @Test func aPercentageTypedTheExcelWayIsStoredAsTypedNotAHundredTimesSmaller() throws {
        let report = try #require(try Self.check("xlsx-percent-typed-the-excel-way.xlsx").report)
        #expect(report.values.first { $0.criterionId == "it.online_on_time_rate" }?.value == .number(93.4))
        #expect(!report.warnings.contains { $0.code == .percentageAsFraction })
    }

    @Test func fuzzerFindsAreRefusedWithAMessage() throws {
        for name in Self.files where name.hasPrefix("fuzz-") {
            let outcome = try Self.check(name)
            #expect(outcome.report == nil || outcome.errors.isEmpty, "\(name)")
            for issue in outcome.issues {
                #expect(issue.location.file == name && !issue.message.vi.isEmpty)
                // As the fuzz harness asks: the printed line, place included, holds no control or invisible character.
                for language in Language.allCases {
                    let line = issue.line(in: language)
                    #expect(line.forbiddenControlCharacter == nil && !line.unicodeScalars.contains(where: \.isInvisible), "\(name): \(line)")
                }
            }
        }
    }
}

/// Every problem tonghop finds in a file reads whole in both languages: no blank of the catalog left unfilled.
@Suite struct IssueMessageTests {
    @Test func everyIssueOfTheRegressionAndInvalidFilesIsAWholeSentenceInBothLanguages() throws {
        let validator = ReportValidator(catalog: shippedCatalog)
        var folders = [Repo.root.appendingPathComponent("Tests/Regressions"), Repo.root.appendingPathComponent("SampleReports/invalid")]
        folders.append(Repo.root.appendingPathComponent("SampleReports/province-2025-W46"))
        var seen = Set<IssueCode>()
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                for issue in validator.check(data, fileName: name, receivedAt: Date()).issues {
                    seen.insert(issue.code)
                    #expect(issue.message.unfilledBlanks.isEmpty, "\(name): \(issue.message.key) leaves \(issue.message.unfilledBlanks)")
                    #expect(issue.message.vi != issue.message.en)
                    #expect(!issue.line(in: .vi).contains("{") || name.hasSuffix(".json"), "\(name): \(issue.line(in: .vi))")
                }
            }
        }
        #expect(seen.count >= 18, "the files show most kinds of problem: \(seen.map(\.rawValue).sorted())")
    }
}
