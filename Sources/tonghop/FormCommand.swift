import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest

extension Tonghop {
    /// `tonghop form`: the blank Excel report form of a unit for a period.
    struct Form: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the Excel report form (.xlsx) of a unit for a period, to fill in Excel or LibreOffice and submit as it is.",
            discussion: """
                The form is written from the criteria template: one row per criterion with Excel's own checks (bounds, lists, yes/no,
                dates), the unit, period and template filled in and locked, and sheets for difficulties and recommendations.
                Without --schedule, the unit's weekly schedule for a key such as 2025-W46, monthly for 2025-10.
                --from fills the form with the answers of a report file (JSON, CSV or a form), e.g. last week's.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("The reporting unit's code, e.g. HN.", valueName: "code"))
        var unit: String

        @Option(help: ArgumentHelp("Period key, e.g. 2025-W47 or 2025-11.", valueName: "key"))
        var period: String

        @Option(help: ArgumentHelp("Schedule id, when the unit reports on several of the same kind.", valueName: "id"))
        var schedule: String?

        @Option(help: ArgumentHelp("A report file whose answers and narrative fill the form.", valueName: "file"), completion: .file())
        var from: String?

        @Option(help: ArgumentHelp("The .xlsx file to write.", valueName: "file"), completion: .file())
        var out: String

        func validate() throws {
            guard out.pathExtension == "xlsx" else { throw ValidationError("--out must name an .xlsx file") }
        }

        func run() throws {
            let catalog = try store.loadCatalog()
            guard let reporter = catalog.registry.unit(unit) else { throw ValidationError("\"\(unit)\" is not a unit of the registry") }
            let monthly = !period.contains("W")
            let candidates = reporter.scheduleIds.compactMap { catalog.schedules[$0] }.filter { ($0.periodType.name == "monthly") == monthly }
            let named: Schedule? = self.schedule.flatMap { catalog.schedules[$0] }
            guard let schedule = self.schedule == nil ? candidates.first : named else {
                throw ValidationError("unit \(unit) reports on \(reporter.scheduleIds.joined(separator: ", ")); none has periods such as \(period) (or no such --schedule)")
            }
            guard reporter.reports(on: schedule.id) else {
                throw ValidationError("unit \(unit) does not report on \(schedule.id); it reports on \(reporter.scheduleIds.joined(separator: ", "))")
            }
            let chosen = try resolvePeriod(period, of: schedule)
            guard reporter.isActive(during: chosen) else {
                throw ValidationError("unit \(unit) exists from \(reporter.validFrom)\(reporter.validTo.map { " until \($0)" } ?? ""), not during \(chosen)")
            }
            guard let template = catalog.latestTemplate(forSchedule: schedule.id) else {
                throw ValidationError("no criteria template reports on \(schedule.id)")
            }
            var prefill: ReportDraft?
            if let from {
                guard let data = FileManager.default.contents(atPath: from) else { throw ValidationError("cannot read \(from)") }
                let read = ReportReader.read(data, fileName: from)
                guard let draft = read.draft else {
                    throw ValidationError("cannot read \(from): " + read.issues.map(\.message).joined(separator: "; "))
                }
                prefill = draft
            }
            let workbook = ReportForm.make(template: template, schedule: schedule, unit: reporter, period: chosen, registry: catalog.registry,
                                           prefill: prefill)
            try write(try workbook.xlsxData(), to: out)
            print("\(out): the \(template.id) \(template.version) form of \(reporter.code) (\(reporter.name)) for \(chosen), due \(VietnamTime.format(schedule.onTimeLimit(of: chosen)))")
        }
    }
}
