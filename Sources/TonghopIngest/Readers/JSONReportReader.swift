import Foundation
import TonghopCore

/// Reads the JSON report format (see README, "JSON reports").
enum JSONReportReader {
    static let topLevelKeys = ["unit", "period", "template", "templateVersion", "preparedBy", "values", "results", "difficulties", "recommendations"]

    static func read(_ text: String, fileName: String) -> ReadResult {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            return ReportReader.fail(.malformedFile, syntaxErrorLocation(error, text: text, file: fileName),
                                     "the file is not valid JSON (\(syntaxErrorDetail(error))); check commas, quotes and brackets near this line")
        }
        let index = JSONLineIndex(text)
        func at(_ path: String) -> SourceLocation {
            SourceLocation(file: fileName, line: index.line(path), path: path)
        }
        guard let root = object as? [String: Any] else {
            return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: 1), "the file must hold one JSON object { ... } with the report's fields")
        }
        var issues: [ValidationIssue] = index.duplicates.map { dup in
            let path = dup.path.isEmpty ? dup.key : "\(dup.path).\(dup.key)"
            let location = SourceLocation(file: fileName, line: dup.line, path: path)
            return dup.path == "values"
                ? ValidationIssue(.error, .duplicateCriterion, at: location, criterion: dup.key, "criterion \(dup.key) is given more than once; give each criterion once")
                : ValidationIssue(.error, .malformedFile, at: location, "the field \"\(dup.key)\" is written more than once")
        }
        var draft = ReportDraft(file: fileName)

        for key in root.keys.sorted() where !topLevelKeys.contains(key) {
            issues.append(ValidationIssue(.error, .malformedFile, at: at(key),
                                          "unknown field \"\(key)\"; a report has the fields \(topLevelKeys.joined(separator: ", "))"))
        }
        func string(_ key: String) -> Located<String>? {
            guard let value = root[key], !(value is NSNull) else { return nil }
            guard let s = value as? String else {
                issues.append(ValidationIssue(.error, .malformedFile, at: at(key), "the field \"\(key)\" must be text in quotes"))
                return nil
            }
            return Located(s, at: at(key))
        }
        draft.unit = string("unit")
        draft.period = string("period")
        draft.template = string("template")
        draft.templateVersion = string("templateVersion")
        draft.preparedBy = string("preparedBy")
        draft.results = string("results")

        if let values = root["values"] {
            if let values = values as? [String: Any] {
                let ordered = values.keys.map { (line: index.line("values.\($0)") ?? 0, key: $0) }.sorted { ($0.line, $0.key) < ($1.line, $1.key) }
                for criterion in ordered.map(\.key) {
                    let location = at("values.\(criterion)")
                    guard let raw = rawValue(values[criterion]!) else {
                        issues.append(ValidationIssue(.error, .wrongType, at: location, criterion: criterion,
                                                      "the answer must be a number, text in quotes, true/false or null, not a list or object"))
                        continue
                    }
                    draft.values.append(DraftValue(criterionId: criterion, raw: raw, location: location))
                    // A repeated key keeps only its last value in Foundation's result; keep the count honest.
                    for dup in index.duplicates where dup.path == "values" && dup.key == criterion {
                        draft.values.append(DraftValue(criterionId: criterion, raw: raw, location: SourceLocation(file: fileName, line: dup.line, path: location.path)))
                    }
                }
            } else {
                issues.append(ValidationIssue(.error, .malformedFile, at: at("values"),
                                              "\"values\" must be an object mapping each criterion id to its answer, e.g. {\"dc.tasks_received\": 12}"))
            }
        }
        draft.difficulties = items("difficulties", in: root, keys: ("field", "text"), at: at, issues: &issues)
            .map { Located(Difficulty(field: $0.first, text: $0.second), at: $0.location) }
        draft.recommendations = items("recommendations", in: root, keys: ("addressee", "text"), at: at, issues: &issues)
            .map { Located(DraftRecommendation(addressee: $0.first, text: $0.second), at: $0.location) }
        return ReadResult(draft: draft, issues: issues)
    }

    private typealias Pair = (first: String, second: String, location: SourceLocation)

    /// Reads a list of two-field objects such as difficulties ({field, text}).
    private static func items(
        _ key: String, in root: [String: Any], keys: (String, String), at: (String) -> SourceLocation, issues: inout [ValidationIssue]
    ) -> [Pair] {
        guard let value = root[key], !(value is NSNull) else { return [] }
        guard let list = value as? [Any] else {
            issues.append(ValidationIssue(.error, .malformedFile, at: at(key), "\"\(key)\" must be a list [ ... ] of {\"\(keys.0)\": ..., \"\(keys.1)\": ...}"))
            return []
        }
        var result: [Pair] = []
        for (i, element) in list.enumerated() {
            let path = "\(key)[\(i)]"
            guard let object = element as? [String: Any] else {
                issues.append(ValidationIssue(.error, .malformedFile, at: at(path), "each entry of \"\(key)\" must be {\"\(keys.0)\": ..., \"\(keys.1)\": ...}"))
                continue
            }
            let extra = object.keys.filter { $0 != keys.0 && $0 != keys.1 }.sorted()
            let first = object[keys.0] as? String
            let second = object[keys.1] as? String
            guard let first, let second, extra.isEmpty else {
                let detail = extra.isEmpty ? "needs text in \"\(keys.0)\" and \"\(keys.1)\"" : "has unknown fields \(extra.joined(separator: ", "))"
                issues.append(ValidationIssue(.error, .malformedFile, at: at(path), "entry \(i + 1) of \"\(key)\" \(detail)"))
                continue
            }
            result.append((first, second, at(path)))
        }
        return result
    }

    private static func rawValue(_ value: Any) -> RawValue? {
        switch value {
        case is NSNull: return .empty
        case let s as String: return .text(s)
        case let n as NSNumber:
            // JSONSerialization hands booleans over as NSNumber too; only they have the C type "c".
            if String(cString: n.objCType) == "c", let b = value as? Bool { return .boolean(b) }
            return .number(n.doubleValue)
        default: return nil
        }
    }

    /// Foundation reports "around character N" (a byte offset); turn it into a line.
    private static func syntaxErrorLocation(_ error: any Error, text: String, file: String) -> SourceLocation {
        let detail = syntaxErrorDetail(error)
        guard let range = detail.range(of: "character "),
            let offset = Int(detail[range.upperBound...].prefix { $0.isNumber })
        else { return SourceLocation(file: file) }
        let line = 1 + text.utf8.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count
        return SourceLocation(file: file, line: line)
    }

    private static func syntaxErrorDetail(_ error: any Error) -> String {
        ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
    }
}
