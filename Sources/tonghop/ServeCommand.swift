import ArgumentParser
import Foundation
import Logging
import TonghopCore
import TonghopMail
import TonghopServer
import TonghopService

extension Tonghop {
    /// `tonghop serve`: the HTTP service for uploads, the status board and downloads.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run the HTTP service: authenticated uploads with receipts, the live status board, form and synthesis downloads.",
            discussion: """
                Tokens come from `tonghop token create`. The JSON API is under /api/v1 (see the README); the pages are /, /upload, \
                /signin, /board and /synthesis/<schedule>/<period>. SIGTERM or SIGINT stops the service after the requests in flight \
                have finished, so no submission being received is lost. Logs go to standard error (LOG_LEVEL=debug for more).
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Address to listen on; 0.0.0.0 for every interface.", valueName: "address"))
        var host = "127.0.0.1"

        @Option(help: ArgumentHelp("Port to listen on; 0 picks a free one (printed at start).", valueName: "port"))
        var port = 8080

        @Option(name: .customLong("max-upload"), help: ArgumentHelp("Largest request body accepted, in KiB.", valueName: "KiB"))
        var maxUploadKiB = 10 * 1024

        @Option(
            name: .customLong("body-timeout"),
            help: ArgumentHelp(
                "Seconds a request's body may take to arrive; then 408 and the connection is closed.", valueName: "seconds"))
        var bodyTimeout = 30

        @Option(
            name: .customLong("idle-timeout"),
            help: ArgumentHelp(
                "Seconds a connection may stay idle, or take to send a request's head, before it is closed.", valueName: "seconds"))
        var idleTimeout = 60

        @Flag(name: .customLong("secure-cookies"), help: "Send the sign-in cookie over HTTPS only (behind a TLS proxy).")
        var secureCookies = false

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard maxUploadKiB > 0 else { throw ValidationError("--max-upload must be at least 1 KiB") }
            guard bodyTimeout > 0, idleTimeout > bodyTimeout else {
                throw ValidationError(
                    "--body-timeout must be at least 1 second and --idle-timeout longer than it (a stalled body gets its 408 first)")
            }
        }

        func run() async throws {
            let catalog = try store.loadCatalog()
            let tools = try store.loadSynthesisTools(catalog: catalog)
            let pages: PageRenderer
            do {
                pages = try PageRenderer(
                    directory: URL(fileURLWithPath: store.templatesPath).appendingPathComponent("pages"), registry: catalog.registry)
            } catch {
                printError("tonghop: \(error)")
                throw ExitCode(ExitStatus.badTemplates)
            }
            let database = try store.openDatabase()
            do {
                // A template set loaded with a new version is in the audit log, with the service's account.
                try AuditTrail(storage: database).recordTemplates(of: catalog, by: .commandLine, at: Date())
            } catch {
                printError("tonghop: cannot use the database: \(error)")
                throw ExitCode(ExitStatus.databaseUnavailable)
            }
            let environment = ServiceEnvironment(
                catalog: catalog, database: database, synthesisSettings: tools.settings, renderer: tools.renderer, pages: pages,
                maxUploadBytes: maxUploadKiB * 1024, bodyTimeout: .seconds(bodyTimeout), idleTimeout: .seconds(idleTimeout),
                secureCookies: secureCookies)
            // Each connection is a file descriptor: take the most the system allows (systemd's LimitNOFILE sets it).
            var files = rlimit()
            if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files) == 0, files.rlim_cur < files.rlim_max {
                files.rlim_cur = files.rlim_max
                _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &files)
            }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
                return handler
            }
            let host = self.host
            let app = buildApplication(environment, address: ServerAddress(host: host, port: port), logger: Logger(label: "tonghop")) { port in
                // One line on standard output, so that scripts (and the tests) can learn a port picked with --port 0.
                FileHandle.standardOutput.write(Data("tonghop: listening on http://\(host):\(port)\n".utf8))
            }
            // The outbox, delivered while the service runs: every 30 seconds, what is due.
            var delivery: Task<Void, Never>?
            if let smtp = try MailOptions.settings(), let from = tools.settings.notices.from {
                let reminders = Reminders(catalog: catalog, storage: database, writer: environment.noticeWriter)
                let sender = MailSender(
                    outbox: database, transport: SMTPTransport(settings: smtp), from: from, fromName: tools.settings.submission.office,
                    withdrawal: { try reminders.withdrawal($0, at: $1) })
                delivery = Task.detached {
                    while !Task.isCancelled {
                        do {
                            _ = try await sender.sendDue()
                        } catch {
                            // The database failed: said on standard error (the journal), tried again next round.
                            FileHandle.standardError.write(Data("tonghop: the outbox could not be read or marked: \(error)\n".utf8))
                        }
                        try? await Task.sleep(for: .seconds(30))
                    }
                }
            }
            defer { delivery?.cancel() }
            try await app.runService()
        }
    }
}
