import TonghopCore

extension SynthesisContext {
    /// How many periods in a row a unit raising the same field makes a difficulty recurring.
    static let recurringAfter = 3

    /// The period's results by topic, in the template's order of groups, each unit's text whole; the results reports gave
    /// as one text (on a template of before results were asked by topic) come first, as general results.
    func results() -> [ResultGroup] {
        let topics =
            [("", LocalizedText(vi: "Kết quả chung", en: "General results"))] + template.groups.map { ($0.id, $0.label) }
        // One pass, each unit named once: a commune-scale week has a text per unit and topic.
        var byTopic: [String: [UnitResult]] = [:]
        var lastRow = -1
        var named = UnitRef(code: "", name: "")
        for item in resultItems {
            if item.row != lastRow { (lastRow, named) = (item.row, unit(ofRow: item.row)) }
            byTopic[item.key, default: []].append(UnitResult(unit: named, text: item.text))
        }
        return topics.compactMap { topic, label in byTopic[topic].map { ResultGroup(topic: topic, label: label, items: $0) } }
    }

    /// The period's difficulties by field, in the template's order; the same words from several units are one item.
    func difficulties() -> [DifficultyGroup] {
        // The field found among those raised once per field, not once per unit and period.
        func periodsInRow(_ unit: String, _ field: Int?) -> Int {
            guard let field, let rows = rowByUnit[unit] else { return 0 }
            var p = current
            while p >= 0, let row = rows[p], table.answers.raises(row, fieldAt: field) { p -= 1 }
            return current - p
        }
        // The narrative read is the synthesized period's; earlier periods' fields come with their numbers.
        let now = difficultyItems
        return template.narrative.difficultyFields.compactMap { field in
            let items = now.filter { $0.key == field.code }
            guard !items.isEmpty else { return nil }
            let place = table.fieldPlace(field.code)
            let merged = mergeByText(items).map { text, rows in
                let units = rows.map { row in
                    let unit = unit(ofRow: row)
                    let streak = periodsInRow(unit.code, place)
                    return RaisingUnit(unit: unit, periodsInRow: streak, recurring: streak >= Self.recurringAfter)
                }
                return DifficultyItem(text: text, units: units, recurring: units.contains(where: \.recurring))
            }
            return DifficultyGroup(field: field.code, label: field.label, unitCount: Set(items.map(\.row)).count, items: merged)
        }
    }

    /// The period's recommendations by addressee; those to more than one ministry apart, as inter-sectoral issues.
    func recommendations() -> (groups: [RecommendationGroup], interSectoral: [InterSectoralIssue]) {
        var byAddressee: [String: [RowItem]] = [:]
        var interSectoral: [String: [RowItem]] = [:]
        // Each way of naming addressees parsed once: a commune-scale week's 5,000 recommendations name a few dozen, and
        // splitting each by characters was two thirds of this.
        var parsed: [String: [Addressee]] = [:]
        for item in recommendationItems {
            let addressees: [Addressee]
            if let known = parsed[item.key] {
                addressees = known
            } else {
                addressees = Recommendation.addressees(parsing: item.key)
                parsed[item.key] = addressees
            }
            if addressees.compactMap(\.ministry).count > 1 {
                interSectoral[addressees.map(\.key).joined(separator: "; "), default: []].append(item)
            } else {
                for addressee in addressees { byAddressee[addressee.key, default: []].append(item) }
            }
        }
        let groups = addresseeOrder(Set(byAddressee.keys)).map { key in
            RecommendationGroup(
                addressee: key, label: addresseeLabel(key),
                items: mergeByText(byAddressee[key]!).map { RecommendationItem(text: $0.text, units: $0.rows.map(unit(ofRow:))) })
        }
        let issues = interSectoral.keys.sorted().flatMap { key in
            // In the order groups are: the Government first, ministries as the registry lists them.
            let addressees = addresseeOrder(Set(Recommendation.addressees(parsing: key).map(\.key))).map {
                AddresseeRef(key: $0, label: addresseeLabel($0))
            }
            return mergeByText(interSectoral[key]!).map {
                InterSectoralIssue(addressees: addressees, text: $0.text, units: $0.rows.map(unit(ofRow:)))
            }
        }
        return (groups, issues)
    }

    /// Addressees in the order a reader expects: the Government, the Prime Minister, ministries as the registry lists
    /// them, then the others.
    private func addresseeOrder(_ keys: Set<String>) -> [String] {
        let fixed = template.narrative.addressees.map(\.code)
        let unitOrder = Dictionary(catalog.registry.units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        func rank(_ key: String) -> (Int, Int, String) {
            let addressee = Recommendation.addressees(parsing: key).first!
            let base = fixed.firstIndex(of: addressee.code) ?? fixed.count
            return (base, addressee.ministry.flatMap { unitOrder[$0] } ?? 0, key)
        }
        return keys.sorted { rank($0) < rank($1) }
    }

    func addresseeLabel(_ key: String) -> LocalizedText {
        let addressee = Recommendation.addressees(parsing: key).first!
        if let code = addressee.ministry {
            let unit = catalog.registry.unit(code)
            return LocalizedText(vi: unit?.name ?? code, en: unit?.nameEn ?? unit?.name ?? code)
        }
        return template.narrative.addressees.first { $0.code == addressee.code }?.label ?? LocalizedText(vi: key, en: key)
    }

    /// Items with the same words (ignoring surrounding blanks) become one, keeping the order they first appear in.
    /// The items come in row order, so a row raising the same words twice does so one item after the other.
    private func mergeByText(_ items: [RowItem]) -> [(text: String, rows: [Int])] {
        var merged: [(text: String, rows: [Int])] = []
        // Each text looked up by its bytes first, and only a text not met before by the characters it stands for: a
        // commune-scale week's 11,000 difficulties and recommendations hold a few dozen texts, and looking each up as a
        // String (which hashes and compares Vietnamese text by canonical equivalence) was 4% of a Markdown synthesis. Two
        // texts that differ in bytes but not in characters (a letter composed in one, decomposed in the other) still meet.
        var byBytes: [ExactText: Int] = [:]
        var byCharacters: [String: Int] = [:]
        for item in items {
            let text = item.text.trimmed
            let place: Int
            if let known = byBytes[ExactText(text)] {
                place = known
            } else {
                if let known = byCharacters[text] {
                    place = known
                } else {
                    place = merged.count
                    byCharacters[text] = place
                    merged.append((text, []))
                }
                byBytes[ExactText(text)] = place
            }
            if merged[place].rows.last != item.row { merged[place].rows.append(item.row) }
        }
        return merged
    }
}
