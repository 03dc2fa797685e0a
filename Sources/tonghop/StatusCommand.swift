import ArgumentParser
import Foundation
import TonghopCore
import TonghopService
import TonghopSynthesis

extension Tonghop {
    /// `tonghop status`: the board of one period.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show who reported on time, late, or not at all for a period, and when the next deadline falls.",
            discussion: "Without --period: the latest period whose deadline has passed. A unit's first report decides whether it was on time.")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W46 or 2025-11.", valueName: "key"))
        var period: String?

        @Option(help: ArgumentHelp("Schedule id (default: the first of schedules.yaml, the provinces' week).", valueName: "id"))
        var schedule: String?

        @Option(help: ArgumentHelp("The instant to look from, ISO 8601 with zone; default now. Later reports are not counted.", valueName: "instant"))
        var at: Date?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        @OptionGroup var language: LanguageOption

        func run() throws {
            let catalog = try store.loadCatalog()
            let schedule = try resolveSchedule(catalog, id: schedule, period: nil, language: language.language)
            let boards = StatusBoards(catalog: catalog, archive: try store.openDatabase())
            let board = try readingDatabase(language: language.language) { try boards.board(schedule, period: period, at: at ?? Date()).board }
            switch format {
            case .json: try printJSON(board, language: language.language)
            case .text: printText(board)
            }
        }

        private func printText(_ board: StatusBoard) {
            let language = language.language
            func say(_ key: MessageKey, _ arguments: MessageArguments = [:]) -> String { Message(key, arguments).text(in: language) }
            let period = MessageArgument.localized(vi: Language.vi.period(board.periodKey), en: board.periodKey)
            print(
                say(
                    .statusHeading,
                    [
                        "schedule": .text(board.scheduleName), "scheduleId": .text(board.scheduleId), "period": period,
                        "first": .date(board.firstDay), "last": .date(board.lastDay),
                    ]))
            print(say(.statusDeadline, ["deadline": .deadline(board.deadline), "at": .instant(board.at)]))
            let c = board.counts
            let counts: MessageArguments = [
                "expected": .count(c.expected), "onTime": .count(c.onTime), "late": .count(c.late), "missing": .count(c.missing),
                "pending": .count(c.pending),
            ]
            print(say(c.pending > 0 ? .statusCountsPending : .statusCounts, counts))
            // The missing first, as MoHA reads the board on a deadline's morning.
            for unit in board.unitsMissingFirst {
                let (state, detail): (String, String) =
                    switch unit.state {
                    case .onTime: (say(.statusOnTime), say(.statusReported, ["at": .instant(unit.reportedAt!)]))
                    case .late:
                        (say(.statusLate), say(.statusReportedLate, ["at": .instant(unit.reportedAt!), "late": .duration(unit.lateBySeconds ?? 0)]))
                    case .missing: (say(.statusMissing), say(.statusOverdue, ["overdue": .duration(unit.overdueBySeconds ?? 0)]))
                    case .pending: (say(.statusPending), say(.statusAhead))
                    case .untracked: (say(.statusUntracked), say(.statusBeforeTracking))
                    }
                print(
                    "  \(unit.code.padding(toLength: 8, withPad: " ", startingAt: 0)) \(state.padding(toLength: 13, withPad: " ", startingAt: 0)) \(detail)  \(unit.name)"
                )
            }
            let next = board.nextDeadline
            let nextPeriod = MessageArgument.localized(vi: Language.vi.period(next.periodKey), en: next.periodKey)
            print(say(.statusNext, ["period": nextPeriod, "deadline": .deadline(next.deadline), "left": .duration(next.secondsLeft)]))
        }
    }
}

/// Runs a use case that reads the database, turning a failure into the documented exit status: a period or unit named
/// wrongly is a usage error (64), anything else the database's (74).
func readingDatabase<T>(language: Language = .vi, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RequestError {
        throw ValidationError(error.message.text(in: language))
    } catch {
        printError("tonghop: cannot use the database: \(error)")
        throw ExitCode(ExitStatus.databaseUnavailable)
    }
}
