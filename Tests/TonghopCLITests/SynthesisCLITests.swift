import Foundation
import Testing

@Suite(.serialized) struct SynthesisCLITests {
    static let at = "2025-11-20T09:00:00+07:00"

    /// The README's main job: take in the sample replay log, flag, and write every synthesis.
    @Test func theWeeklyJobWritesEverySynthesisAndIsRepeatable() throws {
        let cli = try CLI()
        let out = cli.scratch.appendingPathComponent("synthesis")
        let first = try cli.run(["weekly", "--db", cli.db, "--replay", "SampleReports/receipts.csv", "--at", Self.at, "--out", out.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout.contains(
                "Báo cáo tuần của tỉnh, thành phố trực thuộc trung ương, tuần 46 năm 2025: 34 đơn vị phải nộp, 31 đúng hạn, 1 muộn, 2 chưa nộp"))
        #expect(first.stdout.contains("chưa nộp: Tỉnh An Giang, Tỉnh Cà Mau"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.count == 12)
        #expect(files.contains("province-weekly-2025-W46.docx") && files.contains("central-weekly-2025-W46.html"))
        let docx = try Data(contentsOf: out.appendingPathComponent("province-weekly-2025-W46.docx"))

        // In English on request, as the first releases printed it.
        let again = try cli.run([
            "weekly", "--db", cli.db, "--replay", "SampleReports/receipts.csv", "--at", Self.at, "--out", out.path, "--lang", "en",
        ])
        #expect(again.status == 0)
        #expect(again.stdout.contains("Reports taken in: 537 files: 0 accepted, 0 superseding, 537 duplicate, 0 rejected; 0 errors, 9 warnings"))
        #expect(again.stdout.contains("province-weekly 2025-W46: 34 expected, 31 on time, 1 late, 2 missing"))
        #expect(again.stdout.contains("0 newly flagged"))
        #expect(try Data(contentsOf: out.appendingPathComponent("province-weekly-2025-W46.docx")) == docx)
        // Each file was written beside itself and renamed over the one before: nothing half-written is left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).allSatisfy { !$0.hasSuffix(".partial") })

        let markdown = try cli.run(["synthesize", "--db", cli.db, "--period", "2025-W46", "--as-of", Self.at, "--format", "md"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("Chưa nộp: Tỉnh An Giang, Tỉnh Cà Mau."))
        // No assessment written: the section is left out, not filled with a placeholder.
        #expect(!markdown.stdout.contains("Đánh giá chung và đề xuất"))
        #expect(markdown.stdout.contains("Bộ Nội vụ kính báo cáo Bộ Chính trị, Ban Chỉ đạo của Chính phủ và Thủ tướng Chính phủ./."))
        let monthly = try cli.run(["synthesize", "--db", cli.db, "--period", "2025-10", "--as-of", Self.at, "--format", "json"])
        #expect((try monthly.json()["heading"] as? [String: Any])?["scheduleId"] as? String == "monthly")
    }

    /// Staff write the period's assessment from a file; each version is kept, the synthesis prints the latest written by
    /// its instant, and a file that does not read is refused with its name and line, storing nothing.
    @Test func theStaffsAssessmentIsKeptWithItsHistoryAndPrinted() throws {
        let cli = try CLI()
        #expect(
            try cli.run(["weekly", "--db", cli.db, "--replay", "SampleReports/receipts.csv", "--at", Self.at, "--out", cli.scratch.path]).status == 0)
        let file = cli.scratch.appendingPathComponent("danh-gia.txt")
        try """
        Bộ máy cấp xã vận hành ổn định.

        Đề xuất:
        - Đôn đốc Tỉnh An Giang, Tỉnh Cà Mau nộp báo cáo.

        ## Phân cấp, phân quyền, phân định thẩm quyền
        Các địa phương tiếp tục tiếp nhận nhiệm vụ.
        """.write(to: file, atomically: true, encoding: .utf8)
        let base = ["synthesize", "--db", cli.db, "--period", "2025-W46", "--format", "md"]
        let first = try cli.run(base + ["--as-of", "2025-11-20T10:00:00+07:00", "--assessment", file.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("Đã ghi phần đánh giá, đề xuất") && first.stderr.contains("tuần 46 năm 2025 (lần thứ 1)"))
        #expect(first.stdout.contains("## VII. Đánh giá chung và đề xuất\n\nBộ máy cấp xã vận hành ổn định.\n\nĐề xuất:\n\n- Đôn đốc Tỉnh An Giang"))
        #expect(first.stdout.contains("  Các địa phương tiếp tục tiếp nhận nhiệm vụ."))
        // Before it was written, the synthesis has none.
        #expect(!(try cli.run(base + ["--as-of", Self.at]).stdout.contains("Đánh giá chung và đề xuất")))

        // A heading that names no topic of the template: refused, with the file and the line; nothing kept.
        try "Nhận xét.\n\n## Không có nhóm này\nVăn bản.".write(to: file, atomically: true, encoding: .utf8)
        let wrong = try cli.run(base + ["--as-of", "2025-11-20T11:00:00+07:00", "--assessment", file.path])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains(file.path) && wrong.stderr.contains("Dòng 3") && wrong.stderr.contains("Phân cấp, phân quyền"))

        // An empty file is an assessment with nothing in it, not a file that cannot be read.
        try Data().write(to: file)
        let empty = try cli.run(base + ["--as-of", "2025-11-20T11:00:00+07:00", "--assessment", file.path])
        #expect(empty.status == 64 && empty.stderr.contains("không có nội dung") && !empty.stderr.contains("Không đọc được"))

        try "Bản sửa: bộ máy cấp xã vận hành ổn định, thông suốt.".write(to: file, atomically: true, encoding: .utf8)
        #expect(try cli.run(base + ["--as-of", "2025-11-20T11:00:00+07:00", "--assessment", file.path]).stderr.contains("(lần thứ 2)"))
        let history = try cli.run(["assessment", "--db", cli.db, "--period", "2025-W46"])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.components(separatedBy: "\n").filter { $0.contains("ngày 20/11/2025: dòng lệnh") }.count == 2)
        #expect(history.stdout.hasSuffix("Bản sửa: bộ máy cấp xã vận hành ổn định, thông suốt.\n"))
        // Each version as of its own time.
        #expect(try cli.run(base + ["--as-of", "2025-11-20T10:30:00+07:00"]).stdout.contains("Bộ máy cấp xã vận hành ổn định.\n"))
        #expect(try cli.run(base + ["--as-of", "2025-11-20T11:30:00+07:00"]).stdout.contains("Bản sửa:"))
        let audit = try cli.run(["audit", "--db", cli.db, "--since", "2025-11-20T09:30:00+07:00"])
        #expect(audit.stdout.components(separatedBy: "ghi phần đánh giá, đề xuất cho Báo cáo tuần của tỉnh").count == 3)
    }

    @Test func synthesizeRefusesWhatItCannotDo() throws {
        let cli = try CLI()
        #expect(try cli.run(["synthesize", "--db", cli.db, "--period", "2025-W54", "--format", "md"]).status == 64)
        #expect(try cli.run(["synthesize", "--db", cli.db, "--format", "pdf"]).status == 64)
        #expect(try cli.run(["synthesize", "--db", cli.db, "--schedule", "yearly", "--format", "md"]).status == 64)
        let unwritable = try cli.run(["synthesize", "--db", cli.db, "--format", "md", "--out", "/no/such/folder/s.md"])
        #expect(unwritable.status == 73 && unwritable.stderr.contains("/no/such/folder/s.md"))
        // A folder in the way: refused, and the file written beside it removed.
        let folder = cli.scratch.appendingPathComponent("taken.md")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let taken = try cli.run(["synthesize", "--db", cli.db, "--format", "md", "--out", folder.path])
        #expect(taken.status == 73 && taken.stderr.contains("taken.md"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.scratch.path).allSatisfy { !$0.hasSuffix(".partial") })

        let templates = try cli.templatesCopy(named: "Templates")
        let settings = templates.appendingPathComponent("synthesis.yaml")
        let text = try String(contentsOf: settings, encoding: .utf8).replacingOccurrences(
            of: "      - dc.tasks_received\n", with: "      - dc.task_recieved\n")
        try text.write(to: settings, atomically: true, encoding: .utf8)
        let bad = try cli.run(["synthesize", "--db", cli.db, "--templates", templates.path, "--format", "md"])
        #expect(bad.status == 78 && bad.stderr.contains("synthesis.yaml") && bad.stderr.contains("dc.task_recieved"))

        // A template that does not parse (read while the synthesis is made): said once, before anything the synthesis
        // itself would say, and nothing written.
        let broken = try cli.templatesCopy(named: "BrokenTemplates")
        let markdown = broken.appendingPathComponent("synthesis/synthesis.md.mustache")
        try (try String(contentsOf: markdown, encoding: .utf8) + "{{#unclosed}}\n").write(to: markdown, atomically: true, encoding: .utf8)
        let out = cli.scratch.appendingPathComponent("broken.md").path
        for period in ["2025-W46", "2025-W54"] {
            let unparsed = try cli.run(["synthesize", "--db", cli.db, "--templates", broken.path, "--period", period, "--format", "md", "--out", out])
            #expect(unparsed.status == 78, "\(period)")
            #expect(unparsed.stderr.components(separatedBy: "synthesis.md.mustache").count == 2, "\(period): \(unparsed.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
