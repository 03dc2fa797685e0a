import Foundation
import Hummingbird
import TonghopCore
import TonghopService
import TonghopSynthesis

/// `GET /api/v1/status/{schedule}`: who has reported for a period, as the board page shows it.
struct StatusController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to group: RouterGroup<TonghopRequestContext>) {
        group.get("status/:schedule", use: status)
    }

    /// `period` is a key, `current` (default: the period whose deadline is next) or `latest`; `at` an instant (default now).
    @Sendable func status(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let schedule = try environment.schedule(try context.parameters.require("schedule"))
        let (board, _) = try await environment.board(
            schedule, periodKey: request.query("period"), at: try request.instantQuery("at") ?? environment.now())
        return try jsonResponse(board)
    }
}

extension ServiceEnvironment {
    /// The schedule with this id; 404 when there is none.
    func schedule(_ id: String) throws -> Schedule {
        do { return try catalog.schedule(id: id, impliedBy: nil) } catch { throw APIError(error) }
    }

    /// The board of a period given by key, `current`, `latest` or `watch` (`fallback` without one), and that period.
    func board(_ schedule: Schedule, periodKey: String?, fallback: String = "current", at: Date) async throws -> (StatusBoard, Period) {
        let boards = self.boards
        do {
            return try await onDispatchThread { try boards.board(schedule, period: periodKey, fallback: fallback, at: at) }
        } catch let error as RequestError {
            throw APIError(error)
        }
    }
}
