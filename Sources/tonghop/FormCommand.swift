import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest
import TonghopService

extension Tonghop {
    /// `tonghop form`: the blank Excel report form of a unit for a period.
    struct Form: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "form",
            abstract: "Write the Excel report form (.xlsx) of a unit for a period, to fill in Excel or LibreOffice and submit as it is.",
            discussion: """
                The form is written from the criteria template: one row per criterion with Excel's own checks (bounds, lists, yes/no, \
                dates), the unit, period and template filled in and locked, and sheets for difficulties and recommendations.
                Without --schedule, the unit's weekly schedule for a key such as 2025-W46, monthly for 2025-10; without --period, \
                the period of that schedule (or of the unit's first) filling up now or at --at.
                --from fills the form with the answers of a report file (.xlsx, .json or .csv), e.g. last week's.
                """)

        @OptionGroup var store: StoreOptions

        @OptionGroup var language: LanguageOption

        @Option(help: ArgumentHelp("The reporting unit's code, e.g. HN (any case: hn).", valueName: "code"))
        var unit: String

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W47 or 2025-11 (default: the period filling up at --at).", valueName: "key"))
        var period: String?

        @Option(help: ArgumentHelp("The instant whose period filling up is the default, ISO 8601 with zone; default now.", valueName: "instant"))
        var at: Date?

        @Option(help: ArgumentHelp("Schedule id, when the unit reports on several of the same kind.", valueName: "id"))
        var schedule: String?

        @Option(
            help: ArgumentHelp("A report file (.xlsx, .json or .csv) whose answers and narrative fill the form.", valueName: "file"),
            completion: .file())
        var from: String?

        @Option(help: ArgumentHelp("The .xlsx file to write.", valueName: "file"), completion: .file())
        var out: String

        func validate() throws {
            guard out.pathExtension == "xlsx" else { throw ValidationError("--out must name an .xlsx file") }
        }

        func run() throws {
            let catalog = try store.loadCatalog()
            var prefill: ReportDraft?
            if let from {
                guard let data = FileManager.default.contents(atPath: from) else { throw ValidationError("cannot read \(from)") }
                let read = ReportReader.read(data, fileName: from)
                guard let draft = read.draft else {
                    throw ValidationError("\(from): " + read.issues.map { $0.text(in: language.language) }.joined(separator: " "))
                }
                prefill = draft
            }
            let form: BlankForms.Form
            do {
                // With the database: the tasks the unit has reported done are left off the form's sheet of tasks.
                let forms = BlankForms(
                    catalog: catalog, contact: try store.loadSynthesisSettings(catalog: catalog).submission, database: try store.openDatabase())
                form = try forms.form(unit: unit, period: period, schedule: schedule, at: at ?? Date(), prefill: prefill)
            } catch {
                throw ValidationError((error as? RequestError)?.message.text(in: language.language) ?? "\(error)")
            }
            let request = form.request
            try write(form.data, to: out)
            print(
                Message(
                    .formWritten,
                    [
                        "file": .text(out), "template": .localized(vi: request.template.title.vi, en: request.template.id),
                        "version": .text(request.template.version),
                        "unit": .localized(vi: request.unit.name, en: "\(request.unit.name) [\(request.unit.code)]"),
                        "period": .period(request.period.key),
                        "deadline": .deadline(request.schedule.onTimeLimit(of: request.period)),
                    ]
                ).text(in: language.language))
        }
    }
}
