import ArgumentParser

/// The `tonghop` command: collect, check and store weekly progress reports.
@main
struct Tonghop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tonghop",
        abstract: "Collect, check and store the weekly progress reports of provinces and ministries.",
        discussion: """
            Exit status: 0 every file accepted (or a duplicate), 65 some file rejected, 64 usage error,
            74 the database cannot be opened or read, 78 the templates folder is invalid
            (`late` adds 3 for --fail-on-late and 75 for an undelivered notification).
            """,
        version: "0.1.0",
        subcommands: [Init.self, Validate.self, Submit.self, History.self, Status.self, Late.self, Synthesize.self, Weekly.self, Form.self, Serve.self, Token.self]
    )
}
