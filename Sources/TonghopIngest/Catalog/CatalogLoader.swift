import Foundation
import TonghopCore
import Yams

/// Reads the templates folder: `schedules.yaml`, `units.yaml`, every `criteria/*.yaml` and every `tasks/*.yaml`.
public enum CatalogLoader {
    /// The catalog of the templates folder `directory`; the registry read from `registryCache` when it holds the one
    /// `units.yaml` now holds, and kept there when it did not; the other files' values likewise from `fileCache`.
    public static func load(directory: URL, registryCache: RegistryCache? = nil, fileCache: CatalogFileCache? = nil) throws -> Catalog {
        let fm = FileManager.default
        let criteriaDir = directory.appendingPathComponent("criteria")
        guard fm.fileExists(atPath: directory.appendingPathComponent("schedules.yaml").path) else {
            throw CatalogError(["\(directory.path): no schedules.yaml here; point --templates (or TONGHOP_TEMPLATES) at the Templates folder"])
        }
        let templateFiles = ((try? fm.contentsOfDirectory(atPath: criteriaDir.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { criteriaDir.appendingPathComponent($0) }
        // The registry and the templates are independent files: read them on both cores at once, since
        // a commune-scale registry takes as long to load as all the templates together. The registry is taken first,
        // then the templates, the largest first, then the tasks and, last, the schedules, the shortest file. (Taken in
        // the order of their names, the largest template came last and took a core alone for a third of the loading.)
        let schedulesURL = directory.appendingPathComponent("schedules.yaml")
        let unitsURL = directory.appendingPathComponent("units.yaml")
        let tasksURL = directory.appendingPathComponent("tasks")
        let largestFirst = templateFiles.indices.map { ($0, fileSize(templateFiles[$0])) }.sorted { $0.1 > $1.1 }.map { $0.0 + 3 }
        let taken = ([0] + largestFirst + [2, 1]).concurrentMap { i in
            (
                i,
                Result<LoadedPart, any Error> {
                    switch i {
                    case 0: .registry(try loadUnits(unitsURL, cache: registryCache))
                    case 1: .schedules(try loadSchedules(schedulesURL, cache: fileCache))
                    case 2: .tasks(try TaskRegisterLoader.load(directory: tasksURL, cache: fileCache))
                    default: .template(try loadTemplate(templateFiles[i - 3], cache: fileCache))
                    }
                }
            )
        }
        // Back in the files' own order: the templates' order and what is said of problems do not depend on the sizes.
        let outcomes = taken.sorted { $0.0 < $1.0 }.map(\.1)
        var problems: [String] = []
        var schedules: [Schedule] = []
        var registry: UnitRegistry?
        var templates: [CriteriaTemplate] = []
        var directives: [(Directive, [AssignedTask])] = []
        for outcome in outcomes {
            switch outcome {
            case .success(.registry(let r)): registry = r
            case .success(.schedules(let s)): schedules = s
            case .success(.tasks(let d)): directives = d
            case .success(.template(let t)): templates.append(t)
            case .failure(let error as CatalogError): problems += error.problems
            case .failure(let error): problems.append("\(error)")
            }
        }
        guard problems.isEmpty, let registry else { throw CatalogError(problems) }
        let tasks = TaskRegister(directives: directives.map(\.0), tasks: directives.flatMap(\.1))
        let catalog = Catalog(schedules: schedules, templates: templates, registry: registry, tasks: tasks)
        try checkReferences(catalog)
        let taskProblems = TaskRegisterLoader.checkReferences(tasks, catalog)
        guard taskProblems.isEmpty else { throw CatalogError(taskProblems) }
        fileCache?.keep()
        return catalog
    }

    /// The size of the file at `url` in bytes; 0 where it cannot be found out (the file is then said not to read).
    private static func fileSize(_ url: URL) -> Int {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int(info.st_size) : 0
    }

    static func read(_ url: URL) throws -> (name: String, text: String) {
        try text(of: url, contents(of: url))
    }

    static func contents(of url: URL) throws -> Data {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw CatalogError(["\(url.path): cannot read the file"]) }
        return data
    }

    static func text(of url: URL, _ data: Data) throws -> (name: String, text: String) {
        let name = url.lastPathComponent
        guard let text = String(data: data, encoding: .utf8) else { throw CatalogError(["\(name): not UTF-8 text"]) }
        return (name, text)
    }

    // MARK: - Schedules

    static func loadSchedules(_ url: URL, cache: CatalogFileCache? = nil) throws -> [Schedule] {
        let (name, text) = try read(url)
        return try schedules(name: name, text: text, cache: cache)
    }

    /// The schedules of a `schedules.yaml` named `name`.
    static func schedules(name: String, text: String, cache: CatalogFileCache? = nil) throws -> [Schedule] {
        let file = try decodeStrictYAML(
            SchedulesFile.self, file: name, text: text,
            allowedKeys: [
                "": ["version", "schedules"],
                "schedules[]": ["id", "name", "period", "deadline", "grace", "correctionWorkingDays", "trackedFrom", "reminders"],
                "schedules[].period": ["type", "startsOn", "closesOnDay"],
                "schedules[].deadline": ["weekday", "day", "at"],
            ], cache: cache)
        var problems: [String] = []
        let schedules = file.schedules.compactMap { entry -> Schedule? in
            let at = "\(name): schedule \(entry.id)"
            let periodType: PeriodType
            switch (entry.period.type, entry.period.startsOn, entry.period.closesOnDay) {
            case ("weekly", let startsOn?, nil): periodType = .weekly(startsOn: startsOn)
            case ("monthly", nil, let day?) where (1...31).contains(day): periodType = .monthly(closesOnDay: day)
            default:
                problems.append("\(at): period must be `type: weekly` with `startsOn: <weekday>` or `type: monthly` with `closesOnDay: 1..31`")
                return nil
            }
            guard let minutes = DeadlineRule.minutes(parsing: entry.deadline.at) else {
                problems.append("\(at): deadline `at: \(entry.deadline.at)` is not a time HH:MM between 00:00 and 24:00")
                return nil
            }
            let day: DeadlineRule.Day
            switch (entry.deadline.weekday, entry.deadline.day) {
            case (let weekday?, nil): day = .weekday(weekday)
            case (nil, let dom?) where (1...31).contains(dom): day = .dayOfMonth(dom)
            default:
                problems.append("\(at): deadline needs either `weekday:` or `day:` (1..31), not both")
                return nil
            }
            // Bounded: a grace of billions of minutes would overflow the deadline's arithmetic.
            guard (0...Self.longestGraceMinutes).contains(entry.grace ?? 0) else {
                problems.append("\(at): grace must be between 0 and \(Self.longestGraceMinutes) minutes (a week)")
                return nil
            }
            // Bounded as the grace is: a month of working days is more than any correction is given.
            guard (1...20).contains(entry.correctionWorkingDays ?? Schedule.defaultCorrectionWorkingDays) else {
                problems.append("\(at): correctionWorkingDays must be between 1 and 20 working days")
                return nil
            }
            var trackedFrom: LocalDate?
            if let text = entry.trackedFrom {
                guard let day = LocalDate(iso: text) else {
                    problems.append("\(at): trackedFrom `\(text)` is not a date YYYY-MM-DD")
                    return nil
                }
                trackedFrom = day
            }
            // Bounded: a reminder more than a month ahead reminds of the wrong period.
            let reminders = entry.reminders ?? Schedule.defaultReminderHours
            guard reminders.allSatisfy({ (1...720).contains($0) }), Set(reminders).count == reminders.count else {
                problems.append("\(at): reminders must be distinct numbers of hours before the deadline, 1 to 720")
                return nil
            }
            return Schedule(
                id: entry.id, name: entry.name, periodType: periodType,
                deadline: DeadlineRule(day: day, minutes: minutes), graceMinutes: entry.grace ?? 0,
                correctionWorkingDays: entry.correctionWorkingDays ?? Schedule.defaultCorrectionWorkingDays, trackedFrom: trackedFrom,
                reminderHours: reminders.sorted(by: >))
        }
        problems += duplicates(in: schedules.map(\.id)).map { "\(name): schedule id \($0) is used twice" }
        guard problems.isEmpty else { throw CatalogError(problems) }
        return schedules
    }

    /// The longest grace a schedule may give: a week.
    static let longestGraceMinutes = 7 * 24 * 60

    // MARK: - Units

    static func loadUnits(_ url: URL, cache: RegistryCache?) throws -> UnitRegistry {
        let data = try contents(of: url)
        func parse() throws -> UnitRegistry {
            let (name, text) = try text(of: url, data)
            return try units(name: name, text: text)
        }
        return try cache?.registry(of: data, parsing: parse) ?? parse()
    }

    /// The registry of a `units.yaml` named `name`.
    static func units(name: String, text: String) throws -> UnitRegistry {
        let (version, units) = try RegistryReader.read(text, file: name).get()
        let problems = problems(of: units, file: name)
        guard problems.isEmpty else { throw CatalogError(problems) }
        return UnitRegistry(version: version, units: units)
    }

    /// What is wrong with a registry's units beyond its YAML: codes used twice or not fit to be codes, validity ending
    /// before it starts.
    static func problems(of units: [ReportingUnit], file name: String) -> [String] {
        var problems = duplicates(in: units.map(\.code)).map { "\(name): unit code \($0) is used twice" }
        for unit in units {
            if let to = unit.validTo, to < unit.validFrom { problems.append("\(name): unit \(unit.code) has validTo before validFrom") }
            if !isFitForCode(unit.code) {
                problems.append("\(name): unit code \"\(unit.code)\" must be non-empty, without spaces or colons")
            }
        }
        return problems
    }

    /// Whether `code` may be a unit's code: not empty, without white space or colons. By its bytes where it is ASCII,
    /// as codes are: by its characters, a commune-scale registry's 3,378 codes took 13 million instructions of every
    /// command's start (0.7 million by their bytes), the registry being checked again as it is read back from its cache.
    static func isFitForCode(_ code: String) -> Bool {
        guard !code.isEmpty else { return false }
        guard !code.containsByte(where: { $0 >= 0x80 }) else { return !code.contains { $0.isWhitespace || $0 == ":" } }
        // ASCII's white space: what `Character.isWhitespace` says of it.
        return !code.containsByte { $0 == 0x20 || (0x09...0x0D).contains($0) || $0 == UInt8(ascii: ":") }
    }

    // MARK: - Templates

    static func loadTemplate(_ url: URL, cache: CatalogFileCache? = nil) throws -> CriteriaTemplate {
        let (name, text) = try read(url)
        return try template(name: name, text: text, cache: cache)
    }

    /// The criteria template of a file named `name`.
    static func template(name: String, text: String, cache: CatalogFileCache? = nil) throws -> CriteriaTemplate {
        let file = try decodeStrictYAML(
            TemplateFile.self, file: name, text: text,
            allowedKeys: [
                "": ["id", "version", "schedule", "title", "groups", "criteria", "rules", "narrative"],
                "groups[]": ["id", "label"],
                "criteria[]": [
                    "id", "group", "label", "unit", "type", "required", "min", "max", "choices", "maxLength", "aggregate", "better",
                    "ratioOf",
                ],
                "rules[]": ["id", "check", "severity", "message", "missing"],
                "narrative": ["results", "itemMaxLength", "difficultyFields", "addressees"],
                "narrative.results": ["required", "maxLength", "byTopic"],
                "narrative.difficultyFields[]": ["code", "label"],
                "narrative.addressees[]": ["code", "label"],
            ], cache: cache)
        var problems: [String] = []
        let at = "\(name) (template \(file.id) \(file.version))"
        let groupIds = Set(file.groups.map(\.id))
        problems += duplicates(in: file.criteria.map(\.id)).map { "\(at): criterion id \($0) is used twice" }
        let criteria = file.criteria.map { entry in
            if !groupIds.contains(entry.group) { problems.append("\(at): criterion \(entry.id) names unknown group \(entry.group)") }
            if let lo = entry.min, let hi = entry.max, lo > hi { problems.append("\(at): criterion \(entry.id) has min above max") }
            // `.nan` and `.inf` are YAML numbers: a NaN bound would let every answer through.
            if [entry.min, entry.max].contains(where: { $0.map { !$0.isFinite } ?? false }) {
                problems.append("\(at): criterion \(entry.id) has a min or max that is not a finite number")
            }
            if let length = entry.maxLength, length < 1 { problems.append("\(at): criterion \(entry.id) has a maxLength below 1") }
            if entry.type == .choice && (entry.choices ?? []).isEmpty {
                problems.append("\(at): choice criterion \(entry.id) needs a `choices:` list")
            }
            if entry.type != .choice && entry.choices != nil { problems.append("\(at): criterion \(entry.id) has choices but is not of type choice") }
            // A ratio is written in percent: only a share may be one.
            if entry.aggregate == .ratio, entry.type != .percentage, entry.unit != "%" {
                problems.append("\(at): criterion \(entry.id): `aggregate: ratio` is for a percentage (type percentage or unit \"%\")")
            }
            if (entry.aggregate == .ratio) != (entry.ratioOf != nil) || (entry.ratioOf.map { $0.count != 2 } ?? false) {
                problems.append("\(at): criterion \(entry.id): `aggregate: ratio` goes with `ratioOf: [numerator, denominator]`, two criterion ids")
            }
            return Criterion(
                id: entry.id, group: entry.group, label: entry.label, unitOfMeasure: entry.unit, type: entry.type,
                required: entry.required, minimum: entry.min, maximum: entry.max, choices: entry.choices ?? [],
                maxLength: entry.maxLength, aggregation: entry.aggregate, better: entry.better ?? .neither,
                ratioOf: entry.ratioOf.flatMap { $0.count == 2 ? RatioParts(numerator: $0[0], denominator: $0[1]) : nil })
        }
        // A rate's parts are numbers of this template, neither of them a rate itself.
        for criterion in criteria {
            guard let parts = criterion.ratioOf else { continue }
            for id in [parts.numerator, parts.denominator] {
                let part = criteria.first { $0.id == id }
                if part == nil || !(part!.type.isNumeric) || part!.aggregation == .ratio {
                    problems.append("\(at): criterion \(criterion.id): ratioOf names \(id), which is not a number criterion of this template")
                }
            }
        }
        let byId = Dictionary(criteria.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rules = (file.rules ?? []).compactMap { entry -> CrossCriterionRule? in
            guard let (left, comparison, right) = parseCheck(entry.check) else {
                problems.append("\(at): rule \(entry.id): `check: \(entry.check)` must be `left <op> right` with <op> one of <, <=, ==, !=, >=, >")
                return nil
            }
            for id in left.criterionIds + right.criterionIds where byId[id]?.type.isTextual ?? true {
                problems.append("\(at): rule \(entry.id) uses \(id), which is not a numeric or yes/no criterion of this template")
            }
            // A note says how an answer was read; a rule either blocks a file or warns.
            if entry.severity == .note { problems.append("\(at): rule \(entry.id): `severity:` must be error or warning") }
            let missing = entry.missing.map { MissingValueStrategy(rawValue: $0) } ?? .skipIfAnyMissing
            guard let missing else {
                problems.append(
                    "\(at): rule \(entry.id): `missing:` must be one of \(MissingValueStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return CrossCriterionRule(
                id: entry.id, left: left, comparison: comparison, right: right, severity: entry.severity,
                message: entry.message, missingValues: missing)
        }
        if file.narrative.results.maxLength < 1 || file.narrative.itemMaxLength < 1 {
            problems.append("\(at): narrative.results.maxLength and narrative.itemMaxLength must be at least 1")
        }
        let narrative = NarrativeSpec(
            resultsRequired: file.narrative.results.required, resultsMaxLength: file.narrative.results.maxLength,
            resultsByTopic: file.narrative.results.byTopic ?? false,
            itemMaxLength: file.narrative.itemMaxLength,
            difficultyFields: file.narrative.difficultyFields.map { .init(code: $0.code, label: $0.label) },
            addressees: file.narrative.addressees.map { .init(code: $0.code, label: $0.label) })
        guard problems.isEmpty else { throw CatalogError(problems) }
        return CriteriaTemplate(
            id: file.id, version: file.version, title: file.title, scheduleId: file.schedule,
            groups: file.groups.map { CriterionGroup(id: $0.id, label: $0.label) },
            criteria: criteria, rules: rules, narrative: narrative)
    }

    /// Splits "a + b <= c" at its comparison operator.
    static func parseCheck(_ text: String) -> (RuleExpression, Comparison, RuleExpression)? {
        for op in ["<=", ">=", "==", "!=", "<", ">"] {
            guard let range = text.range(of: op) else { continue }
            guard let comparison = Comparison(rawValue: op),
                let left = RuleExpression(parsing: String(text[..<range.lowerBound])),
                let right = RuleExpression(parsing: String(text[range.upperBound...]))
            else { return nil }
            return (left, comparison, right)
        }
        return nil
    }

    // MARK: - Across files

    static func checkReferences(_ catalog: Catalog) throws {
        var problems: [String] = []
        for unit in catalog.registry.units {
            for id in unit.scheduleIds where catalog.schedules[id] == nil {
                problems.append("units.yaml: unit \(unit.code) reports on unknown schedule \(id)")
            }
        }
        for versions in catalog.templates.values {
            for template in versions where catalog.schedules[template.scheduleId] == nil {
                problems.append("template \(template.id) \(template.version): unknown schedule \(template.scheduleId)")
            }
            problems += duplicates(in: versions.map(\.version)).map { "template \(versions[0].id): version \($0) is defined twice" }
        }
        guard problems.isEmpty else { throw CatalogError(problems) }
    }

    /// The ids given more than once, each once, sorted. (With sets: grouping the ids into arrays took 4.4 million
    /// instructions for a commune-scale registry's codes, checked at every command's start; 1.7 million so.)
    private static func duplicates(in ids: [String]) -> [String] {
        var seen = Set<String>(minimumCapacity: ids.count)
        var twice = Set<String>()
        // Each named as first given: an id given again in another spelling of the same characters is the same id.
        for id in ids {
            let (inserted, first) = seen.insert(id)
            if !inserted { twice.insert(first) }
        }
        return twice.sorted()
    }
}

/// One file of the catalog, as loaded.
private enum LoadedPart: Sendable {
    case registry(UnitRegistry)
    case schedules([Schedule])
    case template(CriteriaTemplate)
    case tasks([(Directive, [AssignedTask])])
}
