import Foundation
import Hummingbird
import TonghopCore
import TonghopService

/// `GET /api/v1/tasks`: the directives' tasks and where each unit stands on them, as `tonghop tasks --format json` gives
/// them. Staff read every unit's (or one's, `unit=`); a unit's token reads its own only.
struct TaskController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to group: RouterGroup<TonghopRequestContext>) {
        group.get("tasks", use: tasks)
    }

    /// `unit` a code, `state` a state's code, `at` an instant (default now).
    @Sendable func tasks(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let listing = try await environment.taskListing(
            unit: request.query("unit"), state: request.query("state"), at: try request.instantQuery("at") ?? environment.now(), context: context)
        return try jsonResponse(listing)
    }
}

extension ServiceEnvironment {
    /// The task listing a caller may read: staff any unit's or all, a unit its own (its code whatever `unit` says, 403 for
    /// another's); 404 for an unknown unit, 400 for an unknown state.
    func taskListing(unit: String?, state: String?, at: Date, context: TonghopRequestContext) async throws -> TaskListing {
        var unit = unit
        switch context.caller {
        case .staff: break
        case .unit(let own):
            if let asked = unit, catalog.registry.unit(named: asked)?.code != own { try context.requireReader(of: asked) }
            unit = own
        case nil: throw APIError.noToken
        }
        let (tasks, unitAsked) = (self.tasks, unit)
        do {
            return try await onDispatchThread { try tasks.listing(at: at, unit: unitAsked, state: state) }
        } catch let error as RequestError {
            throw APIError(error)
        }
    }
}
