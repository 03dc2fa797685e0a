import Foundation
import TonghopCore

/// Reads `synthesis.yaml` and checks it against the catalog: every criterion it names must exist, and be numeric
/// where a number is needed.
public enum SynthesisSettingsLoader {
    public static let fileName = "synthesis.yaml"

    /// The settings in `directory`, checked against `catalog`; the file's value read from `fileCache` when it kept it.
    public static func load(directory: URL, catalog: Catalog, fileCache: CatalogFileCache? = nil) throws -> SynthesisSettings {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogError(["\(directory.path): no \(fileName) here; it says who issues the synthesis and which criteria it highlights"])
        }
        let (name, text) = try CatalogLoader.read(url)
        let settings = try settings(name: name, text: text, catalog: catalog, cache: fileCache)
        fileCache?.keep()
        return settings
    }

    /// The settings of a `synthesis.yaml` named `name`, checked against the catalog.
    static func settings(name: String, text: String, catalog: Catalog, cache: CatalogFileCache? = nil) throws -> SynthesisSettings {
        let file = try decodeStrictYAML(
            SynthesisFile.self, file: name, text: text,
            allowedKeys: [
                "": ["version", "trendPeriods", "issuer", "schedules", "submission", "notices"],
                "notices": ["from", "digestTo"],
                "submission": ["office", "uploadPage", "mail"],
                "issuer": ["parent", "name", "nameInText", "place", "documentSymbol", "signer", "recipients", "unitCode"],
                "issuer.signer": ["authority", "title", "name"],
                "schedules": Set(catalog.schedules.keys),
                "schedules.*": ["subject", "keyCriteria", "trendCriteria", "shortfalls", "difficultyIndicators", "outliers"],
                "schedules.*.shortfalls[]": ["id", "label", "target", "actual", "gapText"],
                "schedules.*.outliers": ["history", "minimumHistory", "threshold"],
            ], cache: cache)
        var problems: [String] = []
        if !(1...52).contains(file.trendPeriods) { problems.append("\(name): trendPeriods must be between 1 and 52") }
        let contact = file.submission ?? SubmissionContact()
        // Written into every form: a line break or a control character would break the form's instruction line.
        for (key, value) in [("office", contact.office), ("uploadPage", contact.uploadPage), ("mail", contact.mail)]
        where value.forbiddenControlCharacter != nil || value.contains("\n") || value.utf8.count > 200 {
            problems.append("\(name): submission.\(key) must be one line of at most 200 characters")
        }
        if !contact.uploadPage.isEmpty && !(contact.uploadPage.hasPrefix("https://") || contact.uploadPage.hasPrefix("http://")) {
            problems.append("\(name): submission.uploadPage must be an address starting with https:// (or http://)")
        }
        if let code = file.issuer.unitCode, catalog.registry.unit(code) == nil {
            problems.append("\(name): issuer.unitCode \(code.quotedForMessage()) is not the code of a unit in units.yaml")
        }
        var notices = NoticeSettings()
        if let entry = file.notices {
            if let from = entry.from {
                notices.from = MailAddress(from)
                if notices.from == nil { problems.append("\(name): notices.from must be a mail address, found \(from.quotedForMessage())") }
            }
            for address in entry.digestTo ?? [] {
                guard let checked = MailAddress(address) else {
                    problems.append("\(name): notices.digestTo must be mail addresses, found \(address.quotedForMessage())")
                    continue
                }
                notices.digestTo.append(checked)
            }
        }
        var schedules: [String: ScheduleSynthesisSettings] = [:]
        for (scheduleId, entry) in file.schedules {
            let at = "\(name): schedules.\(scheduleId)"
            guard let template = catalog.latestTemplate(forSchedule: scheduleId) else {
                problems.append("\(at): no criteria template reports on this schedule")
                continue
            }
            func check(_ ids: [String], _ key: String, numeric: Bool) {
                for id in ids {
                    guard let criterion = template.criterion(id) else {
                        problems.append("\(at).\(key): \(id) is not a criterion of template \(template.id) \(template.version)")
                        continue
                    }
                    if numeric && !criterion.type.isNumeric {
                        problems.append("\(at).\(key): \(id) is not a number (it is \(criterion.type.rawValue))")
                    }
                }
            }
            check(entry.keyCriteria, "keyCriteria", numeric: false)
            check(entry.trendCriteria, "trendCriteria", numeric: true)
            check(entry.difficultyIndicators ?? [], "difficultyIndicators", numeric: true)
            for shortfall in entry.shortfalls ?? [] {
                check([shortfall.target, shortfall.actual], "shortfalls.\(shortfall.id)", numeric: true)
                // Written into documents: one line, and only the placeholders the line fills.
                if let text = shortfall.gapText {
                    var rest = text
                    for name in ShortfallDefinition.gapPlaceholders { rest = rest.replacingOccurrences(of: "{\(name)}", with: "") }
                    if rest.contains("{") || rest.contains("}") || text.contains("\n") || text.forbiddenControlCharacter != nil {
                        problems.append(
                            "\(at).shortfalls.\(shortfall.id).gapText: one line using only {gap}, {actual}, {target} and {percent}")
                    }
                }
            }
            let outliers = entry.outliers ?? OutlierSettings()
            // Bounded: each period of history is read, and a NaN threshold would make every value an outlier or none.
            if !(1...104).contains(outliers.history) || outliers.minimumHistory < 1 || outliers.minimumHistory > outliers.history
                || !(outliers.threshold > 0 && outliers.threshold.isFinite)
            {
                problems.append("\(at).outliers: history must be from 1 to 104 periods, minimumHistory from 1 to history, threshold a number above 0")
            }
            schedules[scheduleId] = ScheduleSynthesisSettings(
                subject: entry.subject, keyCriteria: entry.keyCriteria, trendCriteria: entry.trendCriteria, shortfalls: entry.shortfalls ?? [],
                difficultyIndicators: entry.difficultyIndicators ?? [], outliers: outliers)
        }
        guard problems.isEmpty else { throw CatalogError(problems) }
        return SynthesisSettings(
            version: file.version, issuer: file.issuer, trendPeriods: file.trendPeriods, schedules: schedules, submission: contact,
            notices: notices)
    }
}

/// The format of `synthesis.yaml`.
struct SynthesisFile: CatalogFileFormat {
    static let formatName = "synthesis settings"
    var version: String
    var trendPeriods: Int
    var issuer: Issuer
    var schedules: [String: ScheduleEntry]
    var submission: SubmissionContact?
    var notices: NoticesEntry?

    struct NoticesEntry: Codable {
        var from: String?
        var digestTo: [String]?
    }

    struct ScheduleEntry: Codable {
        var subject: String
        var keyCriteria: [String]
        var trendCriteria: [String]
        var shortfalls: [ShortfallDefinition]?
        var difficultyIndicators: [String]?
        var outliers: OutlierSettings?
    }
}
