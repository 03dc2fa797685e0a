import Foundation
import Testing

@Suite(.serialized) struct DeadlineCLITests {
    /// A database holding the sample province week, all on time but for CM and AG, which did not report.
    func sampleDatabase(_ cli: CLI) throws {
        let folder = CLI.root.appendingPathComponent("SampleReports/province-2025-W46")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .filter { !$0.hasPrefix("CM.") && !$0.hasPrefix("AG.") }
            .map { "SampleReports/province-2025-W46/\($0)" }
        let result = try cli.run(["submit", "--db", cli.db, "--received-at", "2025-11-20T07:59:59+07:00"] + files)
        #expect(result.status == 0)
    }

    @Test func theStatusBoardIsTheSameWhateverTheServerZone() throws {
        let cli = try CLI()
        try sampleDatabase(cli)
        var outputs: [String] = []
        for zone in ["UTC", "Pacific/Honolulu", "Asia/Ho_Chi_Minh"] {
            let result = try cli.run(["status", "--db", cli.db, "--at", "2025-11-20T08:00:00+07:00", "--format", "json"], environment: ["TZ": zone])
            #expect(result.status == 0)
            outputs.append(result.stdout)
        }
        #expect(Set(outputs).count == 1)
        let board = try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as! [String: Any]
        #expect(board["periodKey"] as? String == "2025-W46")
        let counts = board["counts"] as! [String: Int]
        #expect(counts["onTime"] == 32 && counts["missing"] == 2)
        let text = try cli.run(["status", "--db", cli.db, "--at", "2025-11-20T07:59:59+07:00"], environment: ["TZ": "Pacific/Honolulu"])
        // One second before the deadline, the board still shows the week before.
        #expect(text.stdout.contains("tuần 45 năm 2025 (06/11/2025 – 12/11/2025)"))
        #expect(text.stdout.contains("Hạn nộp tiếp theo: tuần 46 năm 2025, 08:00 ngày 20/11/2025, còn 1 giây"))
        let english = try cli.run(["status", "--db", cli.db, "--at", "2025-11-20T07:59:59+07:00", "--lang", "en"], environment: ["TZ": "UTC"])
        #expect(english.stdout.contains("Next deadline: 2025-W46 at 2025-11-20 08:00:00 (UTC+7), in 1 s"))
    }

    @Test func theLateJobFlagsOnceNotifiesAndFailsOnLateWhenAsked() throws {
        let cli = try CLI()
        try sampleDatabase(cli)
        let server = try LoopbackHTTPServer(status: 200)
        defer { server.stop() }
        let args = ["late", "--db", cli.db, "--at", "2025-11-20T08:00:00+07:00", "--since", "2025-11-13", "--schedule", "province-weekly"]
        let first = try cli.run(args + ["--notify", server.url, "--format", "json"])
        #expect(first.status == 0, "\(first.stderr)")
        let report = try first.json()
        #expect((report["newlyFlagged"] as? [[String: Any]])?.compactMap { $0["unit"] as? String }.sorted() == ["AG", "CM"])
        #expect(server.bodies.count == 1)
        let posted = try JSONSerialization.jsonObject(with: Data(server.bodies[0].utf8)) as! [String: Any]
        #expect(posted["event"] as? String == "late-reports")
        #expect((posted["newlyFlagged"] as? [[String: Any]])?.first?["unitName"] as? String == "Tỉnh An Giang")

        let second = try cli.run(args + ["--notify", server.url, "--lang", "en"])
        #expect(second.stdout.contains("newly flagged: 0"))
        #expect(second.stdout.contains("still outstanding: 2"))
        #expect(server.bodies.count == 1)  // nothing new, nothing sent
        #expect(try cli.run(args + ["--fail-on-late"]).status == 3)
    }

    @Test func aFailedNotificationIsReportedAndTheFlagsAreKept() throws {
        let cli = try CLI()
        try sampleDatabase(cli)
        let server = try LoopbackHTTPServer(status: 500)
        defer { server.stop() }
        let args = ["late", "--db", cli.db, "--at", "2025-11-20T08:00:00+07:00", "--since", "2025-11-13", "--schedule", "province-weekly"]
        let failed = try cli.run(args + ["--notify", server.url])
        #expect(failed.status == 75)
        #expect(failed.stderr.contains("HTTP 500"))
        #expect(server.bodies.count == 3)  // retried
        let again = try cli.run(args)
        #expect(again.stdout.contains("Còn chưa nộp: 2 lượt đơn vị"))
        #expect(again.stdout.contains("Mới ghi nhận chưa nộp: 0 lượt đơn vị (không có)"))
    }
}
