import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering

/// `GET /`: the next deadline of each schedule and the time left.
struct HomePage: Sendable {
    let environment: ServiceEnvironment

    struct View: Sendable {
        struct Deadline: Sendable {
            var scheduleName: String
            /// "tuần 49 năm 2026".
            var periodName: String
            /// "08:00 ngày 10/12/2026", or "hết ngày 07/12/2026" for midnight.
            var deadline: String
            var timeLeft: String
        }

        var deadlines: [Deadline]
        var now: String
    }

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let now = environment.now()
        let deadlines = environment.catalog.schedules.values.sorted { $0.id < $1.id }.map { schedule in
            let next = schedule.nextDuePeriod(at: now)
            let limit = schedule.onTimeLimit(of: next)
            return View.Deadline(
                scheduleName: schedule.name.vi, periodName: Language.vi.period(next.key), deadline: Language.vi.deadline(limit),
                timeLeft: VietnameseFormat.duration(limit.timeIntervalSince(now)))
        }
        let view = View(deadlines: deadlines, now: VietnameseFormat.instant(now))
        return htmlResponse(environment.pages.render("index", title: "Trang chủ", caller: context.signedIn, view: view))
    }
}
