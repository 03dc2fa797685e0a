import Foundation
import GRDB
import Testing
import TonghopCore
import TonghopSynthesis

@testable import TonghopIngest
@testable import TonghopService
@testable import TonghopStore

/// MoHA's review of a counted report: every transition and every refusal, the correction's due time and its flag, the
/// audit log, on both stores.
@Suite struct ReviewTests {
    let staff = Actor(name: "Nguyễn Văn A, Vụ Chính quyền địa phương", address: "10.0.0.5")
    let thursday = at("2025-11-20T10:00:00+07:00")

    func stored(_ db: any Storage, unit: String = "HN", recruited: Int = 10, time: String = "2025-11-20T07:00:00+07:00") throws -> Int64 {
        try #require(try submit(report(unit: unit, recruited: recruited), db, at: time).receipt).submissionId
    }

    @Test(arguments: StoreKind.allCases)
    func everyTransitionAndEveryRefusal(_ store: StoreKind) throws {
        let db = try store.make()
        let reviews = SubmissionReviews(catalog: catalog, storage: db)
        let id = try stored(db)
        // Received → returned (a reason required, criteria checked against the report's template).
        #expect(throws: ReviewRefusal.reasonMissing) { try reviews.decide(id, .return, reason: "  \n ", by: staff, at: thursday) }
        #expect(throws: ReviewRefusal.unknownCriterion("hr.nope")) {
            try reviews.decide(id, .return, reason: "Rà soát.", criteria: ["hr.nope"], by: staff, at: thursday)
        }
        #expect(throws: ReviewRefusal.reasonTooLong(limit: SubmissionReviews.longestReason)) {
            try reviews.decide(id, .return, reason: String(repeating: "ả", count: 2001), by: staff, at: thursday)
        }
        let returned = try reviews.decide(
            id, .return, reason: "Số người được tuyển dụng tăng bất thường;\nđề nghị rà soát, gửi lại.", criteria: ["hr.recruited", "hr.recruited"],
            by: staff, at: thursday)
        #expect(returned.state == .returned)
        #expect(returned.reason == "Số người được tuyển dụng tăng bất thường; đề nghị rà soát, gửi lại.")
        #expect(returned.criteria == ["hr.recruited"])
        #expect(returned.by == staff.name)
        // Returned on a Thursday at 10:00: due two working days later, Monday at 10:00 (Saturday and Sunday skipped).
        #expect(returned.correctionDue == at("2025-11-24T10:00:00+07:00"))
        // A returned report cannot be returned again or reopened; it can be accepted (the unit confirmed its figure).
        #expect(throws: ReviewRefusal.notAllowed(id, state: .returned, decision: .return)) {
            try reviews.decide(id, .return, reason: "Lại.", by: staff, at: thursday)
        }
        #expect(throws: ReviewRefusal.notAllowed(id, state: .returned, decision: .reopen)) {
            try reviews.decide(id, .reopen, reason: "Lại.", by: staff, at: thursday)
        }
        let accepted = try reviews.decide(id, .accept, by: staff, at: thursday.addingTimeInterval(60))
        #expect(accepted.state == .accepted && accepted.correctionDue == nil)
        #expect(throws: ReviewRefusal.notAllowed(id, state: .accepted, decision: .accept)) {
            try reviews.decide(id, .accept, by: staff, at: thursday.addingTimeInterval(120))
        }
        #expect(throws: ReviewRefusal.notAllowed(id, state: .accepted, decision: .return)) {
            try reviews.decide(id, .return, reason: "x", by: staff, at: thursday.addingTimeInterval(120))
        }
        #expect(throws: ReviewRefusal.reasonMissing) { try reviews.decide(id, .reopen, by: staff, at: thursday.addingTimeInterval(120)) }
        let reopened = try reviews.decide(id, .reopen, reason: "Cần xem lại.", by: staff, at: thursday.addingTimeInterval(180))
        #expect(reopened.state == .received)
        #expect(try reviews.trail(of: id).reviews.map(\.decision) == [.return, .accept, .reopen])
        #expect(throws: ReviewRefusal.unknownSubmission(999)) { try reviews.decide(999, .accept, by: staff, at: thursday) }
        // A report replaced by a later one is not reviewed: the later one is; reviewing changed nothing stored.
        let values = try db.values(submission: id)
        let later = try stored(db, recruited: 12, time: "2025-11-20T11:00:00+07:00")
        #expect(throws: ReviewRefusal.replaced(id, by: later)) { try reviews.decide(id, .accept, by: staff, at: thursday.addingTimeInterval(7200)) }
        #expect(try db.values(submission: id) == values)
        #expect(try reviews.queue(schedule: nil, period: nil, state: nil).map(\.submission.id) == [later])
        #expect(try reviews.queue(schedule: nil, period: nil, state: .received).map(\.state) == [.received])
        #expect(try reviews.queue(schedule: nil, period: nil, state: .returned).isEmpty)
    }

    @Test func theCorrectionIsDueTwoWorkingDaysLaterAtTheSameTime() {
        func due(_ iso: String, days: Int = 2) -> Date { Schedule.correctionDue(returnedAt: at(iso), workingDays: days) }
        #expect(due("2025-11-21T15:30:00+07:00") == at("2025-11-25T15:30:00+07:00"))  // Friday → Tuesday
        #expect(due("2025-11-22T09:00:00+07:00") == at("2025-11-25T09:00:00+07:00"))  // Saturday → Tuesday
        #expect(due("2025-11-23T23:59:59+07:00") == at("2025-11-25T23:59:59+07:00"))  // Sunday → Tuesday
        #expect(due("2025-11-24T00:00:00+07:00", days: 1) == at("2025-11-25T00:00:00+07:00"))  // Monday → Tuesday
        // The same in Vietnam whatever the instant's zone: 23:30 UTC on a Thursday is 06:30 on the Friday in Vietnam.
        #expect(due("2025-11-20T23:30:00Z") == at("2025-11-25T06:30:00+07:00"))
    }

    @Test(arguments: StoreKind.allCases)
    func aCorrectionNotReceivedByItsDueTimeIsFlaggedOnceAndResolvedWhenItArrives(_ store: StoreKind) throws {
        let db = try store.make()
        let reviews = SubmissionReviews(catalog: catalog, storage: db)
        let id = try stored(db, unit: "TH", recruited: 400)
        let other = try stored(db, unit: "HN")
        _ = try reviews.decide(id, .return, reason: "Rà soát số liệu tuyển dụng.", criteria: ["hr.recruited"], by: staff, at: thursday)
        _ = try reviews.decide(other, .return, reason: "Thiếu số liệu.", by: staff, at: thursday)
        let due = at("2025-11-24T10:00:00+07:00")
        // 09:59:59 on the due day: nothing overdue yet.
        #expect(try db.recordCorrectionFlags(at: due.addingTimeInterval(-1)).newlyFlagged.isEmpty)
        // HN's returned report accepted as it stands before its due time: never flagged.
        _ = try reviews.decide(other, .accept, by: staff, at: due.addingTimeInterval(-60))
        let first = try db.recordCorrectionFlags(at: due)
        #expect(first.newlyFlagged.map(\.submissionId) == [id])
        #expect(first.newlyFlagged.first?.due == due)
        #expect(try db.recordCorrectionFlags(at: due.addingTimeInterval(3600)).newlyFlagged.isEmpty)
        #expect(try db.recordCorrectionFlags(at: due.addingTimeInterval(3600)).outstanding.map(\.submissionId) == [id])
        // The correction arrives: the next check resolves the flag, keeping both times, and never flags again.
        let correction = try stored(db, unit: "TH", recruited: 40, time: "2025-11-24T15:00:00+07:00")
        let resolved = try db.recordCorrectionFlags(at: at("2025-11-24T16:00:00+07:00"))
        #expect(resolved.newlyResolved.map(\.resolvedBySubmissionId) == [correction])
        #expect(resolved.newlyResolved.first?.resolvedAt == at("2025-11-24T15:00:00+07:00"))
        #expect(resolved.outstanding.isEmpty)
        #expect(try db.recordCorrectionFlags(at: at("2025-11-25T16:00:00+07:00")).newlyFlagged.isEmpty)
        #expect(try db.correctionFlags().count == 1)
        // The correction is received again, not reviewed.
        #expect(try reviews.queue(schedule: nil, period: nil, state: nil).first { $0.submission.id == correction }?.state == .received)
    }

    @Test(arguments: StoreKind.allCases)
    func eachReturnHasItsOwnFlagAndDecisionsFollowOneAnother(_ store: StoreKind) throws {
        let db = try store.make()
        let reviews = SubmissionReviews(catalog: catalog, storage: db)
        let id = try stored(db, unit: "TH", recruited: 400)
        // A decision dated before the report arrived, or before the decision before it, is refused.
        #expect(throws: ReviewRefusal.outOfOrder(id, after: at("2025-11-20T07:00:00+07:00"))) {
            try reviews.decide(id, .accept, by: staff, at: at("2025-11-20T06:00:00+07:00"))
        }
        _ = try reviews.decide(id, .return, reason: "Rà soát.", by: staff, at: thursday)
        #expect(throws: ReviewRefusal.outOfOrder(id, after: thursday)) {
            try reviews.decide(id, .accept, by: staff, at: thursday.addingTimeInterval(-1))
        }
        #expect(try db.recordCorrectionFlags(at: at("2025-11-24T10:00:00+07:00")).newlyFlagged.count == 1)
        // Accepted (the unit confirmed its figure), reopened and returned again between two checks: the first flag is
        // resolved by the acceptance, the second return gets its own flag when its correction is late.
        _ = try reviews.decide(id, .accept, by: staff, at: at("2025-11-24T11:00:00+07:00"))
        _ = try reviews.decide(id, .reopen, reason: "Cần đối chiếu.", by: staff, at: at("2025-11-24T12:00:00+07:00"))
        let second = try reviews.decide(id, .return, reason: "Rà soát lại.", by: staff, at: at("2025-11-24T13:00:00+07:00"))
        #expect(second.correctionDue == at("2025-11-26T13:00:00+07:00"))
        let check = try db.recordCorrectionFlags(at: at("2025-11-24T14:00:00+07:00"))
        #expect(check.newlyResolved.map(\.resolvedAt) == [at("2025-11-24T11:00:00+07:00")])
        #expect(check.newlyFlagged.isEmpty && check.outstanding.isEmpty)
        let late = try db.recordCorrectionFlags(at: at("2025-11-26T13:00:00+07:00"))
        #expect(late.newlyFlagged.map(\.due) == [at("2025-11-26T13:00:00+07:00")])
        #expect(try db.correctionFlags().count == 2)
        // The queue asks by unit and state.
        _ = try stored(db, unit: "HN")
        #expect(try reviews.returned(unit: "TH").map(\.submission.id) == [id])
        #expect(try reviews.returned(unit: "HN").isEmpty)
        #expect(try reviews.queue(schedule: "province-weekly", period: "2025-W46", state: .received).map(\.submission.unitCode) == ["HN"])
    }

    @Test(arguments: StoreKind.allCases)
    func theLateCheckReportsOverdueCorrections(_ store: StoreKind) throws {
        let db = try store.make()
        let id = try stored(db, unit: "TH", recruited: 400)
        _ = try SubmissionReviews(catalog: catalog, storage: db).decide(id, .return, reason: "Rà soát.", by: staff, at: thursday)
        let result = try LateCheck(catalog: catalog, storage: db).run(at: at("2025-11-24T10:00:00+07:00"))
        #expect(result.corrections.newlyFlagged.map(\.submissionId) == [id])
        let notice = LateNotice(at: at("2025-11-24T10:00:00+07:00"), result: result, registry: catalog.registry, tasks: catalog.tasks)
        let text = notice.digest(in: .vi, catalog: catalog).joined(separator: "\n")
        #expect(text.contains("Quá hạn gửi lại báo cáo đã chỉnh sửa:"))
        #expect(text.contains("TH (Tỉnh Thanh Hóa), tuần 46 năm 2025: báo cáo số \(id) bị trả lại, hạn gửi lại 10:00 ngày 24/11/2025"))
    }

    @Test(arguments: StoreKind.allCases)
    func everyActionIsInTheAuditLogWithWhoAndWhere(_ store: StoreKind) throws {
        let db = try store.make()
        let tokens = AccessTokens(database: db)
        let issued = try tokens.issue(role: .staff, label: staff.name, registry: catalog.registry, by: Actor(name: "quản trị"), at: thursday)
        #expect(throws: AccessTokenError.self) { try tokens.issue(role: .staff, label: "  ", registry: catalog.registry, at: thursday) }
        let id = try stored(db)
        _ = try SubmissionReviews(catalog: catalog, storage: db).decide(id, .accept, by: staff, at: thursday)
        _ = try tokens.revoke(id: issued.record.id, by: Actor(name: "quản trị"), at: thursday.addingTimeInterval(60))
        #expect(try AuditTrail(storage: db).recordTemplates(of: catalog, by: .commandLine, at: thursday.addingTimeInterval(120)))
        // The same templates again: nothing new to record.
        #expect(try !AuditTrail(storage: db).recordTemplates(of: catalog, by: .commandLine, at: thursday.addingTimeInterval(180)))
        let entries = try db.auditEntries(since: nil, unit: nil)
        // In the order they were appended, each at its own instant (a report at its time of receipt).
        #expect(entries.map(\.action) == [.tokenCreated, .submissionStored, .submissionReviewed, .tokenRevoked, .templatesLoaded])
        let said = entries.map { AuditTrail.line($0, catalog: catalog, in: .vi) }
        #expect(said[0] == "10:00 ngày 20/11/2025  quản trị  cấp mã truy cập số 1 cho cán bộ Nguyễn Văn A, Vụ Chính quyền địa phương")
        #expect(said[1].hasSuffix("nhận báo cáo số \(id) của Thành phố Hà Nội, tuần 46 năm 2025, tệp r.json"))
        #expect(said[4].contains("nạp bộ mẫu báo cáo: "))
        #expect(!said[4].contains("province-weekly"))
        let review = try #require(entries.first { $0.action == .submissionReviewed })
        #expect(review.actor == staff && review.unitCode == "HN" && review.subjectId == id && review.detail == "accept")
        #expect(try db.auditEntries(since: thursday.addingTimeInterval(30), unit: nil).map(\.action) == [.tokenRevoked, .templatesLoaded])
        #expect(try db.auditEntries(since: nil, unit: "HN").map(\.action) == [.submissionStored, .submissionReviewed])
        let line = AuditTrail.line(review, catalog: catalog, in: .vi)
        #expect(line == "10:00 ngày 20/11/2025  Nguyễn Văn A, Vụ Chính quyền địa phương (10.0.0.5)  tiếp nhận báo cáo số \(id) của Thành phố Hà Nội")
    }

    @Test func theDatabaseRefusesToChangeOrDeleteADecisionOrAnEntry() throws {
        let db = try TonghopDatabase.inMemory()
        let id = try stored(db)
        _ = try db.review(ReviewRequest(submissionId: id, decision: .accept, reason: ""), by: staff, at: thursday)
        for sql in [
            "UPDATE review SET reason = 'x'", "DELETE FROM review", "UPDATE auditEntry SET actor = 'x'", "DELETE FROM auditEntry",
        ] {
            #expect(throws: DatabaseError.self) { try db.writer.write { try $0.execute(sql: sql) } }
        }
        #expect(try db.reviews(of: id).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func theSynthesisMarksAReturnedReportAndTheFigureItSwings(_ store: StoreKind) throws {
        let db = try store.make()
        // Eight weeks of steady recruitment in Thanh Hóa, then 400: an outlier and the whole national rise.
        let units = ["HN", "HP", "TH"]
        for week in 38...46 {
            for unit in units {
                let value = unit == "TH" && week == 46 ? 400 : 20
                let text = report(unit: unit, recruited: value).replacingOccurrences(of: "2025-W46", with: "2025-W\(week)")
                _ = try submit(text, db, name: "\(unit)-\(week).json", at: "2025-11-20T07:00:00+07:00")
            }
        }
        let th = try #require(try db.history(unit: "TH", period: "2025-W46", schedule: nil).first).id
        _ = try SubmissionReviews(catalog: catalog, storage: db).decide(
            th, .return, reason: "Đề nghị rà soát số người được tuyển dụng.", criteria: ["hr.recruited"], by: staff, at: thursday)
        let schedule = try #require(catalog.schedules["province-weekly"])
        let settings = try SynthesisSettingsLoader.load(directory: templates, catalog: catalog)
        let builder = SynthesisBuilder(catalog: catalog, settings: settings, archive: db)
        let synthesis = try builder.build(
            schedule: schedule, period: try schedule.period(forKey: "2025-W46").get(), asOf: thursday.addingTimeInterval(60))
        #expect(synthesis.dataQuality.returned.map(\.unit.code) == ["TH"])
        #expect(synthesis.dataQuality.returned.first?.criteria.map(\.id) == ["hr.recruited"])
        // The tidy part alone (the CSV's) says the same return.
        let tidy = try builder.build(
            schedule: schedule, period: try schedule.period(forKey: "2025-W46").get(), asOf: thursday.addingTimeInterval(60), scope: .tidy)
        #expect(tidy.dataQuality.returned.map(\.unit.code) == ["TH"])
        #expect(tidy.dataQuality.returned.first?.reason == synthesis.dataQuality.returned.first?.reason)
        #expect(synthesis.unitTable.rows.first { $0.unit.code == "TH" }?.review == .returned)
        #expect(synthesis.unitTable.rows.first { $0.unit.code == "HN" }?.review == nil)
        let recruited = try #require(synthesis.figures.flatMap(\.figures).first { $0.criterionId == "hr.recruited" })
        #expect(recruited.change == 380)
        #expect(recruited.swing?.unit.code == "TH" && recruited.swing?.cause == .returned && recruited.swing?.changeWithout == 0)
        // Before the return, the same figure is swung by an outlier.
        let before = try builder.build(
            schedule: schedule, period: try schedule.period(forKey: "2025-W46").get(), asOf: thursday.addingTimeInterval(-60))
        #expect(before.figures.flatMap(\.figures).first { $0.criterionId == "hr.recruited" }?.swing?.cause == .outlier)
        #expect(before.dataQuality.returned.isEmpty)
    }
}
