import Testing

@testable import TonghopCore

@Suite struct RuleTests {
    func rule(_ left: String, _ op: Comparison, _ right: String, missing: MissingValueStrategy = .skipIfAnyMissing) -> CrossCriterionRule {
        CrossCriterionRule(
            id: "r", left: RuleExpression(parsing: left)!, comparison: op, right: RuleExpression(parsing: right)!,
            severity: .error, message: .init(vi: "", en: ""), missingValues: missing)
    }

    @Test func comparesSumsOfCriteriaAndConstants() {
        let r = rule("a + b", .lessThanOrEqual, "c + 2")
        #expect(r.holds(["a": 3, "b": 4, "c": 5].lookup) == true)
        #expect(r.holds(["a": 3, "b": 5, "c": 5].lookup) == false)
        #expect(r.criterionIds == ["a", "b", "c"])
    }

    @Test func aConstantOfAnySizeIsWrittenWithoutTrapping() {
        // `String(Int64(c))` trapped on a template's constant of 2⁶³ or more.
        #expect(rule("a", .lessThanOrEqual, "10000000000000000000").right.description == "1e+19")
        #expect(rule("a", .lessThanOrEqual, "12").right.description == "12" && rule("a", .lessThanOrEqual, "2.5").right.description == "2.5")
        #expect(
            NumberText.text(-0.0) == "0" && NumberText.text(1e15) == "1000000000000000.0" && NumberText.text(999_999_999_999_999) == "999999999999999"
        )
    }

    @Test func missingValueStrategiesFollowDHIS2() {
        let values: [String: Double] = ["a": 9]
        #expect(rule("a", .lessThanOrEqual, "b").holds(values.lookup) == nil)
        #expect(rule("a", .lessThanOrEqual, "b", missing: .skipIfAllMissing).holds(values.lookup) == false)
        #expect(rule("a", .lessThanOrEqual, "b", missing: .neverSkip).holds([:].lookup) == true)
        #expect(rule("a", .lessThanOrEqual, "b", missing: .skipIfAllMissing).holds([:].lookup) == nil)
    }

    @Test func emptyExpressionsAreRefused() {
        #expect(RuleExpression(parsing: "") == nil)
        #expect(RuleExpression(parsing: "a + ") == nil)
    }
}

extension Dictionary where Key == String, Value == Double {
    var lookup: (String) -> Double? { { self[$0] } }
}
