import Foundation
import TonghopCore
import TonghopStore

/// The cron job's work: flag, once, each expected unit with no report for each period whose deadline has passed.
public enum LateCheck {
    /// Runs the check at `at` for every schedule (or one), over the periods from `since` (default: the first day any
    /// unit in the registry exists).
    public static func run(catalog: Catalog, database: TonghopDatabase, at: Date, since: LocalDate? = nil, schedule: String? = nil) throws -> LateCheckResult {
        let start = since ?? catalog.registry.units.map(\.validFrom).min() ?? VietnamTime.date(of: at)
        var expected: [(period: Period, deadline: Date, units: [String])] = []
        for candidate in catalog.schedules.values.sorted(by: { $0.id < $1.id }) where schedule == nil || candidate.id == schedule {
            for period in candidate.closedPeriods(from: start, at: at) {
                let units = catalog.registry.expectedUnits(for: period).map(\.code)
                if !units.isEmpty { expected.append((period, candidate.onTimeLimit(of: period), units)) }
            }
        }
        return try database.recordLateFlags(expected: expected, at: at, schedule: schedule)
    }
}
