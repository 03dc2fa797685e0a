import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

/// The validator's checks of what a report says of its unit's tasks, on Hà Nội's report of week 46.
@Suite struct TaskCheckTests {
    static let validator = ReportValidator(catalog: shippedCatalog)
    static let received = ISO8601.instant("2025-11-20T07:00:00+07:00")!

    /// Hà Nội's sample report with `entry` added at the head of its tasks.
    static func check(adding entry: String, at instant: Date = received) throws -> ValidationOutcome {
        let text = String(decoding: try Repo.sample("province-2025-W46/HN.json"), as: UTF8.self)
        #expect(text.contains("\"tasks\": {\n"))
        let changed = text.replacingOccurrences(of: "\"tasks\": {\n", with: "\"tasks\": {\n    \(entry),\n")
        return validator.check(Data(changed.utf8), fileName: "HN.json", receivedAt: instant)
    }

    static func onlyError(_ outcome: ValidationOutcome) -> ValidationIssue? {
        outcome.errors.count == 1 ? outcome.errors[0] : nil
    }

    @Test func theSampleReportSpeaksOfEveryTaskAndPasses() throws {
        let outcome = Self.validator.check(try Repo.sample("province-2025-W46/HN.json"), fileName: "HN.json", receivedAt: Self.received)
        #expect(outcome.issues.isEmpty, "\(outcome.issues)")
        #expect(outcome.report?.taskProgress.map(\.taskId).count == 5)
    }

    @Test func anUnknownTaskOrAnotherUnitsTaskIsRefused() throws {
        let unknown = try #require(Self.onlyError(try Self.check(adding: #""cv69-decree": {"status": "in-progress"}"#)))
        #expect(unknown.code == .unknownTask && unknown.location.line != nil)
        #expect(unknown.message.vi.contains("\"cv69-decree\""))
        let other = try #require(Self.onlyError(try Self.check(adding: #""cv69-decrees": {"status": "completed", "completedOn": "2025-06-14"}"#)))
        #expect(other.code == .taskNotAssigned && other.message.vi.contains("không giao cho Thành phố Hà Nội [HN]"))
    }

    @Test func aStatusIsOneOfThreeInCodeOrInVietnamese() throws {
        let missing = try #require(
            Self.onlyError(try Self.check(adding: #""cv171-personnel": {"note": "x"}"#, at: ISO8601.instant("2025-11-27T07:00:00+07:00")!)))
        #expect(missing.code == .taskProgress && missing.message.vi.contains("chưa ghi tình trạng"))
        let wrong = try #require(
            Self.onlyError(try Self.check(adding: #""cv171-personnel": {"status": "xong"}"#, at: ISO8601.instant("2025-11-27T07:00:00+07:00")!)))
        #expect(wrong.code == .taskProgress && wrong.message.vi.contains("“đã hoàn thành”, “đang thực hiện” hoặc “chưa thực hiện”"))
        let vietnamese = try Self.check(
            adding: #""cv171-personnel": {"status": "Đang thực hiện"}"#, at: ISO8601.instant("2025-11-27T07:00:00+07:00")!)
        #expect(vietnamese.report?.taskProgress.first { $0.taskId == "cv171-personnel" }?.status == .inProgress)
    }

    @Test func aCompletionDayGoesWithCompletedAndFallsBetweenAssignmentAndReceipt() throws {
        let at = ISO8601.instant("2025-11-27T07:00:00+07:00")!
        func error(_ entry: String) throws -> ValidationIssue? { Self.onlyError(try Self.check(adding: entry, at: at)) }
        #expect(try error(#""cv171-personnel": {"status": "completed"}"#)?.message.vi.contains("chưa ghi ngày hoàn thành") == true)
        #expect(try error(#""cv171-personnel": {"status": "in-progress", "completedOn": "2025-11-25"}"#)?.code == .taskProgress)
        #expect(
            try error(#""cv171-personnel": {"status": "completed", "completedOn": "2025-11-28"}"#)?.message.vi.contains(
                "sau ngày nhận báo cáo 27/11/2025") == true)
        #expect(
            try error(#""cv171-personnel": {"status": "completed", "completedOn": "2025-11-22"}"#)?.message.vi.contains(
                "trước ngày giao nhiệm vụ 23/11/2025") == true)
        #expect(try error(#""cv171-personnel": {"status": "completed", "completedOn": "25/13/2025"}"#)?.message.vi.contains("không hợp lệ") == true)
        // The day of receipt itself, written the Vietnamese way, is accepted.
        let same = try Self.check(adding: #""cv171-personnel": {"status": "completed", "completedOn": "27/11/2025"}"#, at: at)
        #expect(same.report?.taskProgress.first { $0.taskId == "cv171-personnel" }?.completedOn == LocalDate(iso: "2025-11-27"))
    }

    @Test func aWeeklyReportIsWarnedOfEachOpenTaskItLeavesOutAndAMonthlyOneIsNot() throws {
        let twice = try Self.check(adding: #""kl192-action-plan": {"status": "in-progress"}"#)
        #expect(twice.errors.map(\.code) == [.taskProgress], "a task given twice")
        // A week later, Dispatch 171's four tasks have been assigned: Hà Nội's report of week 46 does not name them.
        let outcome = Self.validator.check(
            try Repo.sample("province-2025-W46/HN.json"), fileName: "HN.json", receivedAt: ISO8601.instant("2025-11-27T07:00:00+07:00")!)
        #expect(outcome.warnings.map(\.code) == Array(repeating: .taskUnreported, count: 4))
        #expect(outcome.warnings.allSatisfy { $0.message.vi.contains("Công văn số 171/CV-BCĐ ngày 23/11/2025, hạn 31/12/2025") })
        // Tasks reported done before need not be named again.
        let done: CompletedTasks = ["HN": ["cv171-decentralization", "cv171-personnel", "cv171-facilities", "cv171-digital"]]
        let known = Self.validator.check(
            try Repo.sample("province-2025-W46/HN.json"), fileName: "HN.json", receivedAt: ISO8601.instant("2025-11-27T07:00:00+07:00")!,
            completedTasks: done)
        #expect(known.warnings.isEmpty)
        let monthly = Self.validator.check(try Repo.sample("monthly-2025-11/HN.json"), fileName: "m.json", receivedAt: Self.received)
        #expect(!monthly.warnings.contains { $0.code == .taskUnreported })
    }

    @Test func csvTaskRowsAreFieldsOfOneTaskEachGivenOnce() throws {
        func check(_ rows: String) -> ValidationOutcome {
            let text = String(decoding: try! Repo.sample("province-2025-W46/HP.csv"), as: UTF8.self) + rows
            return Self.validator.check(Data(text.utf8), fileName: "HP.csv", receivedAt: ISO8601.instant("2025-11-27T07:00:00+07:00")!)
        }
        let good = check(
            "task,cv171-digital.status,đã hoàn thành\ntask,cv171-digital.completedOn,26/11/2025\ntask,cv171-digital.product,Kế hoạch số 1/KH\n")
        #expect(good.errors.isEmpty)
        #expect(
            good.report?.taskProgress.first { $0.taskId == "cv171-digital" }
                == TaskProgress(
                    taskId: "cv171-digital", status: .completed, completedOn: LocalDate(iso: "2025-11-26"), product: "Kế hoạch số 1/KH"))
        let twice = check("task,cv171-digital.status,đang thực hiện\ntask,cv171-digital.status,chưa thực hiện\n")
        #expect(twice.errors.map(\.code) == [.taskProgress] && twice.errors[0].location.row != nil)
        let unknownField = check("task,cv171-digital.deadline,31/12/2025\n")
        #expect(unknownField.errors.first?.message.vi.contains("cv171-digital.status") == true)
    }
}
