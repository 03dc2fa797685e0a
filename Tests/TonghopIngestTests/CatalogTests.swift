import Foundation
import Testing
import TonghopCore
import TonghopTestSupport

@testable import TonghopIngest

@Suite struct CatalogTests {
    @Test func theShippedCatalogHasTheUnitsTemplatesAndSchedules() throws {
        let units = shippedCatalog.registry.units
        #expect(units.filter { $0.kind == .city || $0.kind == .province }.count == 34)
        #expect(units.filter { $0.kind == .city }.count == 6)
        #expect(units.filter { $0.kind == .ministry }.count == 14)
        #expect(units.filter { $0.kind == .ministerialAgency }.count == 3)
        let province = try #require(shippedCatalog.template("province-weekly", version: "1.1"))
        #expect(province.criteria.count >= 25)
        #expect(Set(province.criteria.map(\.group)).isSuperset(of: ["decentralization", "personnel", "facilities", "digital"]))
        #expect(Set(province.criteria.map(\.type)) == Set(CriterionType.allCases))
        #expect(province.rules.contains { $0.severity == .error } && province.rules.contains { $0.severity == .warning })
        #expect(
            province.narrative.difficultyFields.map(\.code) == [
                "land", "construction", "investment", "finance-budget", "personnel", "it-digital", "public-assets", "other",
            ])
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
        let found = problems("criteria/province-weekly.yaml") {
            $0.replacingOccurrences(of: "check: \"fa.hq_surplus_handled <= fa.hq_surplus\"", with: "check: \"fa.hq_surplus_handled <= gen.contact\"")
        }
        #expect(found.contains { $0.contains("gen.contact") })
    }

    @Test func badTypesAndUnknownSchedulesAreReported() {
        #expect(!problems("criteria/monthly.yaml") { $0.replacingOccurrences(of: "type: percentage", with: "type: percent") }.isEmpty)
        #expect(
            problems("units.yaml") { $0.replacingOccurrences(of: "[central-weekly, monthly]", with: "[central-weekly, yearly]") }
                .contains { $0.contains("yearly") })
        #expect(problems("schedules.yaml") { $0.replacingOccurrences(of: "at: \"08:00\"", with: "at: \"8h\"") }.contains { $0.contains("8h") })
    }

    /// A unit's code is checked by its bytes where it is ASCII: the same answer as by its characters, for each kind of
    /// white space and the colon, in ASCII and beyond it.
    @Test func aCodeIsFitAsItsCharactersSay() {
        let codes = [
            "HN", "XA-01", "", " ", "A B", "HN ", "A\tB", "A\nB", "A\r\nB", "A\u{0B}B", "A\u{0C}B", "A\rB", "A:B", ":", "A\u{1F}B",
            "A\u{7F}B", "Hà-Nội", "Đ:", "A\u{00A0}B", "A\u{3000}B", "A\u{2028}B", "A\u{85}B", "A\u{0301}", "Ａ：",
        ]
        for code in codes {
            let byCharacters = !code.isEmpty && !code.contains { $0.isWhitespace || $0 == ":" }
            #expect(CatalogLoader.isFitForCode(code) == byCharacters, "\(code.debugDescription)")
        }
        #expect(CatalogLoader.isFitForCode("HN") && !CatalogLoader.isFitForCode("A\u{0B}B") && !CatalogLoader.isFitForCode("A\u{3000}B"))
    }

    /// Codes given more than once are named once each, in order, however often each is given.
    @Test func codesGivenTwiceAreEachNamedOnce() {
        let found = problems("units.yaml") {
            $0.replacingOccurrences(of: "code: HUE\n", with: "code: HN\n").replacingOccurrences(of: "code: HP\n", with: "code: HN\n")
                .replacingOccurrences(of: "code: CB\n", with: "code: CT\n")
        }
        #expect(found == ["units.yaml: unit code CT is used twice", "units.yaml: unit code HN is used twice"])
        // The same characters spelt two ways are one code, named as it was first given (compared byte for byte).
        let spelt = problems("units.yaml") {
            $0.replacingOccurrences(of: "code: HP\n", with: "code: \"H\u{E0}\"\n")
                .replacingOccurrences(of: "code: CB\n", with: "code: \"Ha\u{300}\"\n")
        }
        #expect(spelt.map { Array($0.utf8) } == [Array("units.yaml: unit code H\u{E0} is used twice".utf8)])
    }

    @Test func staffCanAddAUnitWithValidityDates() throws {
        let catalog = try loadChanged("units.yaml") {
            $0
                + "  - code: OLDHT\n    name: Tỉnh Hà Tây\n    kind: province\n    schedules: [province-weekly]\n    validFrom: \"2000-01-01\"\n    validTo: \"2008-07-31\"\n"
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

    @Test func quotedPlainFlowAndBlockValuesAreReadAsText() throws {
        let text = try String(contentsOf: Repo.templates.appendingPathComponent("units.yaml"), encoding: .utf8)
        // Quoted and plain values, a block list, Vietnamese names, a date plain and quoted: every value is text.
        let changed =
            text + "  - code: \"OLDHT\"\n    name: 'Tỉnh Hà Tây'\n    kind: province\n    schedules:\n      - province-weekly\n"
            + "    validFrom: 2000-01-01\n    validTo: \"2008-07-31\"\n"
        let (version, units) = try RegistryReader.read(changed, file: "units.yaml").get()
        #expect(!version.isEmpty && units.count == shippedCatalog.registry.units.count + 1)
        #expect(Array(units.dropLast()) == shippedCatalog.registry.units)
        #expect(
            units.last
                == ReportingUnit(
                    code: "OLDHT", name: "Tỉnh Hà Tây", nameEn: nil, kind: .province, scheduleIds: ["province-weekly"],
                    validFrom: LocalDate(year: 2000, month: 1, day: 1), validTo: LocalDate(year: 2008, month: 7, day: 31)))
    }

    @Test func anchoredValuesAndListsAreFollowed() throws {
        let catalog = try CatalogTests().loadChanged("units.yaml") {
            $0
                + "  - code: OLDHT\n    name: Tỉnh Hà Tây\n    kind: &k province\n    schedules: &old [province-weekly]\n    validFrom: \"2000-01-01\"\n"
                + "  - code: OLDHB\n    name: Tỉnh Hà Bắc\n    kind: *k\n    schedules: *old\n    validFrom: \"1962-10-27\"\n"
        }
        #expect(catalog.registry.unit("OLDHB")?.scheduleIds == ["province-weekly"] && catalog.registry.unit("OLDHB")?.kind == .province)
    }

    @Test func everyProblemIsNamedWithItsLine() {
        func problems(_ text: String) -> [String] {
            if case .failure(let error) = RegistryReader.read(text, file: "units.yaml") { error.problems } else { [] }
        }
        let unit = "    name: A\n    kind: province\n    schedules: [province-weekly]\n    validFrom: \"2025-07-01\"\n"
        #expect(
            problems("version: \"1\"\nunits:\n  - code: A\n    code: B\n" + unit) == [
                "units.yaml, line 4: the key `code` is given twice in this unit"
            ])
        #expect(
            problems("version: \"1\"\nunits:\n  - code: A\n    nameEN: B\n" + unit).first?.hasPrefix("units.yaml, line 4: unknown key `nameEN`")
                == true)
        #expect(
            problems("version: \"1\"\nunits:\n  - code: A\n    kind: town\n    name: A\n    schedules: [x]\n    validFrom: \"2025-07-01\"\n")
                == ["units.yaml, line 3: kind must be one of city, province, ministry, ministerial-agency, government-agency, found \"town\""])
        #expect(
            problems("version: \"1\"\nunits:\n  - code: A\n    name: A\n    kind: city\n    schedules: [x]\n    validFrom: 2025-13-01\n")
                == ["units.yaml, line 3: `validFrom` must be a date YYYY-MM-DD, found \"2025-13-01\""])
        #expect(problems("version: \"1\"\nunits:\n  - code: A\n") == ["units.yaml, line 3: a unit needs name, kind, schedules, validFrom"])
        #expect(problems("version: \"1\"\nunits:\n  - code: A\n    schedules: *nowhere\n").contains { $0.contains("*nowhere") })
        #expect(problems("version: \"1\"\nunits: [\n").first?.contains("not valid YAML") == true)
        #expect(problems("") == ["units.yaml: the file is empty"])
        #expect(
            problems("units: []\nextra: 1\n") == [
                "units.yaml, line 2: unknown key `extra` at the top level; expected one of: units, version",
                "units.yaml: missing key `version`",
            ])
    }
}

/// Yes and no in the YAML staff write, read without Yams' regular expressions (which load ICU into every command).
@Suite struct YesNoTests {
    struct Flags: Decodable {
        var flags: [Bool]
        var words: [String]
    }

    @Test func yamlsWordsForTrueAndFalseAreBooleansAndQuotedOnesStayText() throws {
        let text = """
            flags: [true, True, TRUE, yes, Yes, on, ON, false, False, no, NO, off, Off]
            words: ["yes", 'no', yes, true, off, "true", oui, Có]
            nested:
              - deep: [yes]
            """
        let read = try decodeStrictYAML(
            Flags.self, file: "flags.yaml", text: text, allowedKeys: ["": ["flags", "words", "nested"], "nested[]": ["deep"]])
        #expect(read.flags == [true, true, true, true, true, true, true, false, false, false, false, false, false])
        #expect(read.words == ["yes", "no", "yes", "true", "off", "true", "oui", "Có"])
        // A word that is not one of YAML's is no boolean: the file's error names it.
        #expect(throws: CatalogError.self) {
            try decodeStrictYAML(Flags.self, file: "flags.yaml", text: "flags: [oui]\nwords: []", allowedKeys: ["": ["flags", "words"]])
        }
    }
}
