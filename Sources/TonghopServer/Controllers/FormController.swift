import Hummingbird
import TonghopCore
import TonghopIngest
import TonghopService

/// `GET /api/v1/forms/{unit}/{period}`: the blank Excel report form of a unit, as `tonghop form` writes it
/// (`current` for the period filling up).
struct FormController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to group: RouterGroup<TonghopRequestContext>) {
        group.get("forms/:unit/:period", use: form)
    }

    @Sendable func form(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let (unit, key) = (try context.parameters.require("unit"), try context.parameters.require("period"))
        return try await environment.formDownload(
            unit: unit, period: key == "current" ? nil : key, schedule: request.query("schedule"), context: context)
    }
}

extension ServiceEnvironment {
    /// The form of a unit the caller may read, as a download; 404/400 when the unit, schedule or period is wrong.
    /// With `from`, the form is filled with the answers of that report of the unit's.
    func formDownload(unit: String, period: String?, schedule: String?, from: Int64? = nil, context: TonghopRequestContext) async throws
        -> Response
    {
        let (forms, now, database) = (BlankForms(catalog: catalog, contact: synthesisSettings.submission, database: database), now(), database)
        let code = catalog.registry.unit(named: unit)?.code ?? unit
        // Checked before the form is made: a unit's token reads its own unit's forms only.
        if let named = catalog.registry.unit(named: unit) { try context.requireReader(of: named.code) }
        let form: BlankForms.Form
        do {
            form = try await onDispatchThread {
                try forms.form(
                    unit: unit, period: period, schedule: schedule, at: now, prefill: try from.map { try Self.draft(of: $0, unit: code, database) })
            }
        } catch let error as RequestError {
            throw APIError(error)
        }
        return downloadResponse(form.data, mediaType: UploadedFile.xlsxMediaType, fileName: form.fileName)
    }

    /// The answers of a stored report of `unit`, read again from the file it sent; 404 for another unit's report or none.
    private static func draft(of id: Int64, unit: String, _ database: any Storage) throws -> ReportDraft {
        guard let submission = try database.submission(id: id), submission.unitCode == unit,
            let bytes = try database.rawFile(sha256: submission.sha256), let draft = ReportReader.read(bytes, fileName: submission.fileName).draft
        else { throw APIError(.notFound, ReviewRefusal.unknownSubmission(id).message) }
        return draft
    }
}
