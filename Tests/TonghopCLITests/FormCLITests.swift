import Foundation
import Testing

@Suite(.serialized) struct FormCLITests {
    @Test func aFormIsWrittenFilledSubmittedAndRefusedWhenBroken() throws {
        let cli = try CLI()
        let form = cli.scratch.appendingPathComponent("hanoi-2025-W46.xlsx").path
        let made = try cli.run(["form", "--unit", "HN", "--period", "2025-W46", "--from", "SampleReports/province-2025-W46/HN.json", "--out", form])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(
            made.stdout.contains(
                "biểu mẫu Báo cáo tuần về tình hình, tiến độ thực hiện mô hình chính quyền địa phương hai cấp (tỉnh, thành phố) (phiên bản 1.1) của Thành phố Hà Nội, tuần 46 năm 2025, hạn nộp 08:00 ngày 20/11/2025"
            ))
        let submitted = try cli.run(["submit", "--db", cli.db, "--format", "json", "--received-at", "2025-11-20T07:00:00+07:00", form])
        #expect(submitted.status == 0, "\(submitted.stdout)")
        #expect((try submitted.json()["counts"] as? [String: Int])?["accepted"] == 1)

        // A damaged copy is refused and stores nothing.
        let damaged = cli.scratch.appendingPathComponent("damaged.xlsx")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: form))
        try bytes.prefix(bytes.count - 200).write(to: damaged)
        let refused = try cli.run(["submit", "--db", cli.db, "--received-at", "2025-11-20T07:30:00+07:00", damaged.path])
        #expect(refused.status == 65 && refused.stdout.contains("unreadable-file"))
        let history = try cli.run(["history", "--db", cli.db, "--unit", "HN", "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [Any])?.count == 1)

        // A ministry's weekly form is the central template; a monthly key gives the monthly one.
        let ministry = try cli.run(["form", "--unit", "BXD", "--period", "2025-W47", "--out", cli.scratch.appendingPathComponent("bxd.xlsx").path])
        #expect(ministry.stdout.contains("(bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ) (phiên bản 1.0) của Bộ Xây dựng, tuần 47 năm 2025"))
        let monthly = try cli.run(["form", "--unit", "HN", "--period", "2025-11", "--out", cli.scratch.appendingPathComponent("m.xlsx").path])
        #expect(
            monthly.stdout.contains(
                "biểu mẫu Báo cáo tháng về tình hình vận hành mô hình chính quyền địa phương hai cấp (phiên bản 1.0) của Thành phố Hà Nội, tháng 11 năm 2025"
            ))
    }

    @Test func formRefusesWhatDoesNotExist() throws {
        let cli = try CLI()
        let out = cli.scratch.appendingPathComponent("f.xlsx").path
        #expect(try cli.run(["form", "--unit", "XX", "--period", "2025-W46", "--out", out]).status == 64)
        #expect(try cli.run(["form", "--unit", "HN", "--period", "2025-W54", "--out", out]).status == 64)
        #expect(try cli.run(["form", "--unit", "HN", "--period", "2025-W46", "--schedule", "central-weekly", "--out", out]).status == 64)
        #expect(
            try cli.run(["form", "--unit", "HN", "--period", "2025-W46", "--out", cli.scratch.appendingPathComponent("f.csv").path]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
