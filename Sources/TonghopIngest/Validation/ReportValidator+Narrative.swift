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
            if spec.resultsRequired {
                issues.error(.missingText, at: draft.results?.location,
                             "the report has no \"results\" (kết quả đạt được); describe the results achieved in the period")
            }
        } else if results.exceeds(characters: spec.resultsMaxLength) {
            issues.error(.textTooLong, at: draft.results?.location,
                         "\"results\" has \(results.count) characters; at most \(spec.resultsMaxLength) are accepted")
        }
        narrative.results = results

        let fields = spec.difficultyFields.map(\.code)
        for item in draft.difficulties {
            let field = item.value.field.trimmed
            var ok = checkItemText(item.value.text, what: "difficulty", at: item.location, max: spec.itemMaxLength, &issues)
            if !fields.contains(field) {
                issues.error(.unknownDifficultyField, at: item.location,
                             "\"\(field)\" is not a field of difficulty; use one of \(fields.joined(separator: ", "))")
                ok = false
            }
            if ok { narrative.difficulties.append(Difficulty(field: field, text: item.value.text)) }
        }

        let addressees = spec.addressees.map(\.code)
        for item in draft.recommendations {
            var ok = checkItemText(item.value.text, what: "recommendation", at: item.location, max: spec.itemMaxLength, &issues)
            let written = item.value.addressee.trimmed
            let parts = written.split(separator: ":", maxSplits: 1).map { String($0).trimmed }
            let code = parts.first ?? ""
            var ministry: String?
            if !addressees.contains(code) {
                issues.error(.unknownAddressee, at: item.location,
                             "\"\(written)\" is not an addressee; use one of \(addressees.joined(separator: ", ")), writing ministry:CODE for a ministry (e.g. ministry:BXD)")
                ok = false
            } else if code == NarrativeSpec.ministryAddressee {
                let unitCode = parts.count == 2 ? parts[1] : ""
                if let unit = catalog.registry.unit(unitCode), unit.kind.isCentral {
                    ministry = unit.code
                } else {
                    issues.error(.unknownAddressee, at: item.location,
                                 "\"\(written)\" must name the ministry or agency by its code, e.g. ministry:BXD for the Ministry of Construction")
                    ok = false
                }
            } else if parts.count == 2 {
                issues.error(.unknownAddressee, at: item.location, "only the addressee \"ministry\" takes a code after a colon; found \"\(written)\"")
                ok = false
            }
            if ok { narrative.recommendations.append(Recommendation(addressee: code, ministry: ministry, text: item.value.text)) }
        }
        return narrative
    }

    private func checkItemText(_ text: String, what: String, at location: SourceLocation, max: Int, _ issues: inout Issues) -> Bool {
        if text.isBlank {
            issues.error(.missingText, at: location, "this \(what) has no text")
            return false
        }
        if text.exceeds(characters: max) {
            issues.error(.textTooLong, at: location, "this \(what) has \(text.count) characters; at most \(max) are accepted")
            return false
        }
        return true
    }
}
