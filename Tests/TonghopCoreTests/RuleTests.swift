import Testing
@testable import TonghopCore

@Suite struct RuleTests {
    func rule(_ left: String, _ op: Comparison, _ right: String, missing: MissingValueStrategy = .skipIfAnyMissing) -> CrossCriterionRule {
        CrossCriterionRule(id: "r", left: RuleExpression(parsing: left)!, comparison: op, right: RuleExpression(parsing: right)!,
                           severity: .error, message: .init(vi: "", en: ""), missingValues: missing)
    }

    @Test func comparesSumsOfCriteriaAndConstants() {
        let r = rule("a + b", .lessThanOrEqual, "c + 2")
        #expect(r.holds(["a": 3, "b": 4, "c": 5].lookup) == true)
        #expect(r.holds(["a": 3, "b": 5, "c": 5].lookup) == false)
        #expect(r.criterionIds == ["a", "b", "c"])
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
