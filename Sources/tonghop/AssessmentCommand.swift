import ArgumentParser
import Foundation
import TonghopCore
import TonghopService

extension Tonghop {
    /// `tonghop assessment`: the staff's assessment of a period, and every earlier version of it.
    struct Assessment: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assessment",
            abstract: "Show the staff's assessment and proposals of a period, with who wrote each version and when.",
            discussion: """
                Staff write it with `tonghop synthesize --assessment FILE` (or on the synthesis page); each version is kept, and the \
                synthesis closes on the latest written by its --as-of. Without --period: the latest period whose deadline had passed.
                """)

        @OptionGroup var store: StoreOptions

        @OptionGroup var language: LanguageOption

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W46 or 2025-10.", valueName: "key"))
        var period: String?

        @Option(help: ArgumentHelp("Schedule id: province-weekly, central-weekly or monthly.", valueName: "id"))
        var schedule: String?

        @Option(help: ArgumentHelp("The instant that decides the latest period, ISO 8601 with zone; default now.", valueName: "instant"))
        var at: Date?

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        func run() throws {
            let catalog = try store.loadCatalog()
            let schedule = try resolveSchedule(catalog, id: self.schedule, period: period, language: language.language)
            let assessments = TonghopService.Assessments(catalog: catalog, storage: try store.openDatabase())
            let (period, versions) = try readingDatabase(language: language.language) {
                try assessments.history(schedule: schedule, period: self.period, at: at ?? Date())
            }
            switch format {
            case .json: try printJSON(versions, language: language.language)
            case .text:
                guard let latest = versions.last else {
                    print(Message(.assessmentNone, ["period": .period(period.key)]).text(in: language.language))
                    return
                }
                for version in versions {
                    let line = Message(
                        .assessmentHistoryLine,
                        ["at": .instant(version.writtenAt), "by": .text(version.author), "characters": .count(version.text.count)])
                    print(line.text(in: language.language))
                }
                print("")
                print(latest.text)
            }
        }
    }
}

/// Reads an assessment written by staff: UTF-8 text of a bounded size, refused with the file's name otherwise.
func readAssessment(_ path: String, language: Language) throws -> String {
    // A character is a few bytes (a decomposed Vietnamese letter up to six): anything longer cannot be within the limit.
    let limit = AssessmentText.characterLimit * 6
    guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("\(path): " + Message(.fileCannotRead).text(in: language)) }
    defer { try? handle.close() }
    let data: Data
    do {
        // Nil at the end of the file: an empty file is an empty assessment (refused as such), not one that cannot be read.
        data = try handle.read(upToCount: limit + 1) ?? Data()
    } catch {
        throw ValidationError("\(path): " + Message(.fileCannotRead).text(in: language))
    }
    guard data.count <= limit else {
        throw ValidationError("\(path): " + Message(.assessmentTooLong, ["limit": .count(AssessmentText.characterLimit)]).text(in: language))
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        throw ValidationError("\(path): " + Message(.fileNotUTF8).text(in: language))
    }
    return text
}
