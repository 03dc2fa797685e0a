import ArgumentParser
import Foundation
import SystemMalloc
import TonghopCore

/// The `tonghop` command: collect, check and store weekly progress reports.
@main
struct Tonghop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tonghop",
        abstract: "Collect, check and store the weekly progress reports of provinces and ministries.",
        discussion: """
            Report files are Excel forms (.xlsx, made by `tonghop form`), JSON (.json) or CSV (.csv) files; see the README.
            Exit status: 0 every file accepted (or a duplicate), 65 some file rejected, 64 usage error, \
            74 the database cannot be opened or read, 78 the templates folder is invalid \
            (`late` adds 3 for --fail-on-late and 75 for an undelivered notification).
            """,
        version: "0.1.0",
        // Every subcommand names itself (`commandName:`): a name left to the parser is made from the type's name with
        // `String(describing:)`, whose dynamic casts scan the binary's 7,000 protocol conformances, 20 times at every start.
        subcommands: [
            Init.self, Validate.self, Submit.self, History.self, Status.self, Tasks.self, Late.self, Synthesize.self, Weekly.self, Form.self,
            Serve.self,
            Review.self, Assessment.self, Audit.self, Remind.self, Notify.self, Token.self, Backup.self,
        ]
    )

    static func main() async {
        #if os(Linux)
            // A command runs for a fraction of a second and allocates as it goes: glibc's malloc otherwise grows each thread's
            // heap a page at a time and gives memory back as soon as it can, 6,700 system calls for one commune-scale submit
            // (measured: 3–5% of its time). The service, which runs for months, keeps the defaults.
            if CommandLine.arguments.dropFirst().first != "serve" {
                mallopt(M_TOP_PAD, 16 << 20)
                mallopt(M_TRIM_THRESHOLD, 256 << 20)
            }
        #endif
        // As `AsyncParsableCommand.main` does, except that an error thrown while a subcommand runs (a period or unit
        // named wrongly, say) is printed with that subcommand's usage, not the root's.
        let command: any ParsableCommand
        do {
            command = try parseAsRoot(nil)
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
        } catch let error as ValidationError {
            let usage = usageString(for: type(of: command))
            let name = usage.split(separator: " ").prefix(2).joined(separator: " ")
            printError("Error: \(error.message)\nUsage: \(usage)\n  See '\(name) --help' for more information.")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
