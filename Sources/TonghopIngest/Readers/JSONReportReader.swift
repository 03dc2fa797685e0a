import TonghopCore

/// Reads the JSON report format (see README, "JSON reports").
enum JSONReportReader {
    static let topLevelKeys = ["unit", "period", "template", "templateVersion", "preparedBy", "values", "results", "difficulties", "recommendations"]

    static func read(_ text: String, fileName: String) -> ReadResult {
        let root: JSONValue
        do {
            root = try JSONDocument.parse(text)
        } catch {
            return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: error.line), "the file is not valid JSON: \(error.message)")
        }
        guard case .object(let members) = root else {
            return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: 1), "the file must hold one JSON object { ... } with the report's fields")
        }
        var issues: [ValidationIssue] = []
        var draft = ReportDraft(file: fileName)
        // Bit i set: topLevelKeys[i] was seen.
        var seen = 0
        for member in members {
            let at = SourceLocation(file: fileName, line: member.line, path: member.key)
            guard let keyIndex = topLevelKeys.firstIndex(of: member.key) else {
                issues.append(ValidationIssue(.error, .malformedFile, at: at,
                                              "unknown field \"\(member.key)\"; a report has the fields \(topLevelKeys.joined(separator: ", "))"))
                continue
            }
            guard seen & (1 << keyIndex) == 0 else {
                issues.append(ValidationIssue(.error, .malformedFile, at: at, "the field \"\(member.key)\" is written more than once"))
                continue
            }
            seen |= 1 << keyIndex
            switch member.key {
            case "values": draft.values = values(member.value, at: at, &issues)
            case "difficulties":
                draft.difficulties = pairs(member.value, member.key, ("field", "text"), at: at, &issues)
                    .map { Located(Difficulty(field: $0.first, text: $0.second), at: $0.location) }
            case "recommendations":
                draft.recommendations = pairs(member.value, member.key, ("addressee", "text"), at: at, &issues)
                    .map { Located(DraftRecommendation(addressee: $0.first, text: $0.second), at: $0.location) }
            default:
                let field: Located<String>?
                switch member.value {
                case .null: field = nil
                case .string(let s): field = Located(s, at: at)
                default:
                    issues.append(ValidationIssue(.error, .malformedFile, at: at, "the field \"\(member.key)\" must be text in double quotes"))
                    field = nil
                }
                switch member.key {
                case "unit": draft.unit = field
                case "period": draft.period = field
                case "template": draft.template = field
                case "templateVersion": draft.templateVersion = field
                case "preparedBy": draft.preparedBy = field
                default: draft.results = field
                }
            }
        }
        return ReadResult(draft: draft, issues: issues)
    }

    /// The `values` object: criterion id to answer. A repeated criterion is kept twice, for the validator to report.
    private static func values(_ value: JSONValue, at: SourceLocation, _ issues: inout [ValidationIssue]) -> [DraftValue] {
        guard case .object(let members) = value else {
            issues.append(ValidationIssue(.error, .malformedFile, at: at,
                                          "\"values\" must be an object mapping each criterion id to its answer, e.g. {\"dc.tasks_received\": 12}"))
            return []
        }
        var result: [DraftValue] = []
        result.reserveCapacity(members.count)
        for member in members {
            // No path: the line and the criterion id, which every issue about a value carries, say where it is,
            // and building a path string per value was a tenth of the cost of checking a file.
            let location = SourceLocation(file: at.file, line: member.line)
            let raw: RawValue
            switch member.value {
            case .null: raw = .empty
            case .string(let s): raw = .text(s)
            case .number(let n): raw = .number(n)
            case .bool(let b): raw = .boolean(b)
            case .object, .array:
                issues.append(ValidationIssue(.error, .wrongType, at: location, criterion: member.key,
                                              "the answer must be a number, text in double quotes, true/false or null, not a list or object"))
                continue
            }
            result.append(DraftValue(criterionId: member.key, raw: raw, location: location))
        }
        return result
    }

    /// A list of two-field objects such as difficulties ({field, text}).
    private static func pairs(
        _ value: JSONValue, _ name: String, _ keys: (String, String), at: SourceLocation, _ issues: inout [ValidationIssue]
    ) -> [(first: String, second: String, location: SourceLocation)] {
        if case .null = value { return [] }
        let shape = "{\"\(keys.0)\": \"...\", \"\(keys.1)\": \"...\"}"
        guard case .array(let elements) = value else {
            issues.append(ValidationIssue(.error, .malformedFile, at: at, "\"\(name)\" must be a list [ ... ] of \(shape)"))
            return []
        }
        var result: [(first: String, second: String, location: SourceLocation)] = []
        for (i, element) in elements.enumerated() {
            let location = SourceLocation(file: at.file, line: element.line, path: "\(name)[\(i)]")
            guard case .object(let members) = element.value else {
                issues.append(ValidationIssue(.error, .malformedFile, at: location, "each entry of \"\(name)\" must be \(shape)"))
                continue
            }
            var first: String?, second: String?
            var problems: [String] = []
            for member in members {
                guard member.key == keys.0 || member.key == keys.1 else {
                    problems.append("has the unknown field \"\(member.key)\"")
                    continue
                }
                guard case .string(let s) = member.value else {
                    problems.append("needs text in double quotes in \"\(member.key)\"")
                    continue
                }
                if member.key == keys.0 { first = s } else { second = s }
            }
            guard let first, let second, problems.isEmpty else {
                let detail = problems.first ?? "needs both \"\(keys.0)\" and \"\(keys.1)\""
                issues.append(ValidationIssue(.error, .malformedFile, at: location, "entry \(i + 1) of \"\(name)\" \(detail)"))
                continue
            }
            result.append((first, second, location))
        }
        return result
    }
}
