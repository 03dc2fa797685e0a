import Foundation
import TonghopCore
import TonghopIngest
import ZIPFoundation

/// The repository's own folders, found from this file's path.
public enum Repo {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let templates = root.appendingPathComponent("Templates")
    public static let samples = root.appendingPathComponent("SampleReports")

    public static func sample(_ path: String) throws -> Data {
        try Data(contentsOf: samples.appendingPathComponent(path))
    }
}

/// The shipped catalog, loaded once.
public let shippedCatalog: Catalog = try! CatalogLoader.load(directory: Repo.templates)

/// The shipped catalog without the register of tasks: for the reports the tests write by hand, which say nothing of
/// tasks and would otherwise be warned of every open task of their unit.
public let catalogWithoutTasks: Catalog = {
    var catalog = shippedCatalog
    catalog.tasks = TaskRegister()
    return catalog
}()

/// A valid province report built in code, so each test changes exactly one thing.
public struct ReportBuilder {
    public init() {}

    public var unit = "HN"
    public var period = "2025-W46"
    public var template = "province-weekly"
    public var version = "1.1"
    public var values: [(String, Any?)] = ReportBuilder.validValues
    /// Results by topic (template 1.1); a string gives them as one text.
    public var results: Any? = ["general": "Các xã vận hành ổn định."]
    public var difficulties: [[String: Any]] = [["field": "land", "text": "Thiếu công chức địa chính."]]
    public var recommendations: [[String: Any]] = [["addressee": "ministry:BXD", "text": "Đề nghị hướng dẫn cấp phép xây dựng."]]

    public static var validValues: [(String, Any?)] {
        var values: [(String, Any?)] = []
        for c in shippedCatalog.template("province-weekly", version: "1.1")!.criteria where c.required {
            switch c.type {
            case .integer: values.append((c.id, 10))
            case .decimal, .percentage: values.append((c.id, 2.5))
            case .yesNo: values.append((c.id, true))
            case .choice: values.append((c.id, c.choices[0]))
            case .date: values.append((c.id, "2025-11-19"))
            case .text: values.append((c.id, "x"))
            }
        }
        return values
    }

    public mutating func set(_ id: String, _ value: Any?) {
        if let i = values.firstIndex(where: { $0.0 == id }) { values[i].1 = value } else { values.append((id, value)) }
    }

    public mutating func remove(_ id: String) { values.removeAll { $0.0 == id } }

    /// The report as JSON text, values in order, one per line.
    public func json() -> String {
        func encode(_ v: Any?) -> String {
            guard let v else { return "null" }
            if let b = v as? Bool { return b ? "true" : "false" }
            if v is Int || v is Double { return "\(v)" }
            let data = try! JSONSerialization.data(withJSONObject: [v], options: [.fragmentsAllowed])
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        }
        var lines = [
            "{", "  \"unit\": \(encode(unit)),", "  \"period\": \(encode(period)),", "  \"template\": \(encode(template)),",
            "  \"templateVersion\": \(encode(version)),", "  \"values\": {",
        ]
        lines += values.enumerated().map { i, kv in "    \(encode(kv.0)): \(encode(kv.1))" + (i < values.count - 1 ? "," : "") }
        lines.append("  },")
        lines.append("  \"results\": \(encode(results)),")
        lines.append(
            "  \"difficulties\": ["
                + difficulties.map { "{\"field\": \(encode($0["field"])), \"text\": \(encode($0["text"]))}" }.joined(separator: ", ") + "],")
        lines.append(
            "  \"recommendations\": ["
                + recommendations.map { "{\"addressee\": \(encode($0["addressee"])), \"text\": \(encode($0["text"]))}" }.joined(separator: ", ") + "]"
        )
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same report in the CSV format.
    public func csv() -> String {
        func cell(_ v: Any?) -> String {
            guard let v else { return "" }
            let s: String = (v as? Bool).map { $0 ? "có" : "không" } ?? "\(v)"
            return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var rows = ["record,key,value", "meta,unit,\(unit)", "meta,period,\(period)", "meta,template,\(template)", "meta,templateVersion,\(version)"]
        rows += values.map { "value,\($0.0),\(cell($0.1))" }
        if let topics = results as? [String: Any] {
            rows += topics.sorted { $0.key < $1.key }.map { "results,\($0.key),\(cell($0.value))" }
        } else if let results {
            rows.append("results,,\(cell(results))")
        }
        rows += difficulties.map { "difficulty,\(cell($0["field"])),\(cell($0["text"]))" }
        rows += recommendations.map { "recommendation,\(cell($0["addressee"])),\(cell($0["text"]))" }
        return rows.joined(separator: "\n") + "\n"
    }

    public func check(_ format: ReportFormat = .json) -> ValidationOutcome {
        let text = format == .json ? json() : csv()
        return ReportValidator(catalog: catalogWithoutTasks).check(Data(text.utf8), fileName: "report.\(format.rawValue)")
    }
}

/// The instant the sample week's reports are taken to arrive: an hour before the province deadline.
public let sampleReceipt = ISO8601DateFormatter().date(from: "2025-11-20T07:00:00+07:00")!

extension ReportValidator {
    public func check(_ data: Data, fileName: String) -> ValidationOutcome {
        check(data, fileName: fileName, receivedAt: sampleReceipt)
    }
}

/// The parts of an Office package (.xlsx, .docx) by path.
public func officeParts(_ data: Data) throws -> [String: Data] {
    let archive = try Archive(data: data, accessMode: .read)
    var parts: [String: Data] = [:]
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        parts[entry.path] = bytes
    }
    return parts
}
