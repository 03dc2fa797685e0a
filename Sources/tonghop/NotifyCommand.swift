import ArgumentParser
import Foundation
import TonghopCore
import TonghopMail
import TonghopService

extension Tonghop {
    /// `tonghop notify`: delivers the outbox once (the service delivers it by itself while it runs).
    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify",
            abstract: "Send the mail waiting in the outbox (receipts, returns, reminders, digests) to the mail server, once.",
            discussion: """
                The server is TONGHOP_SMTP_URL (smtp://host:port with STARTTLS when offered, smtps://host:port), with \
                TONGHOP_SMTP_USER and TONGHOP_SMTP_PASSWORD_FILE when it asks for an account, TONGHOP_SMTP_CA to trust a \
                certificate of its own; the sender is `notices.from` in synthesis.yaml. A message the server could not take \
                is tried again later (after 1, 5, 15 minutes, then 1 to 24 hours), and given up after about two days or when the \
                server refuses the message itself. A reminder to a unit that has reported since, or past its deadline, is withdrawn.
                Exit status: 0 nothing failed, 75 some message is waiting for another try or was given up.
                """)

        @OptionGroup var store: StoreOptions

        @Flag(help: "List what waits and what was given up, instead of sending.")
        var status = false

        @Option(help: ArgumentHelp("The instant to send at, ISO 8601 with zone; default now.", valueName: "instant"))
        var at: Date?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() async throws {
            let database = try store.openDatabase()
            if status {
                let unsent = try database.unsentMessages()
                switch format {
                case .json: try printJSON(unsent)
                case .text:
                    if unsent.isEmpty { print("Không có thư nào đang chờ gửi.") }
                    for message in unsent {
                        let state =
                            message.failedAt.map { "đã ngừng gửi lúc \(Language.vi.instant($0))" }
                            ?? "chờ gửi, lần thử tiếp theo lúc \(Language.vi.instant(message.nextAttemptAt))"
                        let kinds: [NoticeKind: String] = [.receipt: "biên nhận", .return: "trả lại", .reminder: "nhắc hạn", .digest: "tổng hợp"]
                        print(
                            "số \(message.id)  \(kinds[message.kind] ?? "")  \(message.to.joined(separator: ", "))  \(message.subject)  \(state)"
                                + "  (\(message.attempts) lần thử\(message.lastError.map { "; lỗi gần nhất: \($0)" } ?? ""))")
                    }
                }
                return
            }
            let catalog = try store.loadCatalog()
            let settings = try store.loadSynthesisSettings(catalog: catalog)
            guard let from = settings.notices.from else {
                throw ValidationError("synthesis.yaml has no notices.from: tonghop sends no mail")
            }
            guard let smtp = try MailOptions.settings() else { throw ValidationError("TONGHOP_SMTP_URL is not set: where should mail go?") }
            // A reminder to a unit that has reported since it was queued, or past its deadline, is withdrawn, not sent.
            let reminders = Reminders(
                catalog: catalog, storage: database, writer: NoticeWriter(catalog: catalog, settings: settings))
            let sender = MailSender(
                outbox: database, transport: SMTPTransport(settings: smtp), from: from, fromName: settings.submission.office,
                withdrawal: { try reminders.withdrawal($0, at: $1) })
            let now = at
            let round = try await sender.sendDue(now: { now ?? Date() })
            switch format {
            case .json:
                try printJSON(["sent": round.sent, "retrying": round.retrying, "givenUp": round.givenUp, "withdrawn": round.withdrawn])
            case .text:
                print(
                    "Đã gửi \(round.sent) thư; \(round.retrying) thư sẽ được gửi lại; \(round.givenUp) thư đã ngừng gửi; "
                        + "\(round.withdrawn) thư nhắc hạn không còn cần gửi.")
            }
            if round.retrying > 0 || round.givenUp > 0 { throw ExitCode(ExitStatus.notificationFailed) }
        }
    }

    /// `tonghop remind`: queues the reminders whose time has come (run by a timer).
    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remind",
            abstract: "Queue a reminder to each unit that has not reported, a day and two hours before each deadline (run by a timer).",
            discussion: """
                The hours are each schedule's `reminders` in schedules.yaml (default [24, 2]). Each unit is reminded once per \
                period and offset however often this runs, never after it reported, never for a period before its schedule's \
                `trackedFrom`. The reminders wait in the outbox: `serve` sends them, or `tonghop notify`.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("The instant to remind at, ISO 8601 with zone; default now.", valueName: "instant"))
        var at: Date?

        @Option(help: ArgumentHelp("Only this schedule.", valueName: "id"))
        var schedule: String?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let catalog = try store.loadCatalog()
            if let schedule, catalog.schedules[schedule] == nil { throw ValidationError("\"\(schedule)\" is not a schedule") }
            let settings = try store.loadSynthesisSettings(catalog: catalog)
            let writer = NoticeWriter(catalog: catalog, settings: settings)
            let outcome = try readingDatabase {
                try Reminders(catalog: catalog, storage: try store.openDatabase(), writer: writer).run(at: at ?? Date(), schedule: schedule)
            }
            switch format {
            case .json:
                struct Queued: Encodable {
                    var queued: Int
                    var withoutAddress: [String]
                }
                try printJSON(Queued(queued: outcome.queued.values.reduce(0, +), withoutAddress: outcome.withoutAddress))
            case .text:
                if settings.notices.from == nil { print("synthesis.yaml chưa khai báo notices.from: hệ thống không gửi thư.") }
                print("Đã xếp \(outcome.queued.values.reduce(0, +)) thư nhắc hạn nộp vào hộp thư đi.")
                if !outcome.withoutAddress.isEmpty {
                    print("Đơn vị chưa có địa chỉ thư điện tử trong units.yaml: \(outcome.withoutAddress.joined(separator: ", ")).")
                }
            }
        }
    }
}
