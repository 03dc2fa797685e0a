import Foundation
import TonghopCore
import TonghopRendering
import TonghopSynthesis

/// The syntheses of periods, made from the archive as it was at an instant and written in any format: the use case
/// behind `tonghop synthesize` and `weekly`, the synthesis page and the API.
public struct Syntheses: Sendable {
    public let catalog: Catalog
    public let archive: any SubmissionArchive
    public let settings: SynthesisSettings
    public let renderer: SynthesisRenderer

    public init(catalog: Catalog, archive: any SubmissionArchive, settings: SynthesisSettings, renderer: SynthesisRenderer) {
        self.catalog = catalog
        self.archive = archive
        self.settings = settings
        self.renderer = renderer
    }

    /// The synthesis of a period named by key, `current` or `latest` (the latest without a name), counting what arrived
    /// by `asOf`, made as far as `scope` says (a format's own: `SynthesisFormat.scope`).
    public func synthesis(_ schedule: Schedule, period name: String?, asOf: Date, scope: SynthesisScope = .whole) throws -> Synthesis {
        let period = try schedule.period(named: name, default: "latest", at: asOf)
        return try SynthesisBuilder(catalog: catalog, settings: settings, archive: archive)
            .build(schedule: schedule, period: period, asOf: asOf, scope: scope)
    }

    /// The synthesis of a period in one format.
    public func document(_ schedule: Schedule, period name: String?, asOf: Date, format: SynthesisFormat) throws -> (synthesis: Synthesis, data: Data)
    {
        let synthesis = try self.synthesis(schedule, period: name, asOf: asOf, scope: format.scope)
        return (synthesis, try renderer.render(synthesis, as: format))
    }
}
