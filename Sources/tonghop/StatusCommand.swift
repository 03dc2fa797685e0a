import ArgumentParser
import Foundation
import TonghopCore
import TonghopService
import TonghopSynthesis

extension Tonghop {
    /// `tonghop status`: the board of one period.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show who reported on time, late, or not at all for a period, and when the next deadline falls.",
            discussion: "Without --period: the latest period whose deadline has passed. A unit's first report decides whether it was on time.")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W46 or 2025-11.", valueName: "key"))
        var period: String?

        @Option(help: ArgumentHelp("Schedule id.", valueName: "id"))
        var schedule = "province-weekly"

        @Option(help: ArgumentHelp("The instant to look from, ISO 8601 with zone; default now. Later reports are not counted.", valueName: "instant"))
        var at: Date?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let catalog = try store.loadCatalog()
            let schedule = try resolveSchedule(catalog, id: schedule, period: nil)
            let boards = StatusBoards(catalog: catalog, archive: try store.openDatabase())
            let board = try readingDatabase { try boards.board(schedule, period: period, at: at ?? Date()).board }
            switch format {
            case .json: try printJSON(board)
            case .text: printText(board)
            }
        }

        private func printText(_ board: StatusBoard) {
            print("\(board.scheduleName) — \(board.scheduleId) \(board.periodKey) (\(board.firstDay) – \(board.lastDay))")
            print("Deadline \(VietnamTime.format(board.deadline)); as of \(VietnamTime.format(board.at))")
            let c = board.counts
            print(
                "\(c.expected) expected: \(c.onTime) on time, \(c.late) late, \(c.missing) missing"
                    + (c.pending > 0 ? ", \(c.pending) not yet reported" : ""))
            for unit in board.units {
                let detail: String =
                    switch unit.state {
                    case .onTime: "on time     reported \(VietnamTime.format(unit.reportedAt!))"
                    case .late: "LATE        reported \(VietnamTime.format(unit.reportedAt!)), \(describeDuration(unit.lateBySeconds ?? 0)) late"
                    case .missing: "MISSING     \(describeDuration(unit.overdueBySeconds ?? 0)) after the deadline"
                    case .pending: "not yet     the deadline is ahead"
                    }
                print("  \(unit.code.padding(toLength: 8, withPad: " ", startingAt: 0)) \(detail)  \(unit.name)")
            }
            let next = board.nextDeadline
            print("Next deadline: \(next.periodKey) at \(VietnamTime.format(next.deadline)), in \(describeDuration(next.secondsLeft))")
        }
    }
}

/// Runs a use case that reads the database, turning a failure into the documented exit status: a period or unit named
/// wrongly is a usage error (64), anything else the database's (74).
func readingDatabase<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RequestError {
        throw ValidationError("\(error)")
    } catch {
        printError("tonghop: cannot use the database: \(error)")
        throw ExitCode(ExitStatus.databaseUnavailable)
    }
}
