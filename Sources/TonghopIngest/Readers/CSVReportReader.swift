import TonghopCore

/// Reads the CSV report format: a header `record,key,value`, then one row per field, criterion or narrative item.
enum CSVReportReader {
    static let header = ["record", "key", "value"]
    static let metaKeys = ["unit", "period", "template", "templateVersion", "preparedBy"]
    static let recordTypes = ["meta", "value", "results", "difficulty", "recommendation"]

    static func read(_ text: String, fileName: String) -> ReadResult {
        let records: [CSVTable.Record]
        do {
            records = try CSVTable.parse(text)
        } catch {
            switch error {
            case .unclosedQuote(let line):
                return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: line),
                                         "a quoted cell opened on this line is never closed; add the closing \" (write \"\" for a quote inside a cell)")
            case .strayQuote(let line):
                return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: line),
                                         "a quote \" appears inside a cell; put the whole cell in quotes and write \"\" for each quote inside it")
            }
        }
        guard let first = records.first,
            first.cells.map({ $0.trimmed.lowercased() }) == header
        else {
            return ReportReader.fail(.malformedFile, SourceLocation(file: fileName, line: 1, row: 1),
                                     "the first row must be the header \(header.joined(separator: ","))")
        }
        var draft = ReportDraft(file: fileName)
        var issues: [ValidationIssue] = []
        var resultsParts: [Located<String>] = []

        for (offset, record) in records.enumerated().dropFirst() {
            let row = offset + 1
            let cells = record.cells
            let location = SourceLocation(file: fileName, line: record.line, row: row)
            if cells.allSatisfy({ $0.isBlank }) { continue }
            guard cells.count == 3 else {
                issues.append(ValidationIssue(.error, .malformedFile, at: location,
                                              "this row has \(cells.count) cells; every row has 3 (record, key, value); put text containing commas in quotes"))
                continue
            }
            let kind = cells[0].trimmed
            let key = cells[1].trimmed
            let value = cells[2]
            var valueAt = location
            valueAt.column = "value"
            switch kind {
            case "meta":
                guard metaKeys.contains(key) else {
                    var keyAt = location
                    keyAt.column = "key"
                    issues.append(ValidationIssue(.error, .malformedFile, at: keyAt,
                                                  "unknown meta field \"\(key)\"; meta rows name one of \(metaKeys.joined(separator: ", "))"))
                    continue
                }
                let field = Located(value.trimmed, at: valueAt)
                switch key {
                case "unit": set(&draft.unit, field, key, &issues)
                case "period": set(&draft.period, field, key, &issues)
                case "template": set(&draft.template, field, key, &issues)
                case "templateVersion": set(&draft.templateVersion, field, key, &issues)
                default: set(&draft.preparedBy, field, key, &issues)
                }
            case "value":
                let raw: RawValue = value.isBlank ? .empty : .text(value)
                draft.values.append(DraftValue(criterionId: key, raw: raw, location: valueAt))
            case "results":
                resultsParts.append(Located(value, at: valueAt))
            case "difficulty":
                draft.difficulties.append(Located(Difficulty(field: key, text: value), at: valueAt))
            case "recommendation":
                draft.recommendations.append(Located(DraftRecommendation(addressee: key, text: value), at: valueAt))
            default:
                var kindAt = location
                kindAt.column = "record"
                issues.append(ValidationIssue(.error, .malformedFile, at: kindAt,
                                              "unknown record type \"\(kind)\"; the first cell is one of \(recordTypes.joined(separator: ", "))"))
            }
        }
        // Several results rows are paragraphs of one text.
        if let first = resultsParts.first {
            draft.results = Located(resultsParts.map(\.value).joined(separator: "\n"), at: first.location)
        }
        return ReadResult(draft: draft, issues: issues)
    }

    private static func set(_ slot: inout Located<String>?, _ value: Located<String>, _ key: String, _ issues: inout [ValidationIssue]) {
        if let earlier = slot {
            issues.append(ValidationIssue(.error, .malformedFile, at: value.location,
                                          "meta field \"\(key)\" is given twice (first on row \(earlier.location.row ?? 0))"))
        } else {
            slot = value
        }
    }
}
