import Foundation
import Testing
import TonghopTestSupport
import TonghopCore
@testable import TonghopIngest

@Suite struct CatalogTests {
    @Test func theShippedCatalogHasTheUnitsTemplatesAndSchedules() throws {
        let units = shippedCatalog.registry.units
        #expect(units.filter { $0.kind == .city || $0.kind == .province }.count == 34)
        #expect(units.filter { $0.kind == .city }.count == 6)
        #expect(units.filter { $0.kind == .ministry }.count == 14)
        #expect(units.filter { $0.kind == .ministerialAgency }.count == 3)
        let province = try #require(shippedCatalog.template("province-weekly", version: "1.0"))
        #expect(province.criteria.count >= 25)
        #expect(Set(province.criteria.map(\.group)).isSuperset(of: ["decentralization", "personnel", "facilities", "digital"]))
        #expect(Set(province.criteria.map(\.type)) == Set(CriterionType.allCases))
        #expect(province.rules.contains { $0.severity == .error } && province.rules.contains { $0.severity == .warning })
        #expect(province.narrative.difficultyFields.map(\.code) == ["land", "construction", "investment", "finance-budget", "personnel", "it-digital", "public-assets", "other"])
        #expect(shippedCatalog.template("central-weekly", version: "1.0") != nil)
        #expect(shippedCatalog.template("monthly", version: "1.0") != nil)
        #expect(shippedCatalog.schedules["province-weekly"]?.deadline == DeadlineRule(day: .weekday(.thursday), minutes: 480))
        #expect(units.allSatisfy { $0.name.unicodeScalars.contains { !$0.isASCII } })
    }

    /// Copies the shipped templates to a scratch folder, applies a change to one file and loads the result.
    func loadChanged(_ file: String, _ change: (String) -> String) throws -> Catalog {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-catalog-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repo.templates, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(file)
        try change(String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        return try CatalogLoader.load(directory: dir)
    }

    func problems(_ file: String, _ change: (String) -> String) -> [String] {
        do {
            _ = try loadChanged(file, change)
            return []
        } catch let error as CatalogError {
            return error.problems
        } catch {
            return ["\(error)"]
        }
    }

    @Test func aMisspelledKeyIsRefusedWithItsFileAndLine() {
        let found = problems("criteria/province-weekly.yaml") { text in
            var text = text
            text.replaceSubrange(text.range(of: "    required: true")!, with: "    requried: true")
            return text
        }
        #expect(found.count == 1)
        #expect(found.first?.contains("province-weekly.yaml, line") == true)
        #expect(found.first?.contains("requried") == true)
    }

    @Test func numbersThatWouldOverflowOrMeanNothingAreRefused() {
        // A grace of billions of minutes overflowed the deadline's arithmetic; a NaN bound let every answer through.
        let grace = problems("schedules.yaml") { $0.replacingOccurrences(of: "grace: 0", with: "grace: 999999999999999999") }
        #expect(grace.contains { $0.contains("grace must be between 0 and 10080 minutes") }, "\(grace)")
        let sign = problems("schedules.yaml") { $0.replacingOccurrences(of: "at: \"08:00\"", with: "at: \"+8:00\"") }
        #expect(sign.contains { $0.contains("is not a time HH:MM") }, "\(sign)")
        let nan = problems("criteria/province-weekly.yaml") { $0.replacingOccurrences(of: "    min: 0\n", with: "    min: .nan\n") }
        #expect(nan.contains { $0.contains("not a finite number") }, "\(nan)")
        let length = problems("criteria/province-weekly.yaml") { $0.replacingOccurrences(of: "maxLength: 200", with: "maxLength: 0") }
        #expect(length.contains { $0.contains("maxLength below 1") }, "\(length)")
    }

    @Test func plainValuesAreReadAsYAMLMeansThem() throws {
        // yes/no, numbers written as YAML allows (0x, underscores), null, and quoted text that only looks like a number.
        let catalog = try loadChanged("criteria/province-weekly.yaml") { text in
            var text = text
            text.replaceSubrange(text.range(of: "    required: true")!, with: "    required: no")
            text.replaceSubrange(text.range(of: "    max: 2000")!, with: "    max: 2_000")
            text.replaceSubrange(text.range(of: "    max: 100000")!, with: "    max: 0x186A0")
            return text
        }
        let template = try #require(catalog.latestTemplate(forSchedule: "province-weekly"))
        let communes = try #require(template.criterion("dc.communes_operating"))
        #expect(!communes.required && communes.maximum == 2000)
        #expect(template.criterion("dc.tasks_received")?.maximum == 100_000)
        // A quoted "true" is text, not yes/no: refused, as YAML says, with its place.
        let found = problems("criteria/province-weekly.yaml") { text in
            var text = text
            text.replaceSubrange(text.range(of: "    required: true")!, with: "    required: \"true\"")
            return text
        }
        #expect(found.count == 1 && found.first?.contains("required") == true)
    }

    @Test func rulesMustNameNumericCriteriaOfTheTemplate() {
        let found = problems("criteria/province-weekly.yaml") { $0.replacingOccurrences(of: "check: \"fa.hq_surplus_handled <= fa.hq_surplus\"", with: "check: \"fa.hq_surplus_handled <= gen.contact\"") }
        #expect(found.contains { $0.contains("gen.contact") })
    }

    @Test func badTypesAndUnknownSchedulesAreReported() {
        #expect(!problems("criteria/monthly.yaml") { $0.replacingOccurrences(of: "type: percentage", with: "type: percent") }.isEmpty)
        #expect(problems("units.yaml") { $0.replacingOccurrences(of: "[central-weekly, monthly]", with: "[central-weekly, yearly]") }
            .contains { $0.contains("yearly") })
        #expect(problems("schedules.yaml") { $0.replacingOccurrences(of: "at: \"08:00\"", with: "at: \"8h\"") }.contains { $0.contains("8h") })
    }

    @Test func staffCanAddAUnitWithValidityDates() throws {
        let catalog = try loadChanged("units.yaml") {
            $0 + "  - code: OLDHT\n    name: Tỉnh Hà Tây\n    kind: province\n    schedules: [province-weekly]\n    validFrom: \"2000-01-01\"\n    validTo: \"2008-07-31\"\n"
        }
        let unit = try #require(catalog.registry.unit("OLDHT"))
        let period = try Schedules.province.period(forKey: "2025-W46").get()
        #expect(!unit.isActive(during: period))
        #expect(!catalog.registry.expectedUnits(for: period).contains(unit))
        #expect(catalog.registry.expectedUnits(for: period).count == 34)
    }
}

enum Schedules {
    static let province = shippedCatalog.schedules["province-weekly"]!
}

@Suite struct RegistryKeyTests {
    @Test func aMisspelledUnitKeyIsRefusedWithItsLine() {
        let found = CatalogTests().problems("units.yaml") { $0.replacingOccurrences(of: "    nameEn: Hanoi\n", with: "    nameEN: Hanoi\n") }
        #expect(found.count == 1)
        #expect(found.first?.contains("units.yaml, line") == true)
        #expect(found.first?.contains("nameEN") == true)
    }

    @Test func theEventReaderReadsTheRegistryExactlyAsTheNodeReaderDoes() throws {
        let text = try String(contentsOf: Repo.templates.appendingPathComponent("units.yaml"), encoding: .utf8)
        // Quoted and plain values, a flow list, Vietnamese names, a validTo: both readers agree on every field.
        let changed = text + "  - code: \"OLDHT\"\n    name: 'Tỉnh Hà Tây'\n    kind: province\n    schedules:\n      - province-weekly\n"
            + "    validFrom: 2000-01-01\n    validTo: \"2008-07-31\"\n"
        let fast = try #require(RegistryEvents.read(changed))
        var problems: [String] = []
        let nodes = try CatalogLoader.readUnitNodes(name: "units.yaml", text: changed, problems: &problems)
        #expect(problems.isEmpty)
        #expect(fast.version == nodes.0)
        #expect(fast.units == nodes.1)
        #expect(fast.units.count == shippedCatalog.registry.units.count + 1)
    }

    @Test func aRegistryTheEventReaderDoesNotKnowIsStillReadOrExplained() throws {
        // An anchor and an alias are valid YAML the event reader leaves to the node reader.
        let catalog = try CatalogTests().loadChanged("units.yaml") {
            $0 + "  - code: OLDHT\n    name: Tỉnh Hà Tây\n    kind: province\n    schedules: &old [province-weekly]\n    validFrom: \"2000-01-01\"\n"
                + "  - code: OLDHB\n    name: Tỉnh Hà Bắc\n    kind: province\n    schedules: *old\n    validFrom: \"1962-10-27\"\n"
        }
        #expect(catalog.registry.unit("OLDHB")?.scheduleIds == ["province-weekly"])
        #expect(RegistryEvents.read("version: \"1\"\nunits:\n  - code: A\n    code: B\n") == nil, "a repeated key")
        #expect(RegistryEvents.read("version: \"1\"\nunits:\n  - code: A\n    nameEN: B\n") == nil, "an unknown key")
        // A repeated key is a problem the node reader names with its line.
        let found = CatalogTests().problems("units.yaml") { $0.replacingOccurrences(of: "    nameEn: Hanoi\n", with: "    nameEn: Hanoi\n    nameEn: Ha Noi\n") }
        #expect(found.first?.contains("units.yaml") == true)
    }
}
