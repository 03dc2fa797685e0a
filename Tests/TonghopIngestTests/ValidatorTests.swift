import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

/// One test per kind of problem: each builds a valid report, breaks one thing, and expects exactly that error.
@Suite struct ValidatorTests {
    func onlyError(_ outcome: ValidationOutcome, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ValidationIssue? {
        #expect(outcome.report == nil, sourceLocation: sourceLocation)
        #expect(outcome.errors.count == 1, "\(outcome.errors)", sourceLocation: sourceLocation)
        return outcome.errors.first
    }

    @Test func aValidReportPassesInBothFormats() throws {
        for format in [ReportFormat.json, .csv] {
            let outcome = ReportBuilder().check(format)
            #expect(outcome.issues.isEmpty, "\(outcome.issues)")
            let report = try #require(outcome.report)
            #expect(report.unit.name == "Thành phố Hà Nội")
            #expect(report.period.key == "2025-W46")
            #expect(
                report.recommendations == [
                    Recommendation(addressees: [Addressee(code: "ministry", ministry: "BXD")], text: "Đề nghị hướng dẫn cấp phép xây dựng.")
                ])
        }
    }

    @Test func unknownUnit() {
        var b = ReportBuilder()
        b.unit = "XX"
        #expect(onlyError(b.check())?.code == .unknownUnit)
    }

    @Test func unitOutsideItsDatesIsNotAccepted() {
        var b = ReportBuilder()
        b.period = "2025-W20"  // May 2025, before the 34 units existed
        let issue = onlyError(b.check())
        #expect(issue?.code == .unitNotActive)
        #expect(issue?.message.en.contains("2025-07-01") == true)
    }

    @Test func malformedAndUnknownPeriods() {
        var b = ReportBuilder()
        b.period = "46/2025"
        #expect(onlyError(b.check())?.code == .malformedPeriod)
        b.period = "2025-W53"
        #expect(onlyError(b.check())?.code == .unknownPeriod)
    }

    @Test func templateMismatchAndUnknownTemplate() {
        var b = ReportBuilder()
        b.version = "2.0"
        let issue = onlyError(b.check())
        #expect(issue?.code == .templateMismatch)
        #expect(issue?.message.en.contains("1.1") == true)
        b = ReportBuilder()
        b.template = "weekly"
        #expect(b.check().errors.map(\.code) == [.unknownTemplate])
    }

    @Test func missingHeaderFieldsAreAllReported() {
        var b = ReportBuilder()
        b.unit = ""
        b.period = ""
        let outcome = b.check(.csv)
        #expect(outcome.errors.map(\.code) == [.missingField, .missingField])
    }

    @Test func unknownCriterionSuggestsTheNearestId() {
        var b = ReportBuilder()
        b.set("dc.task_recieved", 3)
        let issue = onlyError(b.check())
        #expect(issue?.code == .unknownCriterion)
        #expect(issue?.criterionId == "dc.task_recieved")
        #expect(issue?.message.en.contains("did you mean \"Tasks and powers received by the commune level\" [dc.tasks_received]?") == true)
        #expect(
            issue?.message.vi.contains("có phải là “Số nhiệm vụ, thẩm quyền cấp xã tiếp nhận do phân cấp, phân quyền” [dc.tasks_received]?") == true)
    }

    @Test func missingRequiredCriterionAbsentOrEmpty() {
        var b = ReportBuilder()
        b.remove("hr.staff_in_post")
        #expect(onlyError(b.check())?.criterionId == "hr.staff_in_post")
        b = ReportBuilder()
        b.set("hr.staff_in_post", nil)
        let issue = onlyError(b.check(.csv))
        #expect(issue?.code == .missingCriterion)
        #expect(issue?.location.row != nil)
    }

    @Test func optionalCriterionMayBeLeftEmpty() {
        var b = ReportBuilder()
        b.set("fa.assets_reallocated", nil)
        #expect(b.check().errors.isEmpty)
    }

    /// What officers type out of habit is read as they mean it when it can mean nothing else: a date as 26/11/2025, a
    /// whole number with dots between groups of three, and the receipt says how it was read.
    @Test func vietnameseHabitsAreReadAsMeantAndSaidBack() throws {
        var b = ReportBuilder()
        b.set("gen.data_cutoff_date", "19/11/2025")
        b.set("hr.recruited", "1.134")
        b.set("it.avg_processing_days", "1.134")
        let outcome = b.check()
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        let values = Dictionary(uniqueKeysWithValues: try #require(outcome.report).values.map { ($0.criterionId, $0.value) })
        #expect(values["gen.data_cutoff_date"] == .date(LocalDate(year: 2025, month: 11, day: 19)))
        #expect(values["hr.recruited"] == .number(1134))
        #expect(values["it.avg_processing_days"] == .number(1.134), "in a decimal criterion the dot is a decimal point")
        let note = try #require(outcome.issues.first { $0.code == .readAs })
        #expect(note.severity == .note && note.criterionId == "hr.recruited")
        #expect(note.message.vi.contains("\"1.134\" được đọc là số 1134"))
        #expect(outcome.report?.warnings.isEmpty == true, "a note is said back, not stored as a warning")
        // Out of bounds once read: 1.134.000 people recruited in a week is refused as such.
        var big = ReportBuilder()
        big.set("hr.recruited", "1.134.000")
        #expect(onlyError(big.check())?.code == .outOfBounds)
    }

    @Test func wrongTypes() {
        let cases: [(String, Any)] = [
            ("hr.recruited", "mười"), ("hr.recruited", 2.5), ("it.avg_processing_days", "3,5"), ("gen.apparatus_smooth", "maybe"),
            ("gen.data_cutoff_date", "31/11/2025"), ("gen.data_cutoff_date", "19/11/25"), ("gen.contact", 12), ("hr.recruited", "1.23.456"),
            ("hr.recruited", "1.2345"),
        ]
        for (id, value) in cases {
            var b = ReportBuilder()
            b.set(id, value)
            let issue = onlyError(b.check())
            #expect(issue?.code == .wrongType, "\(id) = \(value)")
            #expect(issue?.criterionId == id)
        }
    }

    @Test func numbersWrittenAsTextAndYesNoInVietnameseAreRead() throws {
        var b = ReportBuilder()
        b.set("hr.recruited", " 12 ")
        b.set("it.online_on_time_rate", "95.5%")
        b.set("gen.apparatus_smooth", "Không")
        b.set("gen.overall_assessment", "khá")
        let report = try #require(b.check(.csv).report)
        let values = Dictionary(uniqueKeysWithValues: report.values.map { ($0.criterionId, $0.value) })
        #expect(values["hr.recruited"] == .number(12))
        #expect(values["it.online_on_time_rate"] == .number(95.5))
        #expect(values["gen.apparatus_smooth"] == .yesNo(false))
        #expect(values["gen.overall_assessment"] == .choice("Khá"))
    }

    @Test func valuesOutOfBounds() {
        for (id, value) in [("hr.recruited", -1.0), ("it.online_on_time_rate", 100.5), ("it.avg_processing_days", 366.0)] {
            var b = ReportBuilder()
            b.set(id, value)
            #expect(onlyError(b.check())?.code == .outOfBounds, "\(id)")
        }
    }

    @Test func choiceNotInTheListButDecomposedVietnameseMatches() {
        var b = ReportBuilder()
        b.set("gen.overall_assessment", "Xuất sắc")
        #expect(onlyError(b.check())?.code == .notInChoices)
        b.set("gen.overall_assessment", "Trung bình".decomposedStringWithCanonicalMapping)
        #expect(b.check().errors.isEmpty)
    }

    @Test func ruleViolatedIsAnErrorOrAWarningAsTheTemplateSays() throws {
        var b = ReportBuilder()
        b.set("dc.tasks_with_obstacles", 11)  // received is 10
        let issue = onlyError(b.check())
        #expect(issue?.code == .ruleViolated)
        // Said in the template's words with the values by their labels: never the rule's id or an "A ≤ B".
        #expect(
            issue?.message.vi
                == "Số nhiệm vụ gặp vướng mắc không thể lớn hơn số nhiệm vụ tiếp nhận. Báo cáo ghi: Số nhiệm vụ gặp khó khăn, vướng mắc khi thực hiện: 11; Số nhiệm vụ, thẩm quyền cấp xã tiếp nhận do phân cấp, phân quyền: 10."
        )
        #expect(issue?.message.vi.contains("obstacles-within-received") == false && issue?.message.vi.contains("≤") == false)

        b = ReportBuilder()
        b.set("dc.tasks_beyond_authority", 12)  // more than the 10 with obstacles: a warning
        let outcome = b.check()
        let report = try #require(outcome.report)
        #expect(report.warnings.map(\.code) == [.ruleViolated])
        #expect(outcome.warnings.first?.severity == .warning)
    }

    @Test func aRefusedValueDoesNotAlsoTriggerRules() {
        var b = ReportBuilder()
        b.set("dc.tasks_received", "many")
        #expect(b.check().errors.map(\.code) == [.wrongType])
    }

    @Test func textTooLong() {
        var b = ReportBuilder()
        b.set("gen.contact", String(repeating: "ộ", count: 201))
        #expect(onlyError(b.check())?.code == .textTooLong)
        b.set("gen.contact", String(repeating: "ộ", count: 200))
        #expect(b.check().errors.isEmpty)
    }

    @Test func duplicateCriterionInBothFormats() {
        var b = ReportBuilder()
        b.values.append(("hr.recruited", 4))
        for format in [ReportFormat.json, .csv] {
            let issue = onlyError(b.check(format))
            #expect(issue?.code == .duplicateCriterion, "\(format)")
            #expect(issue?.location.line == b.values.count + 6 - (format == .csv ? 1 : 0), "\(format)")
        }
    }

    @Test func narrativeFieldsAndAddressees() {
        var b = ReportBuilder()
        b.results = ["general": " "]
        #expect(onlyError(b.check())?.code == .missingText)
        b.results = nil
        #expect(onlyError(b.check())?.code == .missingText)
        b = ReportBuilder()
        b.difficulties = [["field": "weather", "text": "Bão lũ."]]
        #expect(onlyError(b.check())?.code == .unknownDifficultyField)
        b = ReportBuilder()
        b.recommendations = [["addressee": "ministry", "text": "Đề nghị."]]
        #expect(onlyError(b.check())?.code == .unknownAddressee)
        b.recommendations = [["addressee": "ministry:HN", "text": "Đề nghị."]]  // a province, not a ministry
        #expect(onlyError(b.check())?.code == .unknownAddressee)
        b.recommendations = [["addressee": "prime-minister", "text": String(repeating: "a", count: 4001)]]
        #expect(onlyError(b.check())?.code == .textTooLong)
        b.recommendations = [["addressee": "ministry:BXD; ministry:BXD", "text": "Đề nghị."]]
        #expect(onlyError(b.check())?.code == .unknownAddressee)
        b.recommendations = [["addressee": "ministry:BXD;", "text": "Đề nghị."]]  // an empty addressee after the semicolon
        #expect(onlyError(b.check())?.code == .unknownAddressee)
    }

    @Test func aRecommendationMayNameSeveralAddressees() throws {
        var b = ReportBuilder()
        b.recommendations = [["addressee": " ministry:BTC ;ministry:BXD; government", "text": "Đề nghị hướng dẫn sửa chữa trụ sở dôi dư."]]
        let report = try #require(b.check().report)
        let recommendation = try #require(report.recommendations.first)
        #expect(
            recommendation.addressees == [
                Addressee(code: "ministry", ministry: "BTC"), Addressee(code: "ministry", ministry: "BXD"),
                Addressee(code: "government"),
            ])
        #expect(recommendation.ministries == ["BTC", "BXD"])
        #expect(recommendation.addresseesKey == "ministry:BTC; ministry:BXD; government")
        #expect(Recommendation.addressees(parsing: recommendation.addresseesKey) == recommendation.addressees)
    }

    @Test func everyProblemIsReportedInOneGo() {
        var b = ReportBuilder()
        b.set("hr.recruited", -1)
        b.set("gen.overall_assessment", "?")
        b.set("nope", 1)
        b.remove("hr.trainees")
        b.difficulties = [["field": "x", "text": "y"]]
        let codes = Set(b.check().errors.map(\.code))
        #expect(codes == [.outOfBounds, .notInChoices, .unknownCriterion, .missingCriterion, .unknownDifficultyField])
    }

    @Test func aHugeFileIsCheckedWithoutFailing() {
        var b = ReportBuilder()
        b.results = ["general": String(repeating: "Kết quả đạt được. ", count: 300_000)]
        for i in 0..<20_000 { b.values.append(("x.unknown_\(i)", i)) }
        let outcome = b.check()
        // Every one found: the first 200 errors kept in full, the rest counted by code.
        let counted = Dictionary(uniqueKeysWithValues: outcome.moreErrors.map { ($0.code, $0.count) })
        #expect(outcome.errors.filter { $0.code == .unknownCriterion }.count + (counted[.unknownCriterion] ?? 0) == 20_000)
        #expect(outcome.errors.contains { $0.code == .textTooLong } || counted[.textTooLong] == 1)
    }
}

@Suite struct PeriodTimingTests {
    let validator = ReportValidator(catalog: shippedCatalog)

    @Test func aReportForAPeriodNotYetBegunIsRejected() {
        let b = ReportBuilder()  // 2025-W46 begins Thursday 13 November 2025, 00:00 in Vietnam
        let early = ISO8601DateFormatter().date(from: "2025-11-12T16:59:59Z")!
        let outcome = validator.check(Data(b.json().utf8), fileName: "r.json", receivedAt: early)
        #expect(outcome.errors.map(\.code) == [.periodNotStarted])
        let justInTime = ISO8601DateFormatter().date(from: "2025-11-12T17:00:00Z")!
        #expect(validator.check(Data(b.json().utf8), fileName: "r.json", receivedAt: justInTime).errors.isEmpty)
    }

    @Test func aReportForALongPastPeriodIsAcceptedWithItsDeadline() throws {
        var b = ReportBuilder()
        b.period = "2025-W30"
        let report = try #require(b.check().report)
        #expect(report.onTimeLimit == ISO8601DateFormatter().date(from: "2025-07-31T08:00:00+07:00"))
    }
}

@Suite struct EditDistanceTests {
    @Test func countsInsertionsDeletionsAndSubstitutions() {
        #expect(ReportValidator.editDistance("dc.task_recieved", "dc.tasks_received") == 3)
        #expect(ReportValidator.editDistance("", "abc") == 3)
        #expect(ReportValidator.editDistance("kitten", "sitting") == 3)
        #expect(ReportValidator.closest(to: "hr.recruted", in: ["hr.recruited", "hr.trainees"]) == "hr.recruited")
        #expect(ReportValidator.closest(to: "zzzzzzzz", in: ["hr.recruited"]) == nil)
    }
}

@Suite struct StrictReadingTests {
    @Test func aPercentageWrittenAsAFractionIsStoredWithAWarning() throws {
        var b = ReportBuilder()
        b.set("it.online_on_time_rate", 0.934)
        let report = try #require(b.check().report)
        let warning = try #require(report.warnings.first { $0.code == .percentageAsFraction })
        #expect(warning.criterionId == "it.online_on_time_rate" && warning.message.en.contains("if you meant 93.4%, write 93.4"))
        for plain in [0.0, 1.0, 93.4] {
            b.set("it.online_on_time_rate", plain)
            #expect(try #require(b.check().report).warnings.isEmpty, "\(plain)")
        }
    }

    @Test func jsonEscapesAndNumbersAreRFC8259Exactly() {
        let validator = ReportValidator(catalog: shippedCatalog)
        func errors(_ replace: String, _ with: String) -> [ValidationIssue] {
            validator.check(Data(ReportBuilder().json().replacingOccurrences(of: replace, with: with).utf8), fileName: "r.json").errors
        }
        // `UInt32(_:radix:)` took "\u+123" as U+0123.
        #expect(errors("\"Các xã", "\"\\u+123Các xã").first?.message.en.contains("four hexadecimal digits") == true)
        #expect(errors("\"dc.tasks_received\": 10", "\"dc.tasks_received\": NaN").first?.code == .malformedFile)
        #expect(errors("\"dc.tasks_received\": 10", "\"dc.tasks_received\": 0x10").first?.code == .malformedFile)
        #expect(errors("\"dc.tasks_received\": 10", "\"dc.tasks_received\": +10").first?.code == .malformedFile)
    }

    @Test func aListWhereAValueBelongsIsOneErrorNotAlsoMissing() {
        let text = ReportBuilder().json().replacingOccurrences(of: "\"dc.tasks_received\": 10", with: "\"dc.tasks_received\": [10]")
        let errors = ReportValidator(catalog: shippedCatalog).check(Data(text.utf8), fileName: "r.json").errors
        #expect(errors.map(\.code) == [.wrongType] && errors.first?.criterionId == "dc.tasks_received")
        let values = ReportBuilder().json().replacingOccurrences(of: "\"values\": {", with: "\"values\": [{").replacingOccurrences(
            of: "  },\n  \"results\"", with: "  }],\n  \"results\"")
        let whole = ReportValidator(catalog: shippedCatalog).check(Data(values.utf8), fileName: "r.json").errors
        #expect(whole.map(\.code) == [.malformedFile], "\(whole)")
    }
}
