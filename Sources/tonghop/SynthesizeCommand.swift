import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest
import TonghopRendering
import TonghopService
import TonghopSynthesis

extension Tonghop {
    /// `tonghop synthesize`: the consolidated report of one period, in one format.
    struct Synthesize: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "synthesize",
            abstract: "Write the synthesis of a period: compliance, national figures, difficulties, recommendations and data-quality notes.",
            discussion: """
                Without --period: the latest period whose deadline had passed at --as-of. Without --schedule: monthly for a key such as \
                2025-10, province-weekly otherwise. Only reports received by --as-of count, so the same --as-of gives the same file.
                Markdown, HTML and DOCX are worded by the templates in <templates>/synthesis/.
                """)

        @OptionGroup var store: StoreOptions

        @OptionGroup var language: LanguageOption

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W46 or 2025-10.", valueName: "key"))
        var period: String?

        @Option(help: ArgumentHelp("Schedule id: province-weekly, central-weekly or monthly.", valueName: "id"))
        var schedule: String?

        @Option(
            name: .customLong("as-of"),
            help: ArgumentHelp("Count the reports received by this instant, ISO 8601 with zone; default now.", valueName: "instant"))
        var asOf: Date?

        @Option(help: ArgumentHelp("md, html, csv, json, xlsx or docx.", valueName: "format"))
        var format: SynthesisFormat

        @Option(help: ArgumentHelp("File to write; default: standard output (text formats only).", valueName: "file"), completion: .file())
        var out: String?

        @Option(
            help: ArgumentHelp(
                "Keep this text file as the staff's assessment and proposals of the period (written at --as-of), then write the synthesis with it.",
                valueName: "file"), completion: .file())
        var assessment: String?

        func validate() throws {
            if format.isBinary && out == nil && isatty(STDOUT_FILENO) == 1 {
                throw ValidationError("\(format.rawValue) is a binary file: give --out FILE (or redirect standard output)")
            }
        }

        func run() throws {
            // The database opened while the templates and registry load, as the late check does.
            let openedDatabase = store.openingDatabase()
            let catalog = try store.loadCatalog()
            let schedule = try resolveSchedule(catalog, id: self.schedule, period: period, language: language.language)
            let database = try openedDatabase()
            let asOf = self.asOf ?? Date()
            if let assessment {
                let text = try readAssessment(assessment, language: language.language)
                let kept = try readingDatabase(language: language.language) {
                    do {
                        return try Assessments(catalog: catalog, storage: database).write(
                            text, schedule: schedule, period: period, by: .commandLine, at: asOf)
                    } catch let error as RequestError {
                        // The file's name before what is wrong in it.
                        throw RequestError(Message(.assessmentInFile, ["file": .text(assessment), "problem": .message(error.message)]))
                    }
                }
                let recorded = Message(
                    .assessmentRecorded,
                    ["by": .text(kept.assessment.author), "period": .period(kept.assessment.periodKey), "version": .count(kept.version)])
                printError(recorded.text(in: language.language))
            }
            // The format's templates parsed on another thread while the synthesis is made: Mustache's parser takes a time
            // that grows with the square of a template's length (10 ms for a worded format's). A broken template is still
            // said first, and alone, as when the templates were parsed before the synthesis was made.
            let (store, format) = (self.store, self.format)
            let templates = Background { try store.parseRenderer(formats: [format]) }
            let syntheses = try store.syntheses(catalog: catalog, database: database, formats: [])
            let synthesis: Synthesis
            do {
                synthesis = try syntheses.synthesis(schedule, period: period, asOf: asOf, scope: format.scope)
            } catch {
                _ = try store.checkingTemplates { try templates.wait() }
                synthesis = try readingDatabase(language: language.language) { throw error }
            }
            let renderer = try store.checkingTemplates { try templates.wait() }
            try write(to: out) { output in try renderer.write(synthesis, as: format, to: output) }
            keptToTheEnd((synthesis, catalog))
        }
    }
}

extension SynthesisFormat: ExpressibleByArgument {}

/// The schedule named, or the one a period key implies; a usage error otherwise.
func resolveSchedule(_ catalog: Catalog, id: String?, period: String?, language: Language = .vi) throws -> Schedule {
    do { return try catalog.schedule(id: id, impliedBy: period) } catch { throw ValidationError(error.message.text(in: language)) }
}

/// Writes what `produce` hands its output to a file (see `OutputFile`), or to standard output without one. Whatever
/// stops it (the file, or the document failing as it is written) exits with `cannotWrite`; a file is then left as it was.
func write(to path: String?, _ produce: (ByteOutput) throws -> Void) throws {
    do {
        if let path {
            try OutputFile.write(to: path, produce)
        } else {
            try OutputFile.writeToStandardOutput(produce)
        }
    } catch let failure as OutputFile.Failure {
        printError("tonghop: \(failure)")
        throw ExitCode(ExitStatus.cannotWrite)
    } catch {
        printError("tonghop: cannot write \(path ?? "to standard output"): \(error)")
        throw ExitCode(ExitStatus.cannotWrite)
    }
}

/// Writes `data` to a file (see `OutputFile`), or to standard output without one.
func write(_ data: Data, to path: String?) throws {
    try write(to: path) { output in try data.withUnsafeBytes(output) }
}
