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
                issues.error(
                    .missingText, at: draft.results?.location,
                    "the report has no \"results\" (kết quả đạt được); describe the results achieved in the period")
            }
        } else if results.exceeds(characters: spec.resultsMaxLength) {
            issues.error(
                .textTooLong, at: draft.results?.location,
                "\"results\" has \(results.count) characters; at most \(spec.resultsMaxLength) are accepted")
        }
        narrative.results = results

        let fields = spec.difficultyFields.map(\.code)
        for item in draft.difficulties {
            let field = item.code.value.trimmed
            var ok = checkItemText(item.text, what: "difficulty", max: spec.itemMaxLength, &issues)
            if !fields.contains(field) {
                issues.error(
                    .unknownDifficultyField, at: item.code.location,
                    "\(field.quotedForMessage()) is not a field of difficulty; use one of \(fields.joined(separator: ", "))")
                ok = false
            }
            if ok { narrative.difficulties.append(Difficulty(field: field, text: item.text.value)) }
        }

        for item in draft.recommendations {
            var ok = checkItemText(item.text, what: "recommendation", max: spec.itemMaxLength, &issues)
            // Several addressees are separated by semicolons: one problem raised with the Ministries of Construction
            // and of Finance is one recommendation, listed in the synthesis as an inter-sectoral issue.
            var addressees: [Addressee] = []
            let written = item.code.value.split(separator: ";", omittingEmptySubsequences: false).map { String($0).trimmed }
            for part in written {
                if let addressee = checkAddressee(part, spec: spec, at: item.code.location, &issues) {
                    if addressees.contains(addressee) {
                        issues.error(
                            .unknownAddressee, at: item.code.location,
                            "\(part.quotedForMessage()) is named twice among the addressees of this recommendation")
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
            let what = written.isEmpty ? "an empty addressee" : written.quotedForMessage()
            issues.error(
                .unknownAddressee, at: location,
                "\(what) is not an addressee; use one of \(codes.joined(separator: ", ")), writing ministry:CODE for a ministry (e.g. ministry:BXD) and separating several with \";\""
            )
            return nil
        }
        if code == NarrativeSpec.ministryAddressee {
            let unitCode = parts.count == 2 ? parts[1] : ""
            guard let unit = catalog.registry.unit(unitCode), unit.kind.isCentral else {
                issues.error(
                    .unknownAddressee, at: location,
                    "\(written.quotedForMessage()) must name the ministry or agency by its code, e.g. ministry:BXD for the Ministry of Construction")
                return nil
            }
            return Addressee(code: code, ministry: unit.code)
        }
        guard parts.count == 1 else {
            issues.error(
                .unknownAddressee, at: location, "only the addressee \"ministry\" takes a code after a colon; found \(written.quotedForMessage())")
            return nil
        }
        return Addressee(code: code)
    }

    private func checkItemText(_ text: Located<String>, what: String, max: Int, _ issues: inout Issues) -> Bool {
        if text.value.isBlank {
            issues.error(.missingText, at: text.location, "this \(what) has no text")
            return false
        }
        if text.value.exceeds(characters: max) {
            issues.error(.textTooLong, at: text.location, "this \(what) has \(text.value.count) characters; at most \(max) are accepted")
            return false
        }
        return true
    }
}
