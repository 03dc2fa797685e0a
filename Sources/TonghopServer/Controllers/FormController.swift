import Hummingbird
import TonghopIngest
import TonghopService

/// `GET /api/v1/forms/{unit}/{period}`: the blank Excel report form of a unit, as `tonghop form` writes it.
struct FormController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to group: RouterGroup<TonghopRequestContext>) {
        group.get("forms/:unit/:period", use: form)
    }

    @Sendable func form(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let (unit, key) = (try context.parameters.require("unit"), try context.parameters.require("period"))
        let form: FormRequest
        do { form = try environment.catalog.formRequest(unit: unit, period: key, schedule: request.query("schedule")) } catch {
            throw APIError(error)
        }
        try context.requireReader(of: form.unit.code)
        let registry = environment.catalog.registry
        let data = try await offloaded {
            try ReportForm.make(template: form.template, schedule: form.schedule, unit: form.unit, period: form.period, registry: registry).xlsxData()
        }
        return downloadResponse(data, mediaType: UploadedFile.xlsxMediaType, fileName: "bao-cao-\(form.unit.code)-\(form.period.key).xlsx")
    }
}
