import Foundation
import TonghopCore
import TonghopIngest
import TonghopService
import TonghopStore
import TonghopSynthesis
import TonghopTestSupport

func instant(_ text: String) -> Date { ISO8601.instant(text)! }

/// The sample reports taken in from their replay log, once for all tests that only read them.
let sampleDatabase: TonghopDatabase = {
    let database = try! TonghopDatabase.inMemory()
    let log = try! ReplayLog.load(path: Repo.samples.appendingPathComponent("receipts.csv").path)
    _ = try! SubmissionService(catalog: shippedCatalog).storing(in: database).submit(
        log.entries.map { IncomingFile(path: $0.path, receivedAt: $0.receivedAt) },
        batchSize: 512)
    return database
}()

let synthesisSettings = try! SynthesisSettingsLoader.load(directory: Repo.templates, catalog: shippedCatalog)

func synthesize(
    _ schedule: String = "province-weekly", period: String? = nil, asOf: String, in database: TonghopDatabase = sampleDatabase,
    scope: SynthesisScope = .whole
) throws -> Synthesis {
    let schedule = shippedCatalog.schedules[schedule]!
    return try SynthesisBuilder(catalog: shippedCatalog, settings: synthesisSettings, archive: database)
        .build(schedule: schedule, period: period.map { try! schedule.period(forKey: $0).get() }, asOf: instant(asOf), scope: scope)
}

/// Checks and stores one report received at `time`.
func submit(_ text: String, name: String = "report.json", at time: String, into database: any Storage) throws -> FileVerdict {
    let service = SubmissionService(catalog: shippedCatalog)
    return try service.storing(in: database).store([service.check(bytes: Data(text.utf8), fileName: name, receivedAt: instant(time))], names: [name])[
        0]
}

/// The sample files of one period folder, read here without tonghop's readers: for each unit, the values of the last file
/// received by `asOf` according to the replay log.
func sampleValues(folder: String, receivedBy asOf: String) throws -> [String: [String: String]] {
    let log = try String(contentsOf: Repo.samples.appendingPathComponent("receipts.csv"), encoding: .utf8)
    var latest: [String: (time: Date, values: [String: String])] = [:]
    for line in log.split(separator: "\n").dropFirst() {
        let cells = line.split(separator: ",", maxSplits: 1).map(String.init)
        let time = instant(cells[0])
        guard cells[1].hasPrefix(folder + "/"), time <= instant(asOf) else { continue }
        let data = try Data(contentsOf: Repo.samples.appendingPathComponent(cells[1]))
        let (unit, values) = cells[1].hasSuffix(".json") ? try jsonValues(data) : csvValues(data)
        if latest[unit].map({ $0.time <= time }) ?? true { latest[unit] = (time, values) }
    }
    return latest.mapValues(\.values)
}

private func jsonValues(_ data: Data) throws -> (String, [String: String]) {
    /// A value as JSON writes it; the decoder, unlike JSONSerialization, keeps true apart from 1.
    enum Value: Decodable {
        case flag(Bool)
        case number(Double)
        case text(String)
        case none
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .none
            } else if let b = try? c.decode(Bool.self) {
                self = .flag(b)
            } else if let n = try? c.decode(Double.self) {
                self = .number(n)
            } else {
                self = .text(try c.decode(String.self))
            }
        }
    }
    struct Report: Decodable {
        var unit: String
        var values: [String: Value]
    }
    let report = try JSONDecoder().decode(Report.self, from: data)
    var values: [String: String] = [:]
    for (key, value) in report.values {
        switch value {
        case .none: continue
        case .flag(let b): values[key] = b ? "yes" : "no"
        case .number(let n): values[key] = String(n)
        case .text(let t): values[key] = t
        }
    }
    return (report.unit, values)
}

/// Enough of RFC 4180 for the sample files: quoted cells with commas and doubled quotes.
private func csvValues(_ data: Data) -> (String, [String: String]) {
    var text = String(decoding: data, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    var unit = ""
    var values: [String: String] = [:]
    for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
        var cells: [String] = [], cell = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        cell.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
        }
        cells.append(cell)
        guard cells.count == 3 else { continue }
        if cells[0] == "meta" && cells[1] == "unit" { unit = cells[2] }
        if cells[0] == "value" && !cells[2].isEmpty {
            values[cells[1]] = ["có": "yes", "không": "no"][cells[2]] ?? cells[2]
        }
    }
    return (unit, values)
}
