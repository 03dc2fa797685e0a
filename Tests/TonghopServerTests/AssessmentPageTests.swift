import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopCore
import TonghopServer
import TonghopTestSupport

/// Staff write the period's assessment beside the draft synthesis: the board says when it is missing, the form keeps
/// each version with who wrote it, a text that does not read is refused with why, and the cookie alone writes nothing.
@Suite struct AssessmentPageTests {
    @Test func staffWriteTheAssessmentOnTheSynthesisPageAndTheBoardStopsAskingForIt() async throws {
        // Thursday 20/11/2025 at 10:00: the provinces' week 46 has closed.
        let fixture = try ServiceFixture(clock: ISO8601.instant("2025-11-20T10:00:00+07:00")!)
        let pages = ReviewPageTests()
        try await fixture.application().test(.router) { client in
            let boardURI = "/board?schedule=province-weekly&period=2025-W46"
            let before = try await client.execute(uri: boardURI, method: .get, headers: pages.signedIn(fixture.staff))
            #expect(before.text.contains("Chưa có phần đánh giá chung và đề xuất của cán bộ tổng hợp cho tuần 46 năm 2025"))
            #expect(before.text.contains("href=\"/synthesis/province-weekly/2025-W46#danh-gia\""))

            let page = try await client.execute(uri: "/synthesis/province-weekly/2025-W46", method: .get, headers: pages.signedIn(fixture.staff))
            #expect(page.status == .ok)
            #expect(page.text.contains("action=\"/synthesis/province-weekly/2025-W46/assessment\""))
            #expect(!page.text.contains("Đánh giá chung và đề xuất</h2>"))
            let check = try pages.check(in: page.text)
            func post(_ text: String, check: String?, cookie: String) async throws -> TestResponse {
                var fields = pages.signedIn(cookie)
                fields[.contentType] = "application/x-www-form-urlencoded"
                let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                return try await client.execute(
                    uri: "/synthesis/province-weekly/2025-W46/assessment", method: .post, headers: fields,
                    body: ByteBuffer(string: (check.map { "check=\($0)&" } ?? "") + "text=" + encoded))
            }
            // The cookie alone (another site's form) writes nothing; a unit cannot; a heading naming no topic is refused.
            #expect(try await post("Nhận xét.", check: nil, cookie: fixture.staff).status == .forbidden)
            #expect(try await post("Nhận xét.", check: check, cookie: fixture.hanoi).status == .forbidden)
            let refused = try await post("Nhận xét.\n\n## Nhóm không có", check: check, cookie: fixture.staff)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Dòng 3: “Nhóm không có” không phải một nhóm tiêu chí") || refused.text.contains("Dòng 3"))
            #expect(refused.text.contains("## Nhóm không có</textarea>"))

            // As a browser sends a text box: lines ending in CR LF.
            let written = try await post(
                "Bộ máy cấp xã vận hành ổn định.\r\n\r\n- Đôn đốc các địa phương chưa nộp.", check: check, cookie: fixture.staff)
            #expect(written.status == .seeOther)
            #expect(written.headers[.location] == "/synthesis/province-weekly/2025-W46?written=1#danh-gia")
            let after = try await client.execute(
                uri: "/synthesis/province-weekly/2025-W46?written=1", method: .get, headers: pages.signedIn(fixture.staff))
            #expect(after.text.contains("Đã ghi phần đánh giá, đề xuất"))
            #expect(
                after.text.contains(
                    ". Đánh giá chung và đề xuất</h2>\n<p>Bộ máy cấp xã vận hành ổn định.</p>\n<p>- Đôn đốc các địa phương chưa nộp.</p>"))
            #expect(after.text.contains("10:00 ngày 20/11/2025: Vụ Chính quyền địa phương"))
            let board = try await client.execute(uri: boardURI, method: .get, headers: pages.signedIn(fixture.staff))
            #expect(!board.text.contains("Chưa có phần đánh giá chung"))
            let audit = try await client.execute(uri: "/audit", method: .get, headers: pages.signedIn(fixture.staff))
            #expect(audit.text.contains("Ghi phần đánh giá, đề xuất cho Báo cáo tuần của tỉnh, thành phố trực thuộc trung ương, tuần 46 năm 2025"))
        }
    }
}
