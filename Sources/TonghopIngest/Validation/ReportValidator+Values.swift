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
        var next = 0
        for index in draft.values.indices {
            let id = draft.values[index].criterionId
            let location = draft.values[index].location
            guard let position = template.position(of: id, guess: next) else {
                var arguments: MessageArguments = ["id": .quoted(id), "template": .text(template.id), "version": .text(template.version)]
                var key: MessageKey = .criterionUnknown
                if suggestionsLeft > 0, id.utf8.count <= Self.longestSuggestedId {
                    suggestionsLeft -= 1
                    // An id that reads as one but holds a letter of another script, or a character nobody sees.
                    let (latin, findings) = Lookalikes.examine(id)
                    if !findings.isEmpty {
                        arguments["letters"] = Lookalikes.described(findings)
                        key = .criterionUnknownLookalike
                        if let criterion = template.criterion(latin), let meant = template.position(of: latin) {
                            arguments["suggestion"] = .criterion(criterion)
                            key = .criterionUnknownLookalikeSuggestion
                            // Given, though under an id that only looks like it: not also said to be missing.
                            if firstSeen[meant] == nil { firstSeen[meant] = index }
                        }
                    } else if let near = Self.closest(to: id, in: template.criteria.map(\.id)), let criterion = template.criterion(near) {
                        arguments["suggestion"] = .criterion(criterion)
                        key = .criterionUnknownSuggestion
                    }
                }
                issues.error(.unknownCriterion, at: location, criterion: id, Message(key, arguments))
                continue
            }
            if let first = firstSeen[position] {
                issues.error(
                    .duplicateCriterion, at: location, criterion: id,
                    Message(
                        .criterionDuplicate, ["criterion": .criterion(template.criteria[position]), "first": .place(draft.values[first].location)]))
                accepted[position] = nil
                continue
            }
            firstSeen[position] = index
            next = position + 1
            // Given but unreadable: the reader has said why.
            if case .unreadable = draft.values[index].raw { continue }
            switch Self.typed(draft.values[index].raw, for: template.criteria[position]) {
            case .empty:
                if template.criteria[position].required {
                    issues.error(
                        .missingCriterion, at: location, criterion: id,
                        Message(
                            .criterionEmpty,
                            [
                                "criterion": .criterion(template.criteria[position]),
                                "expected": .message(Self.expectation(template.criteria[position])),
                            ]))
                }
            case .failure(let code, let key, var arguments):
                arguments["criterion"] = .criterion(template.criteria[position])
                issues.error(code, at: location, criterion: id, Message(key, arguments))
            case .readAs(let typed, let written):
                // "1.134" in a whole-number cell, as Vietnamese write it: read as 1134, and said back in the receipt.
                accepted[position] = typed
                issues.add(
                    ValidationIssue(
                        .note, .readAs, at: location, criterion: id,
                        Message(
                            .valueReadAsGroupedNumber,
                            ["criterion": .criterion(template.criteria[position]), "written": .quoted(written), "number": .text(typed.description)])))
            case .value(let typed):
                accepted[position] = typed
                if template.criteria[position].type == .percentage, case .number(let n) = typed, n > 0, n < 1 {
                    issues.add(
                        ValidationIssue(
                            .warning, .percentageAsFraction, at: location, criterion: id,
                            Message(
                                .valuePercentageAsFraction,
                                [
                                    "criterion": .criterion(template.criteria[position]), "written": .number(n),
                                    "percent": .number(NumberText.percent(fromFraction: n)),
                                ])))
                }
            }
        }
        // When "values" itself could not be read, the reader said so once; listing every criterion as missing would
        // bury that one message.
        let valuesUnreadable = draft.unreadableFields.contains("values")
        for (position, criterion) in template.criteria.enumerated() where criterion.required && firstSeen[position] == nil && !valuesUnreadable {
            issues.error(
                .missingCriterion, at: nil, criterion: criterion.id,
                Message(.criterionMissing, ["criterion": .criterion(criterion), "expected": .message(Self.expectation(criterion))]))
        }
        return accepted.indices.compactMap { i in accepted[i].map { CheckedValue(criterionId: template.criteria[i].id, value: $0) } }
    }

    enum Typing {
        case empty
        case value(CriterionValue)
        /// A value read from a text people write differently from the files' grammar (a whole number with dot groups).
        case readAs(CriterionValue, written: String)
        /// The code, and the message's key and arguments but the criterion, which the caller adds.
        case failure(IssueCode, MessageKey, MessageArguments)

        static func wrongType(_ raw: RawValue, _ criterion: Criterion) -> Typing {
            .failure(.wrongType, .valueWrongType, ["found": .text(raw.description), "expected": .message(expectation(criterion))])
        }
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
            var grouped: String?
            switch raw {
            case .number(let n): number = n
            case .text(let s) where criterion.type == .integer && NumberText.groupedWhole(s) != nil:
                // Only for whole numbers: in a decimal or a percentage "1.134" is a decimal point, not a group.
                number = NumberText.groupedWhole(s)!
                grouped = s.trimmed
            case .text(let s):
                guard let n = parseNumber(s, percent: criterion.type == .percentage) else {
                    var found: MessageArguments = ["found": .text(raw.description), "expected": .message(expectation(criterion))]
                    // "3,5": a decimal comma, as Vietnamese write numbers; say what to write instead when that is all it is.
                    let withDot = s.trimmed.replacingOccurrences(of: ",", with: ".")
                    guard s.contains(","), criterion.type != .integer, parseNumber(withDot, percent: criterion.type == .percentage) != nil else {
                        return .failure(.wrongType, .valueWrongType, found)
                    }
                    found["suggestion"] = .text(withDot)
                    return .failure(.wrongType, .valueDecimalComma, found)
                }
                number = n
            default: return .wrongType(raw, criterion)
            }
            // Written only when a check fails: every answer passes here, and writing each number out cost a tenth of a file.
            var found: MessageArgument { .text(raw.description) }
            guard number.isFinite else {
                return .failure(.wrongType, .valueNotFinite, ["found": found, "expected": .message(expectation(criterion))])
            }
            if criterion.type == .integer && number != number.rounded() {
                return .failure(.wrongType, .valueNotWhole, ["found": found])
            }
            // Beyond 2⁵³ a whole number cannot be stored exactly: it would be kept changed, without a word.
            if criterion.type == .integer && abs(number) > NumberText.largestExactWhole {
                return .failure(.outOfBounds, .valueTooLargeToStore, ["found": found])
            }
            let (lo, hi) = criterion.effectiveBounds
            if let lo, number < lo {
                return .failure(.outOfBounds, .valueBelowMinimum, ["found": .number(number), "minimum": .number(lo)])
            }
            if let hi, number > hi {
                return .failure(.outOfBounds, .valueAboveMaximum, ["found": .number(number), "maximum": .number(hi)])
            }
            return grouped.map { .readAs(.number(number), written: $0) } ?? .value(.number(number))
        case .yesNo:
            switch raw {
            case .boolean(let b): return .value(.yesNo(b))
            case .text(let s):
                if let answer = CriterionValue.yesNo(parsing: s) { return .value(.yesNo(answer)) }
            default: break
            }
            return .wrongType(raw, criterion)
        case .choice:
            guard case .text(let s) = raw else { return .wrongType(raw, criterion) }
            let answer = s.trimmed
            // Swift compares strings by canonical equivalence, so composed and decomposed Vietnamese letters match.
            guard let choice = criterion.choices.first(where: { $0 == answer || $0.lowercased() == answer.lowercased() }) else {
                return .failure(.notInChoices, .valueNotInChoices, ["found": .quoted(answer), "choices": .alternatives(criterion.choices)])
            }
            return .value(.choice(choice))
        case .date:
            // 2025-11-26 as files write it, or 26/11/2025 as people type it into a text cell.
            guard case .text(let s) = raw, let date = LocalDate(written: s) else { return .wrongType(raw, criterion) }
            return .value(.date(date))
        case .text:
            guard case .text(let s) = raw else { return .wrongType(raw, criterion) }
            if let max = criterion.maxLength, s.exceeds(characters: max) {
                return .failure(.textTooLong, .valueTextTooLong, ["count": .count(s.count), "maximum": .count(max)])
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
    static func expectation(_ c: Criterion) -> Message {
        let (lo, hi) = c.effectiveBounds
        let range: Message? =
            switch (lo, hi) {
            case let (lo?, hi?): Message(.rangeBetween, ["minimum": .number(lo), "maximum": .number(hi)])
            case let (lo?, nil): Message(.rangeAtLeast, ["minimum": .number(lo)])
            case let (nil, hi?): Message(.rangeAtMost, ["maximum": .number(hi)])
            default: nil
            }
        let unit = MessageArgument.text(c.unitOfMeasure)
        switch c.type {
        case .integer:
            return range.map { Message(.expectWholeNumberIn, ["range": .message($0), "unit": unit]) } ?? Message(.expectWholeNumber, ["unit": unit])
        case .decimal: return range.map { Message(.expectNumberIn, ["range": .message($0), "unit": unit]) } ?? Message(.expectNumber, ["unit": unit])
        case .percentage:
            return Message(.expectPercentage, ["range": .message(range ?? Message(.rangeBetween, ["minimum": .number(0), "maximum": .number(100)]))])
        case .yesNo: return Message(.expectYesNo)
        case .choice: return Message(.expectChoice, ["choices": .alternatives(c.choices)])
        case .date: return Message(.expectDate)
        case .text: return c.maxLength.map { Message(.expectTextUpTo, ["maximum": .count($0)]) } ?? Message(.expectText)
        }
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
