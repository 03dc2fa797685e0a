import ArgumentParser
import Foundation
import TonghopCore
import TonghopIngest
import TonghopService

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
            let request: FormRequest
            do { request = try catalog.formRequest(unit: unit, period: period, schedule: schedule) } catch { throw ValidationError("\(error)") }
            var prefill: ReportDraft?
            if let from {
                guard let data = FileManager.default.contents(atPath: from) else { throw ValidationError("cannot read \(from)") }
                let read = ReportReader.read(data, fileName: from)
                guard let draft = read.draft else {
                    throw ValidationError("cannot read \(from): " + read.issues.map(\.message).joined(separator: "; "))
                }
                prefill = draft
            }
            let workbook = ReportForm.make(
                template: request.template, schedule: request.schedule, unit: request.unit, period: request.period,
                registry: catalog.registry, prefill: prefill)
            try write(try workbook.xlsxData(), to: out)
            print(
                "\(out): the \(request.template.id) \(request.template.version) form of \(request.unit.code) (\(request.unit.name)) for \(request.period), "
                    + "due \(VietnamTime.format(request.schedule.onTimeLimit(of: request.period)))")
        }
    }
}
