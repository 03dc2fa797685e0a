import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering
import TonghopService
import TonghopSynthesis

/// `GET /board`: the boards of the weekly schedules' periods (provinces and central reporters together), or of one
/// schedule's chosen period, with links to the periods around each. Staff only.
struct BoardPage: Sendable {
    let environment: ServiceEnvironment

    struct View: Sendable {
        var schedules: [Tab]
        var boards: [Board]
    }

    struct Tab: Sendable {
        var name: String
        var href: String
        var selected: Bool
    }

    struct Board: Sendable {
        var scheduleName: String
        var periodKey: String
        var periodName: String
        var previousName: String
        var nextName: String
        var isClosed: Bool
        var isFilling: Bool
        var fillingName: String
        var fillingHref: String
        var closedName: String
        var closedHref: String
        var firstDay: String
        var lastDay: String
        var deadline: String
        var at: String
        var deadlineAhead: Bool
        var timeLeft: String
        var overdue: String
        var counts: Counts
        var previousKey: String
        var previousHref: String
        var nextKey: String
        var nextHref: String
        var currentHref: String
        var units: [Tile]
        var nextDeadline: NextDeadline
        var synthesisHref: String
        var downloads: [LinkView]
        /// The period closed and staff have written no assessment of it: its synthesis goes without that section.
        var assessmentMissing: Bool
        var assessmentHref: String
    }

    struct Counts: Sendable {
        var expected: Int
        var onTime: Int
        var late: Int
        var missing: Int
        var pending: Int
        var accepted: Int
        var returned: Int
        /// Received, not yet reviewed.
        var unreviewed: Int
        /// Without a report in a period before the schedule is tracked.
        var untracked: Int
        var hasUntracked: Bool
    }

    /// A unit's tile: its state in words and colour.
    struct Tile: Sendable {
        var code: String
        var name: String
        var state: String
        var stateLabel: String
        var detail: String
        /// The staff's page of the report that counts, when there is one.
        var href: String?
        /// `received`, `accepted` or `returned`, and its words; nil with no report.
        var review: String?
        var reviewLabel: String?
    }

    struct NextDeadline: Sendable {
        var periodKey: String
        var periodName: String
        var deadline: String
        var timeLeft: String
    }

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let chosen = request.query("schedule")
        let at = try request.instantQuery("at") ?? environment.now()
        let atQuery = request.query("at").map { "&at=" + PageRoutes.queryEscaped($0) } ?? ""
        // In the order of schedules.yaml: the provinces first, theirs is the board MoHA watches on Thursday morning.
        let order = environment.catalog.scheduleOrder
        let schedules = order.compactMap { environment.catalog.schedules[$0] }
        let shown = try chosen.map { [try environment.schedule($0)] } ?? schedules.filter { $0.periodType.kind == .weekly }
        var boards: [Board] = []
        for schedule in shown {
            // The period that just closed while its missing units matter, then the one filling up (see `periodToWatch`).
            let (board, period) = try await environment.board(
                schedule, periodKey: chosen == nil ? nil : request.query("period"), fallback: "watch", at: at)
            var shownBoard = Self.board(board, schedule: schedule, period: period, at: at, atQuery: atQuery)
            if board.deadline <= at {
                let database = environment.database
                shownBoard.assessmentMissing = try await onDispatchThread {
                    try database.assessment(schedule: schedule.id, period: period.key, asOf: at) == nil
                }
            }
            boards.append(shownBoard)
        }
        let tabs =
            [Tab(name: "Các báo cáo tuần", href: "/board" + (atQuery.isEmpty ? "" : "?" + atQuery.dropFirst()), selected: chosen == nil)]
            + schedules.map { Tab(name: $0.name.vi, href: "/board?schedule=\($0.id)" + atQuery, selected: $0.id == chosen) }
        let view = View(schedules: tabs, boards: boards)
        return htmlResponse(environment.pages.render("board", title: "Bảng theo dõi", caller: context.signedIn, view: view))
    }

    static func board(_ board: StatusBoard, schedule: Schedule, period: Period, at: Date, atQuery: String) -> Board {
        let (previous, next) = (schedule.period(before: period).key, schedule.period(after: period).key)
        func href(_ key: String) -> String { "/board?schedule=\(schedule.id)&period=\(key)" + atQuery }
        let (filling, closed) = (schedule.nextDuePeriod(at: at), schedule.latestClosedPeriod(at: at))
        let vi = Language.vi
        return Board(
            scheduleName: board.scheduleName, periodKey: board.periodKey, periodName: vi.period(board.periodKey),
            previousName: vi.period(previous), nextName: vi.period(next), isClosed: period == closed, isFilling: period == filling,
            fillingName: vi.period(filling.key), fillingHref: href(filling.key), closedName: vi.period(closed.key), closedHref: href(closed.key),
            firstDay: VietnameseFormat.date(board.firstDay), lastDay: VietnameseFormat.date(board.lastDay), deadline: vi.deadline(board.deadline),
            at: VietnameseFormat.instant(board.at), deadlineAhead: board.deadline > board.at,
            timeLeft: VietnameseFormat.duration(board.deadline.timeIntervalSince(board.at)),
            overdue: VietnameseFormat.duration(board.at.timeIntervalSince(board.deadline)),
            counts: Counts(
                expected: board.counts.expected, onTime: board.counts.onTime, late: board.counts.late, missing: board.counts.missing,
                pending: board.counts.pending, accepted: board.counts.accepted, returned: board.counts.returned,
                unreviewed: board.counts.onTime + board.counts.late - board.counts.accepted - board.counts.returned,
                untracked: board.counts.untracked, hasUntracked: board.counts.untracked > 0),
            previousKey: previous, previousHref: href(previous), nextKey: next, nextHref: href(next),
            currentHref: "/board?schedule=\(schedule.id)" + atQuery, units: board.unitsMissingFirst.map(tile),
            nextDeadline: NextDeadline(
                periodKey: board.nextDeadline.periodKey, periodName: vi.period(board.nextDeadline.periodKey),
                deadline: vi.deadline(board.nextDeadline.deadline), timeLeft: VietnameseFormat.duration(board.nextDeadline.secondsLeft)),
            synthesisHref: "/synthesis/\(schedule.id)/\(board.periodKey)",
            downloads: PageRoutes.downloads(scheduleId: schedule.id, periodKey: board.periodKey, asOf: nil).map {
                LinkView(label: $0.label, href: $0.href)
            },
            assessmentMissing: false, assessmentHref: "/synthesis/\(schedule.id)/\(board.periodKey)#danh-gia")
    }

    static func tile(_ unit: StatusBoard.UnitStatus) -> Tile {
        // The board's words are the status command's, from the catalog.
        let detail: Message =
            switch unit.state {
            case .onTime: Message(.statusReported, ["at": .instant(unit.reportedAt ?? .distantPast)])
            case .late:
                Message(
                    .statusReportedLate,
                    ["at": .instant(unit.reportedAt ?? .distantPast), "late": .text(VietnameseFormat.lateness(unit.lateBySeconds ?? 0))])
            case .missing: Message(.statusOverdue, ["overdue": .duration(unit.overdueBySeconds ?? 0)])
            case .pending: Message(.statusAhead)
            case .untracked: Message(.statusBeforeTracking)
            }
        // A report's review in words on a white badge, so that its colour never carries the meaning alone and its text keeps
        // its contrast on every tile's colour.
        let review = unit.submissionId.map { _ in unit.review ?? .received }
        return Tile(
            code: unit.code, name: unit.name, state: unit.state.rawValue, stateLabel: VietnameseFormat.state(unit.state),
            detail: detail.vi + (unit.submissions > 1 ? " · \(unit.submissions) lần nộp" : ""),
            href: unit.submissionId.map { "/reports/\($0)" }, review: review?.rawValue, reviewLabel: review.map { $0.label.vi.capitalizedFirst })
    }
}
