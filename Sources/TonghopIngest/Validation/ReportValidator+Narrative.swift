import Foundation
import TonghopCore

extension ReportValidator {
    struct Narrative {
        var results = ""
        var difficulties: [Difficulty] = []
        var recommendations: [Recommendation] = []
    }

    /// Checks results achieved, difficulties (field from the fixed list) and recommendations (addressee).
    func checkNarrative(_ draft: ReportDraft, spec: NarrativeSpec?, _ issues: inout Issues) -> Narrative {
        var narrative = Narrative()
        guard let spec else { return narrative }
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
        narrative.results = results

        let fields = spec.difficultyFields.map(\.code)
        for item in draft.difficulties {
            let field = item.code.value.trimmed
            var ok = checkItemText(item.text, what: .itemDifficulty, max: spec.itemMaxLength, &issues)
            if !fields.contains(field) {
                issues.error(
                    .unknownDifficultyField, at: item.code.location,
                    Message(.difficultyUnknownField, ["field": .quoted(field), "fields": Self.choices(spec.difficultyFields)]))
                ok = false
            }
            if ok { narrative.difficulties.append(Difficulty(field: field, text: item.text.value)) }
        }

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
            if ok { narrative.recommendations.append(Recommendation(addressees: addressees, text: item.text.value)) }
        }
        return narrative
    }

    private func checkAddressee(_ written: String, spec: NarrativeSpec, at location: SourceLocation, _ issues: inout Issues) -> Addressee? {
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
