import Foundation
import Testing

/// The cron job's mail on the sample data: new flags in full, the outstanding as counts, nothing due after --at.
@Suite(.serialized) struct LateDigestTests {
    func replayed(_ cli: CLI) throws {
        let result = try cli.run(["submit", "--db", cli.db, "--replay", "SampleReports/receipts.csv"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func theFirstRunOnTheSampleRegistryIsOneLinePerPeriodThenADigest() throws {
        let cli = try CLI()
        try replayed(cli)
        let first = try cli.run(["late", "--db", cli.db, "--at", "2025-11-20T09:00:00+07:00"])
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Kiểm tra hạn nộp báo cáo lúc 09:00 ngày 20/11/2025:")
        // Only the periods since each schedule is tracked (schedules.yaml's `trackedFrom`: where the sample reports start),
        // not every week since the registry's July start (931 unit-periods in 42 periods before tracking had a start).
        #expect(lines[1] == "  Mới ghi nhận chưa nộp: 42 lượt đơn vị, đã ghi nhận cho 14 kỳ đã qua, mỗi kỳ một dòng:")
        let periodLines = lines.dropFirst(2).prefix { $0.hasPrefix("    ") }
        #expect(periodLines.count == 14, "one line per period")
        #expect(!first.stdout.contains("tuần 38 năm 2025") && !first.stdout.contains("tháng 9 năm 2025"))
        // The newest period of each schedule names every unit; older ones give their codes.
        #expect(
            lines.contains(
                "    Báo cáo tuần của tỉnh, thành phố trực thuộc trung ương, tuần 46 năm 2025 (hạn nộp 08:00 ngày 20/11/2025): "
                    + "2 đơn vị: AG (Tỉnh An Giang), CM (Tỉnh Cà Mau)"))
        #expect(lines.contains { $0.contains("tuần 45 năm 2025 (hạn nộp 08:00 ngày 13/11/2025): 1 đơn vị: CB") && !$0.contains("Cao Bằng") })
        let outstanding = try #require(lines.firstIndex(of: "  Còn chưa nộp: 42 lượt đơn vị"))
        // Then the tasks: those newly overdue in full, a line per unit; those still overdue as one count.
        #expect(lines[outstanding + 4].hasPrefix("  Nhiệm vụ mới quá hạn: "), "the outstanding as one line per schedule")
        let taskUnits = lines.dropFirst(outstanding + 5).prefix { $0.hasPrefix("    ") }.count
        #expect(taskUnits > 0 && lines.count == outstanding + 5 + taskUnits + 1)
        #expect(lines.contains("    HP (Thành phố Hải Phòng): kl183-settle-policies (183-KL/TW, hạn: hết ngày 31/08/2025)"))
        #expect(lines.last?.hasPrefix("  Nhiệm vụ còn quá hạn: ") == true && lines.last?.hasSuffix("thêm --verbose để xem từng nhiệm vụ") == true)
        #expect(
            lines[outstanding + 2].hasPrefix(
                "    Báo cáo tuần của tỉnh, thành phố trực thuộc trung ương: 6 lượt trong 5 kỳ (tuần 41 năm 2025: 1,"))
        #expect(lines[outstanding + 2].hasSuffix("tuần 46 năm 2025: 2); thêm --verbose để xem từng đơn vị"))

        // The next run flags nothing twice; --verbose lists every outstanding unit by period.
        let again = try cli.run(["late", "--db", cli.db, "--at", "2025-11-20T10:00:00+07:00"])
        #expect(again.stdout.contains("  Mới ghi nhận chưa nộp: 0 lượt đơn vị (không có)\n"))
        let verbose = try cli.run(["late", "--db", cli.db, "--at", "2025-11-20T10:00:00+07:00", "--verbose"])
        #expect(verbose.stdout.split(separator: "\n").filter { $0.hasPrefix("    ") }.count == 14 + taskUnits)
        #expect(verbose.stdout.contains("2 đơn vị: AG (Tỉnh An Giang), CM (Tỉnh Cà Mau)"))
        // In English on request, as the first releases printed it.
        let english = try cli.run(["late", "--db", cli.db, "--at", "2025-11-20T10:00:00+07:00", "--lang", "en"])
        #expect(english.stdout.contains("province-weekly: 6 in 5 periods (2025-W41: 1,"))
    }

    @Test func periodsDueAfterTheInstantAreNeverListed() throws {
        let cli = try CLI()
        try replayed(cli)
        // A run a week later flags week 47; looking again from Thursday 20 November, week 47 is not yet due.
        #expect(try cli.run(["late", "--db", cli.db, "--at", "2025-11-27T09:00:00+07:00", "--schedule", "province-weekly"]).status == 0)
        let earlier = try cli.run(["late", "--db", cli.db, "--at", "2025-11-20T09:00:00+07:00", "--schedule", "province-weekly", "--verbose"])
        #expect(earlier.status == 0)
        #expect(earlier.stdout.contains("tuần 46 năm 2025"))
        #expect(!earlier.stdout.contains("tuần 47 năm 2025"), "\(earlier.stdout)")
        let json = try cli.run(["late", "--db", cli.db, "--at", "2025-11-20T09:00:00+07:00", "--schedule", "province-weekly", "--format", "json"])
        let listed = try #require(try json.json()["outstanding"] as? [[String: Any]])
        #expect(!listed.isEmpty && !listed.contains { $0["period"] as? String == "2025-W47" }, "nor in the JSON the webhook receives")
    }
}
