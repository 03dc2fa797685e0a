import ArgumentParser
import Foundation
import TonghopCore
import TonghopService

extension Tonghop {
    /// `tonghop review`: MoHA's review of the reports it counts.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "Accept a report, return it for correction with a reason, reopen an accepted one; list the reports by review state.",
            discussion: """
                A report is received (not yet reviewed), accepted, or returned. A returned report still counts until the unit \
                sends its correction, which is due the schedule's working days later (schedules.yaml, correctionWorkingDays; \
                2 by default) and is received again; an accepted report can be reopened with a reason. Reviewing never changes \
                or deletes what was stored; every decision is in the audit log (`tonghop audit`).
                Exit status: 0 recorded, 65 refused (unknown or replaced report, a decision its state does not allow, no reason).
                """,
            subcommands: [Accept.self, Return.self, Reopen.self, List.self, Show.self])

        /// What every decision takes: the report, who decides, when.
        struct DecisionOptions: ParsableArguments {
            @OptionGroup var store: StoreOptions

            @Argument(help: ArgumentHelp("The report's id, as `history`, `review list` and receipts show it.", valueName: "id"))
            var id: Int64

            @Option(help: ArgumentHelp("Who decides, as the audit log names them; default the system account.", valueName: "name"))
            var by: String?

            @Option(help: ArgumentHelp("The instant of the decision, ISO 8601 with zone; default now.", valueName: "instant"))
            var at: Date?

            @OptionGroup var language: LanguageOption

            @Option(help: "Output format.")
            var format: OutputFormat = .text

            func decide(_ decision: ReviewDecision, reason: String = "", criteria: [String] = []) throws {
                let catalog = try store.loadCatalog()
                // A return is mailed to the unit (queued with the decision) when synthesis.yaml names a sender.
                let settings = try store.loadSynthesisSettings(catalog: catalog)
                let reviews = SubmissionReviews(
                    catalog: catalog, storage: try store.openDatabase(),
                    notices: NoticeWriter(catalog: catalog, settings: settings))
                let actor = by.map { Actor(name: $0.withoutControlCharacters) } ?? .commandLine
                let language = language.language
                let review: TonghopCore.Review
                do {
                    review = try reviews.decide(id, decision, reason: reason, criteria: criteria, by: actor, at: at ?? Date())
                } catch let refusal as ReviewRefusal {
                    printError("tonghop: " + refusal.message.text(in: language))
                    throw ExitCode(ExitStatus.rejected)
                }
                let submission = try reviews.trail(of: id).submission
                switch format {
                case .json: try printJSON(review, language: language)
                case .text:
                    print(
                        Message(
                            .reviewRecorded,
                            [
                                "id": .count(Int(id)), "unit": .text(catalog.registry.name(of: submission.unitCode) ?? submission.unitCode),
                                "period": .period(submission.periodKey), "state": .message(review.state.label),
                            ]
                        ).text(in: language))
                    if let due = review.correctionDue { print(Message(.reviewCorrectionDue, ["due": .deadline(due)]).text(in: language)) }
                }
            }
        }

        struct Accept: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept a report as it stands (\"đã tiếp nhận\").")

            @OptionGroup var options: DecisionOptions

            func run() throws { try options.decide(.accept) }
        }

        struct Return: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "return",
                abstract: "Return a report to its unit for correction (\"trả lại để chỉnh sửa\"), with a reason.")

            @OptionGroup var options: DecisionOptions

            @Option(help: ArgumentHelp("Why, in Vietnamese, as the unit will read it (required).", valueName: "text"))
            var reason: String

            @Option(
                name: .customLong("criterion"),
                help: ArgumentHelp("A criterion the reason is about, by id (repeat for several).", valueName: "id"))
            var criteria: [String] = []

            func run() throws { try options.decide(.return, reason: reason, criteria: criteria) }
        }

        struct Reopen: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "reopen", abstract: "Open an accepted report again for review, with a reason.")

            @OptionGroup var options: DecisionOptions

            @Option(help: ArgumentHelp("Why (required).", valueName: "text"))
            var reason: String

            func run() throws { try options.decide(.reopen, reason: reason) }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list", abstract: "List the reports that count, with their review state, oldest first.")

            @OptionGroup var store: StoreOptions

            @Option(help: ArgumentHelp("Only this schedule.", valueName: "id"))
            var schedule: String?

            @Option(help: ArgumentHelp("Only this period, e.g. 2025-W46.", valueName: "key"))
            var period: String?

            @Option(help: ArgumentHelp("Only reports in this state: received, accepted or returned.", valueName: "state"))
            var state: String?

            @OptionGroup var language: LanguageOption

            @Option(help: "Output format.")
            var format: OutputFormat = .text

            func validate() throws {
                if let state, ReviewState(rawValue: state) == nil {
                    throw ValidationError(
                        Message(
                            .reviewStateUnknown,
                            ["state": .quoted(state), "states": .alternatives(ReviewState.allCases.map(\.rawValue))]
                        ).text(in: language.language))
                }
            }

            func run() throws {
                let catalog = try store.loadCatalog()
                let reviews = SubmissionReviews(catalog: catalog, storage: try store.openDatabase())
                let items = try readingDatabase(language: language.language) {
                    try reviews.queue(schedule: schedule, period: period, state: state.flatMap(ReviewState.init(rawValue:)))
                }
                let language = language.language
                switch format {
                case .json: try printJSON(items.map(QueueEntry.init), language: language)
                case .text:
                    if items.isEmpty { print(Message(.reviewListNone).text(in: language)) }
                    for item in items {
                        let s = item.submission
                        print(
                            Message(
                                .reviewListLine,
                                [
                                    "id": .count(Int(s.id)), "unit": .text(s.unitCode),
                                    "unitName": .text(catalog.registry.name(of: s.unitCode) ?? ""),
                                    "schedule": .text(s.scheduleId), "period": .period(s.periodKey), "received": .instant(s.receivedAt),
                                    "warnings": .count(s.warningCount), "state": .message(item.state.label),
                                ]
                            ).text(in: language))
                        if let review = item.review { ReviewTrail.print(review, catalog: catalog, of: s, language: language) }
                    }
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a report's review trail, oldest decision first.")

            @OptionGroup var store: StoreOptions

            @Argument(help: ArgumentHelp("The report's id.", valueName: "id"))
            var id: Int64

            @OptionGroup var language: LanguageOption

            @Option(help: "Output format.")
            var format: OutputFormat = .text

            func run() throws {
                let catalog = try store.loadCatalog()
                let reviews = SubmissionReviews(catalog: catalog, storage: try store.openDatabase())
                let language = language.language
                let trail: (submission: SubmissionSummary, reviews: [TonghopCore.Review])
                do {
                    trail = try reviews.trail(of: id)
                } catch let refusal as ReviewRefusal {
                    printError("tonghop: " + refusal.message.text(in: language))
                    throw ExitCode(ExitStatus.rejected)
                }
                switch format {
                case .json: try printJSON(trail.reviews, language: language)
                case .text:
                    let state = trail.reviews.last?.state ?? .received
                    print("\(trail.submission.unitCode) \(Language.vi.period(trail.submission.periodKey)): " + state.label.text(in: language))
                    for review in trail.reviews {
                        ReviewTrail.print(review, catalog: catalog, of: trail.submission, language: language)
                    }
                }
            }
        }

        /// A report in `review list --format json`: the submission, its state, its latest decision.
        struct QueueEntry: Encodable {
            var submission: SubmissionSummary
            var state: ReviewState
            var review: TonghopCore.Review?

            init(_ item: ReviewQueueItem) {
                (submission, state, review) = (item.submission, item.state, item.review)
            }
        }
    }
}

/// A decision as the command line prints it under its report: when, who, what, why, which criteria, by when.
enum ReviewTrail {
    static func print(_ review: TonghopCore.Review, catalog: Catalog, of submission: SubmissionSummary, language: Language) {
        var parts = [
            Message(.reviewTrailLine, ["at": .instant(review.at), "by": .text(review.by), "decision": .message(review.decision.label)]).text(
                in: language)
        ]
        if !review.reason.isEmpty { parts.append(Message(.reviewTrailReason, ["reason": .text(review.reason)]).text(in: language)) }
        if !review.criteria.isEmpty {
            // The criteria by the labels of the report's own template version, as the pages name them.
            let template = catalog.template(submission.templateId, version: submission.templateVersion)
            let labels = review.criteria.map { id in template?.criterion(id).map { language == .vi ? $0.label.vi : $0.label.en } ?? id }
            parts.append(Message(.reviewTrailCriteria, ["criteria": .list(labels)]).text(in: language))
        }
        if let due = review.correctionDue { parts.append(Message(.reviewCorrectionDue, ["due": .deadline(due)]).text(in: language)) }
        // One sentence a part: a reason's own full stop is not written twice.
        let sentences = parts.map { part in part.hasSuffix(".") ? String(part.dropLast()) : part }
        Swift.print("    " + sentences.joined(separator: ". ") + ".")
    }
}
