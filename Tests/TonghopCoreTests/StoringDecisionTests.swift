import Foundation
import Testing
import TonghopCore

/// The rule of what a file does to its unit's history, without a database.
@Suite struct StoringDecisionTests {
    let monday = Date(timeIntervalSince1970: 1_763_600_000)
    var current: StoringDecision.Stored { .init(id: 7, sha256: "aaa", receivedAt: monday) }

    @Test func theFirstReportOfAUnitAndPeriodIsStoredAndCounts() {
        #expect(StoringDecision.decide(sha256: "aaa", receivedAt: monday, current: nil, sameReceipt: nil) == .first)
    }

    @Test func theSameBytesAsTheReportThatCountsStoreNothing() {
        // Whenever they arrive: the file is the one already counting.
        let later = monday.addingTimeInterval(3600)
        let decision = StoringDecision.decide(sha256: "aaa", receivedAt: later, current: current, sameReceipt: nil)
        #expect(decision == .duplicateOfCurrent(id: 7) && !decision.stores)
    }

    @Test func theSameBytesAtTheSameInstantAsAnEarlierReportAreThatEvent() {
        let decision = StoringDecision.decide(sha256: "bbb", receivedAt: monday, current: current, sameReceipt: (id: 5, counts: false))
        #expect(decision == .duplicateOfEarlier(id: 5, counts: false) && !decision.stores)
    }

    @Test func aDifferentFileReceivedLaterOrAtTheSameInstantSupersedes() {
        #expect(
            StoringDecision.decide(sha256: "bbb", receivedAt: monday.addingTimeInterval(1), current: current, sameReceipt: nil) == .supersedes(id: 7))
        #expect(StoringDecision.decide(sha256: "bbb", receivedAt: monday, current: current, sameReceipt: nil) == .supersedes(id: 7))
    }

    @Test func anOlderFileReplayedLateIsKeptBehindTheOneThatCounts() {
        let decision = StoringDecision.decide(sha256: "bbb", receivedAt: monday.addingTimeInterval(-1), current: current, sameReceipt: nil)
        #expect(decision == .keptBehind(id: 7) && decision.stores)
    }
}
