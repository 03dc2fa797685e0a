import Testing
import TonghopCore

/// Finding a criterion's position by its id, with a guess tried first as a report's answers come in order.
@Suite struct CriteriaTemplateTests {
    static func template(_ ids: [String]) -> CriteriaTemplate {
        CriteriaTemplate(
            id: "t", version: "1", title: LocalizedText(vi: "Mẫu", en: "Template"), scheduleId: "weekly", groups: [],
            criteria: ids.map {
                Criterion(
                    id: $0, group: "g", label: LocalizedText(vi: $0, en: $0), unitOfMeasure: "", type: .integer, required: false,
                    aggregation: .sum)
            }, rules: [],
            narrative: NarrativeSpec(resultsRequired: false, resultsMaxLength: 10, itemMaxLength: 10, difficultyFields: [], addressees: []))
    }

    @Test func aGuessGivesThePositionTheIdHasWhateverTheGuess() {
        let ids = ["dc.a", "dc.b", "dc.c", "hr.Đ"]
        let template = Self.template(ids)
        for id in ids + ["dc.z", "", "dc"] {
            for guess in -2...6 {
                #expect(template.position(of: id, guess: guess) == template.position(of: id), "\(id) guessed at \(guess)")
            }
        }
        #expect(template.position(of: "dc.c", guess: 2) == 2 && template.position(of: "dc.z", guess: 0) == nil)
    }

    /// A template built with an id twice (the loader refuses one): the first is the one, guessed at the second or not.
    @Test func anIdGivenTwiceIsTheFirstWhereverTheGuess() {
        let template = Self.template(["dc.a", "dc.b", "dc.a"])
        #expect(template.position(of: "dc.a") == 0)
        for guess in 0...3 { #expect(template.position(of: "dc.a", guess: guess) == 0) }
    }
}
