import Foundation
import FuzzSupport

@testable import TonghopIngest

// The first byte chooses which of the catalog's files the rest is read as, against the shipped catalog; every refusal
// must be a `CatalogError` with a reason.
runFuzzer { data, size in
    let bytes = input(data, size)
    guard let mode = bytes.first, let text = String(validating: bytes.dropFirst(), as: UTF8.self) else { return 0 }
    do {
        switch mode % 4 {
        case 0: _ = try CatalogLoader.schedules(name: "schedules.yaml", text: text)
        case 1: _ = try CatalogLoader.units(name: "units.yaml", text: text)
        case 2: _ = try CatalogLoader.template(name: "template.yaml", text: text)
        default: _ = try SynthesisSettingsLoader.settings(name: "synthesis.yaml", text: text, catalog: catalog)
        }
    } catch let error as CatalogError {
        precondition(!error.problems.isEmpty, "a refusal without a reason")
    } catch {
        preconditionFailure("a refusal that is not a CatalogError: \(error)")
    }
    return 0
}
