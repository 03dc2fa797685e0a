import Foundation
import Testing
import TonghopTestSupport

/// `tonghop review`, `audit` and `history`'s trail, and the synthesis of a week with a returned report in every format.
@Suite(.serialized) struct ReviewCLITests {
    static let at = "2025-11-20T09:00:00+07:00"

    @Test func staffReturnThanhHoasReportAndEveryFormatOfTheSynthesisSaysSo() throws {
        let cli = try CLI()
        let out = cli.scratch.appendingPathComponent("synthesis")
        #expect(try cli.run(["weekly", "--db", cli.db, "--replay", "SampleReports/receipts.csv", "--at", Self.at, "--out", out.path]).status == 0)
        let history = try cli.run(["history", "--db", cli.db, "--unit", "TH", "--period", "2025-W46", "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        let id = try #require(entries.last { $0["supersededById"] == nil }?["id"] as? Int)

        // Refusals: no reason (65, said in Vietnamese), an unknown report, an unknown state to list.
        let noReason = try cli.run(["review", "return", "\(id)", "--db", cli.db, "--reason", " "])
        #expect(noReason.status == 65)
        #expect(noReason.stderr.contains("Cần ghi lý do"))
        #expect(try cli.run(["review", "accept", "99999", "--db", cli.db]).status == 65)
        #expect(try cli.run(["review", "list", "--db", cli.db, "--state", "rejected"]).status == 64)

        let returned = try cli.run([
            "review", "return", "\(id)", "--db", cli.db, "--by", "Nguyễn Văn A, Vụ Chính quyền địa phương", "--at", "2025-11-20T10:00:00+07:00",
            "--reason", "Số người được tuyển dụng (400) tăng bất thường; đề nghị rà soát, bổ sung, gửi lại.", "--criterion", "hr.recruited",
        ])
        #expect(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout.contains("Đã ghi: báo cáo số \(id) của Tỉnh Thanh Hóa, tuần 46 năm 2025: trả lại để chỉnh sửa."))
        #expect(returned.stdout.contains("Hạn gửi lại báo cáo đã chỉnh sửa: 10:00 ngày 24/11/2025."))
        #expect(try cli.run(["review", "return", "\(id)", "--db", cli.db, "--reason", "Lại."]).status == 65)

        let list = try cli.run(["review", "list", "--db", cli.db, "--period", "2025-W46", "--state", "returned"])
        #expect(list.stdout.contains("TH Tỉnh Thanh Hóa") && list.stdout.contains("trả lại để chỉnh sửa"))
        #expect(list.stdout.contains("Chỉ tiêu: Số người được tuyển dụng trong kỳ"))
        let trail = try cli.run(["history", "--db", cli.db, "--unit", "TH", "--period", "2025-W46"])
        #expect(trail.stdout.contains("Nguyễn Văn A, Vụ Chính quyền địa phương — trả lại để chỉnh sửa. Lý do: Số người được tuyển dụng (400)"))

        let audit = try cli.run(["audit", "--db", cli.db, "--unit", "TH", "--since", "2025-11-20T09:30:00+07:00"])
        #expect(
            audit.stdout.contains(
                "10:00 ngày 20/11/2025  Nguyễn Văn A, Vụ Chính quyền địa phương  trả lại báo cáo số \(id) của Tỉnh Thanh Hóa để chỉnh sửa\n"))
        // From 09:30: the reports received on 20/11 at 07:00 are before it; the month's report of 25/11 is after.
        #expect(!audit.stdout.contains("ngày 20/11/2025  dòng lệnh"))
        let auditJSON = try cli.run(["audit", "--db", cli.db, "--format", "json"])
        #expect(auditJSON.stdout.contains("\"action\" : \"templates-loaded\"") || auditJSON.stdout.contains("\"action\":\"templates-loaded\""))

        // Every format of the week's synthesis says the report is returned, with its reason; the national figure it
        // swings says so in its own row.
        let asOf = "2025-11-20T11:00:00+07:00"
        func synthesis(_ format: String) throws -> Data {
            let file = cli.scratch.appendingPathComponent("s.\(format)")
            let made = try cli.run(["synthesize", "--db", cli.db, "--period", "2025-W46", "--as-of", asOf, "--format", format, "--out", file.path])
            #expect(made.status == 0, "\(made.stderr)")
            return try Data(contentsOf: file)
        }
        let reason = "Số người được tuyển dụng (400) tăng bất thường; đề nghị rà soát, bổ sung, gửi lại."
        for format in ["md", "html"] {
            let text = String(decoding: try synthesis(format), as: UTF8.self)
            #expect(text.contains("Tỉnh Thanh Hóa: Báo cáo bị trả lại để chỉnh sửa ngày 20/11/2025: \(reason)"), "\(format)")
            #expect(text.contains("Đúng hạn; bị trả lại để chỉnh sửa"), "\(format)")
            #expect(text.contains("riêng Tỉnh Thanh Hóa (báo cáo đang bị trả lại để chỉnh sửa) làm tăng 374"), "\(format)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: try synthesis("json")) as? [String: Any])
        let quality = try #require(json["dataQuality"] as? [String: Any])
        #expect((quality["returned"] as? [[String: Any]])?.first?["reason"] as? String == reason)
        let csv = String(decoding: try synthesis("csv"), as: UTF8.self)
        #expect(csv.contains("TH,Tỉnh Thanh Hóa,2025-W46,review:state,returned"))
        for format in ["docx", "xlsx"] {
            let text = try officeText(try synthesis(format))
            #expect(text.contains("Báo cáo bị trả lại để chỉnh sửa"), "\(format)")
            #expect(text.contains("riêng Tỉnh Thanh Hóa (báo cáo đang bị trả lại để chỉnh sửa)"), "\(format)")
        }
    }

    /// Every XML part of an Office file, as text.
    func officeText(_ data: Data) throws -> String {
        try officeParts(data).sorted { $0.key < $1.key }.map { String(decoding: $0.value, as: UTF8.self) }.joined(separator: "\n")
    }
}
