import Foundation
import TonghopCore

extension ReportValidator {
    struct Narrative {
        var results = ""
        var topicResults: [TopicText] = []
        var difficulties: [Difficulty] = []
        var recommendations: [Recommendation] = []
    }

    /// Checks results achieved, difficulties (field from the fixed list) and recommendations (addressee).
    func checkNarrative(_ draft: ReportDraft, spec: NarrativeSpec?, groups: [CriterionGroup], _ issues: inout Issues) -> Narrative {
        var narrative = Narrative()
        guard let spec else { return narrative }
        if spec.resultsByTopic {
            narrative.topicResults = checkTopicResults(draft, spec: spec, groups: groups, &issues)
        } else {
            narrative.results = checkSingleResults(draft, spec: spec, &issues)
        }
        narrative.difficulties = checkDifficulties(draft, spec: spec, &issues)
        narrative.recommendations = checkRecommendations(draft, spec: spec, &issues)
        return narrative
    }

    /// The results as one text.
    private func checkSingleResults(_ draft: ReportDraft, spec: NarrativeSpec, _ issues: inout Issues) -> String {
        for item in draft.topicResults {
            issues.error(.unknownTopic, at: item.code.location, Message(.resultsSingleText, ["topic": .quoted(item.code.value)]))
        }
        let results = draft.results?.value ?? ""
        if results.isBlank {
            if spec.resultsRequired && !draft.unreadableFields.contains("results") {
                issues.error(.missingText, at: draft.results?.location, Message(.resultsMissing))
            }
        } else if results.exceeds(characters: spec.resultsMaxLength) {
            issues.error(
                .textTooLong, at: draft.results?.location,
                Message(.resultsTooLong, ["count": .count(results.count), "maximum": .count(spec.resultsMaxLength)]))
        }
        return results
    }

    /// The results by topic, one text for each group of the template (the directive's contents): a topic may be left
    /// empty, but at least one is required when results are.
    private func checkTopicResults(_ draft: ReportDraft, spec: NarrativeSpec, groups: [CriterionGroup], _ issues: inout Issues)
        -> [TopicText]
    {
        // Named only when a problem needs them: every report of a week passes here.
        var topics: MessageArgument {
            .localized(
                vi: Language.vi.list(groups.map { "\($0.label.vi) [\($0.id)]" }), en: Language.en.list(groups.map { "\($0.label.en) [\($0.id)]" }))
        }
        if let single = draft.results, !single.value.isBlank {
            issues.error(.unknownTopic, at: single.location, Message(.resultsNeedTopics, ["topics": topics]))
        }
        var given: [String: String] = [:]
        for item in draft.topicResults {
            let topic = item.code.value.trimmed
            guard let group = groups.first(where: { $0.id == topic }) else {
                issues.error(.unknownTopic, at: item.code.location, Message(.resultsTopicUnknown, ["topic": .quoted(topic), "topics": topics]))
                continue
            }
            guard !item.text.value.isBlank else { continue }
            if item.text.value.exceeds(characters: spec.resultsMaxLength) {
                issues.error(
                    .textTooLong, at: item.text.location,
                    Message(
                        .resultsTopicTooLong,
                        ["topic": .localized(group.label), "count": .count(item.text.value.count), "maximum": .count(spec.resultsMaxLength)]))
                continue
            }
            given[topic] = item.text.value
        }
        let refused = draft.results.map { !$0.value.isBlank } ?? false
        if given.isEmpty, spec.resultsRequired, !refused, !draft.unreadableFields.contains("results"),
            !draft.topicResults.contains(where: { !$0.text.value.isBlank })
        {
            issues.error(.missingText, at: draft.results?.location, Message(.resultsMissing))
        }
        return groups.compactMap { group in given[group.id].map { TopicText(topic: group.id, text: $0) } }
    }

    private func checkDifficulties(_ draft: ReportDraft, spec: NarrativeSpec, _ issues: inout Issues) -> [Difficulty] {
        var difficulties: [Difficulty] = []
        let fields = spec.difficultyFields.map(\.code)
        for item in draft.difficulties {
            // The form's drop-down offers the field's name, exactly as the template writes it: read back as its code.
            let written = item.code.value.trimmed
            let field = spec.difficultyFields.first { $0.label.vi == written }?.code ?? written
            var ok = checkItemText(item.text, what: .itemDifficulty, max: spec.itemMaxLength, &issues)
            if !fields.contains(field) {
                issues.error(
                    .unknownDifficultyField, at: item.code.location,
                    Message(.difficultyUnknownField, ["field": .quoted(field), "fields": Self.choices(spec.difficultyFields)]))
                ok = false
            }
            if ok { difficulties.append(Difficulty(field: field, text: item.text.value)) }
        }
        return difficulties
    }

    private func checkRecommendations(_ draft: ReportDraft, spec: NarrativeSpec, _ issues: inout Issues) -> [Recommendation] {
        var recommendations: [Recommendation] = []
        for item in draft.recommendations {
            var ok = checkItemText(item.text, what: .itemRecommendation, max: spec.itemMaxLength, &issues)
            // Several addressees are separated by semicolons: one problem raised with the Ministries of Construction
            // and of Finance is one recommendation, listed in the synthesis as an inter-sectoral issue.
            var addressees: [Addressee] = []
            let written = item.code.value.split(separator: ";", omittingEmptySubsequences: false).map { String($0).trimmed }
            for part in written {
                if let addressee = checkAddressee(part, spec: spec, at: item.code.location, &issues) {
                    if addressees.contains(addressee) {
                        issues.error(.unknownAddressee, at: item.code.location, Message(.addresseeTwice, ["addressee": .quoted(part)]))
                        ok = false
                    }
                    addressees.append(addressee)
                } else {
                    ok = false
                }
            }
            if ok { recommendations.append(Recommendation(addressees: addressees, text: item.text.value)) }
        }
        return recommendations
    }

    private func checkAddressee(_ written: String, spec: NarrativeSpec, at location: SourceLocation, _ issues: inout Issues) -> Addressee? {
        // The form's drop-down offers names: "Chính phủ", "Bộ Xây dựng"; read back as what they name.
        // Exactly as the list writes them: another spelling is refused with the list of what may be written.
        if let choice = spec.addressees.first(where: { $0.code != NarrativeSpec.ministryAddressee && $0.label.vi == written }) {
            return Addressee(code: choice.code)
        }
        if let unit = catalog.registry.centralUnit(named: written) {
            return Addressee(code: NarrativeSpec.ministryAddressee, ministry: unit.code)
        }
        let codes = spec.addressees.map(\.code)
        let parts = written.split(separator: ":", maxSplits: 1).map { String($0).trimmed }
        let code = parts.first ?? ""
        guard codes.contains(code) else {
            let listed = Self.choices(spec.addressees)
            issues.error(
                .unknownAddressee, at: location,
                written.isEmpty
                    ? Message(.addresseeEmpty, ["addressees": listed])
                    : Message(.addresseeUnknown, ["addressee": .quoted(written), "addressees": listed]))
            return nil
        }
        if code == NarrativeSpec.ministryAddressee {
            let unitCode = parts.count == 2 ? parts[1] : ""
            guard let unit = catalog.registry.unit(unitCode), unit.kind.isCentral else {
                issues.error(.unknownAddressee, at: location, Message(.addresseeMinistryCode, ["addressee": .quoted(written)]))
                return nil
            }
            return Addressee(code: code, ministry: unit.code)
        }
        guard parts.count == 1 else {
            issues.error(.unknownAddressee, at: location, Message(.addresseeColon, ["addressee": .quoted(written)]))
            return nil
        }
        return Addressee(code: code)
    }

    private func checkItemText(_ text: Located<String>, what: MessageKey, max: Int, _ issues: inout Issues) -> Bool {
        if text.value.isBlank {
            issues.error(.missingText, at: text.location, Message(.itemEmpty, ["item": .message(Message(what))]))
            return false
        }
        if text.value.exceeds(characters: max) {
            issues.error(
                .textTooLong, at: text.location,
                Message(.itemTooLong, ["item": .message(Message(what)), "count": .count(text.value.count), "maximum": .count(max)]))
            return false
        }
        return true
    }

    /// The entries of a fixed list as the form's drop-downs show them: "Đất đai [land]", "Land [land]".
    static func choices(_ list: [NarrativeSpec.Choice]) -> MessageArgument {
        .localized(
            vi: Language.vi.alternatives(list.map { "\($0.label.vi) [\($0.code)]" }),
            en: Language.en.alternatives(list.map { "\($0.label.en) [\($0.code)]" }))
    }
}
