import Foundation
import FuzzSupport
import TonghopCore

@testable import TonghopIngest

// The first byte chooses which of the catalog's files the rest is read as, against the shipped catalog, or a staff
// assessment of a period (staff's text, read by the same strictness); every refusal must be a `CatalogError` with a
// reason, or an `AssessmentProblem` (its message written). Mode 5 reads the rest as the body of a kept registry
// (`RegistryCache`), whatever its SHA-256 would have said: absent, or a registry that is kept again as the same bytes;
// never a crash.
runFuzzer { data, size in
    let bytes = input(data, size)
    if bytes.first.map({ $0 % 6 == 5 }) == true {
        // And whatever it reads, it read exactly: kept again, the registry gives back the same bytes.
        let body = Array(bytes.dropFirst())
        if let registry = RegistryCache.registry(body: body[...]) {
            let again = RegistryCache.encode(registry, key: [])
            precondition(again.map { Array($0.dropFirst(RegistryCache.magic.count + 32)) } == body, "a kept registry read otherwise than written")
        }
        return 0
    }
    guard let mode = bytes.first, let text = String(validating: bytes.dropFirst(), as: UTF8.self) else { return 0 }
    do {
        switch mode % 6 {
        case 0: _ = try CatalogLoader.schedules(name: "schedules.yaml", text: text)
        case 1: _ = try CatalogLoader.units(name: "units.yaml", text: text)
        case 2: _ = try CatalogLoader.template(name: "template.yaml", text: text)
        case 3: _ = try SynthesisSettingsLoader.settings(name: "synthesis.yaml", text: text, catalog: catalog)
        default:
            let topics = catalog.latestTemplate(forSchedule: "province-weekly")?.groups.map { ($0.id, $0.label.vi) } ?? []
            do throws(AssessmentProblem) {
                let read = try AssessmentText.read(text, topics: topics)
                precondition(!read.general.isEmpty || read.topics.contains { !$0.blocks.isEmpty }, "an empty assessment kept")
            } catch {
                precondition(!error.message.text(in: .vi).isEmpty, "a refusal without a reason")
            }
            _ = try? AssessmentText.read(text, topics: topics, strict: false)
        }
    } catch let error as CatalogError {
        precondition(!error.problems.isEmpty, "a refusal without a reason")
    } catch {
        preconditionFailure("a refusal that is not a CatalogError: \(error)")
    }
    return 0
}
