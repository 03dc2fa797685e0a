import Foundation
import TonghopCore
import TonghopSynthesis

/// The status boards of periods as seen at an instant: the use case behind `tonghop status`, the board pages and the API.
public struct StatusBoards: Sendable {
    public let catalog: Catalog
    public let archive: any SubmissionArchive

    public init(catalog: Catalog, archive: any SubmissionArchive) {
        self.catalog = catalog
        self.archive = archive
    }

    /// The board of a period named by key, `current` or `latest` (`fallback` without a name), as seen at `at`.
    public func board(_ schedule: Schedule, period name: String?, fallback: String = "latest", at: Date) throws -> (
        board: StatusBoard, period: Period
    ) {
        let period = try schedule.period(named: name, default: fallback, at: at)
        return (try StatusBoard.build(schedule: schedule, period: period, at: at, registry: catalog.registry, archive: archive), period)
    }
}
