import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest
import TonghopRendering
import TonghopService
import TonghopStore
import TonghopSynthesis

extension Tonghop {
    /// `tonghop synthesize`: the consolidated report of one period, in one format.
    struct Synthesize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the synthesis of a period: compliance, national figures, difficulties, recommendations and data-quality notes.",
            discussion: """
                Without --period: the latest period whose deadline had passed at --as-of. Without --schedule: monthly for a key such as
                2025-10, province-weekly otherwise. Only reports received by --as-of count, so the same --as-of gives the same file.
                Markdown, HTML and DOCX are worded by the templates in <templates>/synthesis/.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W46 or 2025-10.", valueName: "key"))
        var period: String?

        @Option(help: ArgumentHelp("Schedule id: province-weekly, central-weekly or monthly.", valueName: "id"))
        var schedule: String?

        @Option(name: .customLong("as-of"),
                help: ArgumentHelp("Count the reports received by this instant, ISO 8601 with zone; default now.", valueName: "instant"))
        var asOf: Date?

        @Option(help: ArgumentHelp("md, html, csv, json, xlsx or docx.", valueName: "format"))
        var format: SynthesisFormat

        @Option(help: ArgumentHelp("File to write; default: standard output (text formats only).", valueName: "file"), completion: .file())
        var out: String?

        func validate() throws {
            if format.isBinary && out == nil && isatty(STDOUT_FILENO) == 1 {
                throw ValidationError("\(format.rawValue) is a binary file: give --out FILE (or redirect standard output)")
            }
        }

        func run() throws {
            let catalog = try store.loadCatalog()
            let schedule = try resolveSchedule(catalog, id: self.schedule, period: period)
            let chosen: Period?
            do { chosen = try period.map { key throws(RequestError) in try schedule.period(named: key) } } catch { throw ValidationError("\(error)") }
            let tools = try store.loadSynthesisTools(catalog: catalog, formats: [format])
            let database = try store.openDatabase()
            let at = asOf ?? Date()
            let synthesis = try readingDatabase {
                try SynthesisBuilder(catalog: catalog, settings: tools.settings, archive: database)
                    .build(schedule: schedule, period: chosen, asOf: at, everyValue: format.listsEveryValue)
            }
            try write(try tools.renderer.render(synthesis, as: format), to: out)
        }
    }
}

extension SynthesisFormat: ExpressibleByArgument {}

/// The schedule named, or the one a period key implies; a usage error otherwise.
func resolveSchedule(_ catalog: Catalog, id: String?, period: String?) throws -> Schedule {
    do { return try catalog.schedule(id: id, impliedBy: period) } catch { throw ValidationError("\(error)") }
}

/// Writes to a file, or to standard output without one.
func write(_ data: Data, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(data)
        return
    }
    if let reason = writeReplacing(path, data) {
        printError("tonghop: cannot write \(path): \(reason)")
        throw ExitCode(ExitStatus.cannotWrite)
    }
}

/// Writes `data` beside `path` and renames it over `path`, so that no one ever opens a half-written file; the reason
/// it failed, or nil.
///
/// Not flushed to disk, unlike Foundation's `Data.write`, which syncs every file it writes (50 ms for a commune-scale
/// JSON synthesis): an output file can always be written again, so a power cut may cost it but never a stored report.
private func writeReplacing(_ path: String, _ data: Data) -> String? {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { return String(cString: strerror(errno)) }
    let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
    do {
        try file.write(contentsOf: data)
    } catch {
        try? file.close()
        unlink(temporary)
        return error.localizedDescription
    }
    do {
        // A full disk may show only now.
        try file.close()
    } catch {
        unlink(temporary)
        return error.localizedDescription
    }
    guard rename(temporary, path) == 0 else {
        let reason = String(cString: strerror(errno))
        unlink(temporary)
        return reason
    }
    return nil
}
