import Foundation
import TonghopCore

extension ReportValidator {
    /// Checks each answer against its criterion and returns the accepted ones in template order.
    func checkValues(_ draft: ReportDraft, template: CriteriaTemplate, _ issues: inout Issues) -> [CheckedValue] {
        // Indexed by the criterion's position in the template: where it was first given, and its accepted answer.
        var firstSeen = [Int?](repeating: nil, count: template.criteria.count)
        var accepted = [CriterionValue?](repeating: nil, count: template.criteria.count)
        // "Did you mean" compares an unknown id with every criterion: only for ids of a sane length, and for the first
        // few, so that a file of thousands of unknown ids (or one of a megabyte) costs no more than its size.
        var suggestionsLeft = Self.maximumSuggestions
        // Criteria and draft values are read in place, not copied out: copying their many strings was
        // most of the cost of checking a value.
        for index in draft.values.indices {
            let id = draft.values[index].criterionId
            let location = draft.values[index].location
            guard let position = template.position(of: id) else {
                var hint = ""
                if suggestionsLeft > 0, id.utf8.count <= Self.longestSuggestedId {
                    suggestionsLeft -= 1
                    hint = Self.closest(to: id, in: template.criteria.map(\.id)).map { "; did you mean \($0)?" } ?? ""
                }
                issues.error(
                    .unknownCriterion, at: location, criterion: id,
                    "\(id.quotedForMessage()) is not a criterion of template \(template.id) \(template.version)\(hint)")
                continue
            }
            if let first = firstSeen[position] {
                issues.error(
                    .duplicateCriterion, at: location, criterion: id,
                    "criterion \(id) is given more than once (first at \(Self.place(draft.values[first].location))); give each criterion once")
                accepted[position] = nil
                continue
            }
            firstSeen[position] = index
            // Given but unreadable: the reader has said why.
            if case .unreadable = draft.values[index].raw { continue }
            switch Self.typed(draft.values[index].raw, for: template.criteria[position]) {
            case .empty:
                if template.criteria[position].required {
                    issues.error(
                        .missingCriterion, at: location, criterion: id,
                        "\(Self.name(template.criteria[position])) is required but left empty; \(Self.expectation(template.criteria[position]))")
                }
            case .failure(let code, let message):
                issues.error(code, at: location, criterion: id, "\(Self.name(template.criteria[position])): \(message)")
            case .value(let typed):
                accepted[position] = typed
                if template.criteria[position].type == .percentage, case .number(let n) = typed, n > 0, n < 1 {
                    issues.add(
                        ValidationIssue(
                            .warning, .percentageAsFraction, at: location, criterion: id,
                            "\(Self.name(template.criteria[position])): \(CriterionValue.number(n)) reads as \(CriterionValue.number(n))%; a percentage is written from 0 to 100, so if you meant \(CriterionValue.number(NumberText.percent(fromFraction: n)))%, write \(CriterionValue.number(NumberText.percent(fromFraction: n)))"
                        ))
                }
            }
        }
        // When "values" itself could not be read, the reader said so once; listing every criterion as missing would
        // bury that one message.
        let valuesUnreadable = draft.unreadableFields.contains("values")
        for (position, criterion) in template.criteria.enumerated() where criterion.required && firstSeen[position] == nil && !valuesUnreadable {
            issues.error(
                .missingCriterion, at: nil, criterion: criterion.id,
                "\(Self.name(criterion)) is required and missing from the file; \(Self.expectation(criterion))")
        }
        return accepted.indices.compactMap { i in accepted[i].map { CheckedValue(criterionId: template.criteria[i].id, value: $0) } }
    }

    enum Typing {
        case empty
        case value(CriterionValue)
        case failure(IssueCode, String)
    }

    /// Unknown ids compared with the template's for a suggestion, at most; and the longest id compared.
    static let maximumSuggestions = 20
    static let longestSuggestedId = 64

    /// Reads a raw answer as the criterion's type, checking bounds, choices and length.
    static func typed(_ raw: RawValue, for criterion: Criterion) -> Typing {
        if case .empty = raw { return .empty }
        if case .unreadable = raw { return .empty }
        if case .text(let s) = raw, s.isBlank { return .empty }
        switch criterion.type {
        case .integer, .decimal, .percentage:
            let number: Double
            switch raw {
            case .number(let n): number = n
            case .text(let s):
                guard let n = parseNumber(s, percent: criterion.type == .percentage) else {
                    return .failure(
                        .wrongType,
                        "found \(raw), \(expectation(criterion))"
                            + (s.contains(",") ? "; use a dot as the decimal separator and no thousands separator" : ""))
                }
                number = n
            default: return .failure(.wrongType, "found \(raw), \(expectation(criterion))")
            }
            guard number.isFinite else { return .failure(.wrongType, "found \(raw), which is not a finite number; \(expectation(criterion))") }
            if criterion.type == .integer && number != number.rounded() {
                return .failure(.wrongType, "found \(raw), expected a whole number")
            }
            // Beyond 2⁵³ a whole number cannot be stored exactly: it would be kept changed, without a word.
            if criterion.type == .integer && abs(number) > NumberText.largestExactWhole {
                return .failure(.outOfBounds, "found \(raw), too large to be stored exactly; no count is that large")
            }
            let (lo, hi) = criterion.effectiveBounds
            if let lo, number < lo {
                return .failure(.outOfBounds, "found \(CriterionValue.number(number)), below the minimum \(CriterionValue.number(lo))")
            }
            if let hi, number > hi {
                return .failure(.outOfBounds, "found \(CriterionValue.number(number)), above the maximum \(CriterionValue.number(hi))")
            }
            return .value(.number(number))
        case .yesNo:
            switch raw {
            case .boolean(let b): return .value(.yesNo(b))
            case .text(let s):
                if let answer = CriterionValue.yesNo(parsing: s) { return .value(.yesNo(answer)) }
            default: break
            }
            return .failure(.wrongType, "found \(raw), \(expectation(criterion))")
        case .choice:
            guard case .text(let s) = raw else { return .failure(.wrongType, "found \(raw), \(expectation(criterion))") }
            let answer = s.trimmed
            // Swift compares strings by canonical equivalence, so composed and decomposed Vietnamese letters match.
            guard let choice = criterion.choices.first(where: { $0 == answer || $0.lowercased() == answer.lowercased() }) else {
                return .failure(
                    .notInChoices,
                    "\(answer.quotedForMessage()) is not one of the choices: \(criterion.choices.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            return .value(.choice(choice))
        case .date:
            guard case .text(let s) = raw, let date = LocalDate(iso: s.trimmed) else {
                return .failure(.wrongType, "found \(raw), \(expectation(criterion))")
            }
            return .value(.date(date))
        case .text:
            guard case .text(let s) = raw else { return .failure(.wrongType, "found \(raw), \(expectation(criterion))") }
            if let max = criterion.maxLength, s.exceeds(characters: max) {
                return .failure(.textTooLong, "the text has \(s.count) characters; at most \(max) are accepted")
            }
            return .value(.text(s))
        }
    }

    /// A number written with a dot as decimal separator: "12", "-3", "12.5" (and "85%" for percentages).
    static func parseNumber(_ text: String, percent: Bool) -> Double? {
        var s = text.trimmed
        if percent && s.hasSuffix("%") { s = String(s.dropLast()).trimmed }
        return NumberText.decimal(s)
    }

    /// What a person should write for a criterion.
    static func expectation(_ c: Criterion) -> String {
        let (lo, hi) = c.effectiveBounds
        let range: String =
            switch (lo, hi) {
            case let (lo?, hi?): " from \(CriterionValue.number(lo)) to \(CriterionValue.number(hi))"
            case let (lo?, nil): " of at least \(CriterionValue.number(lo))"
            case let (nil, hi?): " of at most \(CriterionValue.number(hi))"
            default: ""
            }
        switch c.type {
        case .integer: return "expected a whole number\(range) (\(c.unitOfMeasure))"
        case .decimal: return "expected a number\(range) with a dot for decimals (\(c.unitOfMeasure))"
        case .percentage: return "expected a percentage\(range)"
        case .yesNo: return "expected yes or no (có/không, or true/false)"
        case .choice: return "expected one of \(c.choices.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .date: return "expected a date written YYYY-MM-DD, e.g. 2025-11-13"
        case .text: return "expected text" + (c.maxLength.map { " of at most \($0) characters" } ?? "")
        }
    }

    static func name(_ c: Criterion) -> String { "criterion \(c.id) (\"\(c.label.vi)\")" }

    static func place(_ location: SourceLocation) -> String {
        if let line = location.line { return "line \(line)" }
        if let row = location.row { return "row \(row)" }
        return location.cell ?? "earlier"
    }

    /// The known id nearest to a mistyped one, if it is close (edit distance ≤ 3).
    static func closest(to id: String, in known: [String]) -> String? {
        known.map { ($0, editDistance(id, $0)) }.filter { $0.1 <= 3 }.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance: the fewest single-character insertions, deletions and substitutions from `a` to `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
