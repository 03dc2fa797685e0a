import Foundation
import Testing

@Suite(.serialized) struct ReplayCLITests {
    /// The sample replay log holds eight weeks: every file is stored with its own time of receipt.
    @Test func theSampleReplayLogStoresEachFileAtItsOwnTime() throws {
        let cli = try CLI()
        let log = try String(contentsOf: CLI.root.appendingPathComponent("SampleReports/receipts.csv"), encoding: .utf8)
        let lines = log.split(separator: "\n").dropFirst()
        let result = try cli.run(["submit", "--db", cli.db, "--format", "json", "--replay", "SampleReports/receipts.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let counts = try #require(try result.json()["counts"] as? [String: Int])
        #expect(counts["files"] == lines.count && counts["rejected"] == 0)
        #expect(counts["superseding"] == 1)  // Đà Nẵng's corrected week-45 report

        // HN's week-46 file arrived at the last second before the deadline; HP's at the first second after it.
        let board = try cli.run(["status", "--db", cli.db, "--period", "2025-W46", "--at", "2025-11-20T09:00:00+07:00", "--format", "json"])
        let units = try #require(try board.json()["units"] as? [[String: Any]])
        let state = Dictionary(uniqueKeysWithValues: units.map { ($0["code"] as! String, $0["state"] as! String) })
        #expect(state["HN"] == "on-time" && state["HP"] == "late" && state["AG"] == "missing" && state["CM"] == "missing")
        let hn = try #require(units.first { $0["code"] as? String == "HN" })
        #expect(hn["reportedAt"] as? String == "2025-11-20T00:59:59Z")
    }

    @Test func aBadReplayLogIsAUsageErrorNamingItsLineAndStoresNothing() throws {
        let cli = try CLI()
        let log = cli.scratch.appendingPathComponent("log.csv")
        let hn = CLI.root.appendingPathComponent("SampleReports/province-2025-W46/HN.json").path
        try "receivedAt,file\n2025-11-20T07:00:00+07:00,\(hn)\nThursday morning,\(hn)\n".write(to: log, atomically: true, encoding: .utf8)
        let result = try cli.run(["submit", "--db", cli.db, "--replay", log.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("log.csv, line 3") && result.stderr.contains("Thursday morning"))
        let history = try cli.run(["history", "--db", cli.db, "--unit", "HN", "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [Any])?.isEmpty == true)

        try "file,receivedAt\n\(hn),2025-11-20T07:00:00+07:00\n".write(to: log, atomically: true, encoding: .utf8)
        let swapped = try cli.run(["submit", "--db", cli.db, "--replay", log.path])
        #expect(swapped.status == 64 && swapped.stderr.contains("header receivedAt,file"))
    }
}
