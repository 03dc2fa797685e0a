import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopCore
import TonghopIngest
import TonghopServer
import TonghopService
import TonghopTestSupport

/// Where staff and units meet the review: the board's states, the report's page and its forms, the unit's returned
/// reports on its upload page with the form filled again, the audit log's page.
@Suite struct ReviewPageTests {
    func signedIn(_ token: String) -> HTTPFields {
        var fields: HTTPFields = [:]
        fields[.cookie] = "tonghop_token=\(token)"
        return fields
    }

    func check(in page: String) throws -> String {
        let marker = "name=\"check\" value=\""
        let start = try #require(page.range(of: marker)).upperBound
        return String(page[start...].prefix(32))
    }

    @Test func staffReturnAReportFromItsPageAndTheUnitFindsItFirstWithItsFormFilledAgain() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let sent = try await client.execute(
                uri: "/api/v1/submissions?fileName=HN.json", method: .post, headers: headers(token: fixture.hanoi, contentType: "application/json"),
                body: reportJSON { $0.set("hr.recruited", 17) })
            let id = try #require((try sent.json()["receipt"] as? [String: Any])?["submissionId"] as? Int)

            // The report's page: staff only, its values, no decision yet, the three forms' check.
            #expect(try await client.execute(uri: "/reports/\(id)", method: .get, headers: signedIn(fixture.hanoi)).status == .forbidden)
            let page = try await client.execute(uri: "/reports/\(id)", method: .get, headers: signedIn(fixture.staff))
            #expect(page.status == .ok)
            #expect(page.text.contains("Báo cáo số \(id): Thành phố Hà Nội, tuần 46 năm 2025"))
            #expect(page.text.contains("Chưa rà soát."))
            #expect(page.text.contains("value=\"accept\"") && page.text.contains("value=\"return\"") && !page.text.contains("value=\"reopen\""))
            #expect(!page.text.contains("<script"))
            let check = try self.check(in: page.text)

            func post(_ body: String, cookie: String) async throws -> TestResponse {
                var fields = signedIn(cookie)
                fields[.contentType] = "application/x-www-form-urlencoded"
                return try await client.execute(uri: "/reports/\(id)/review", method: .post, headers: fields, body: ByteBuffer(string: body))
            }
            // The cookie alone (another site's form) changes nothing; a unit cannot review; a return needs its reason.
            #expect(try await post("decision=accept", cookie: fixture.staff).status == .forbidden)
            let unitPage = try await client.execute(uri: "/upload", method: .get, headers: signedIn(fixture.hanoi))
            #expect(try await post("decision=accept&check=\(try self.check(in: unitPage.text))", cookie: fixture.hanoi).status == .forbidden)
            let noReason = try await post("check=\(check)&decision=return&reason=+", cookie: fixture.staff)
            #expect(noReason.status == .badRequest)
            #expect(noReason.text.contains("Cần ghi lý do"))
            let returned = try await post(
                "check=\(check)&decision=return&reason=S%E1%BB%91+li%E1%BB%87u+t%C4%83ng+b%E1%BA%A5t+th%C6%B0%E1%BB%9Dng%3B+%C4%91%E1%BB%81+ngh%E1%BB%8B+r%C3%A0+so%C3%A1t.&criteria=hr.recruited&criteria=hr.staff_in_post",
                cookie: fixture.staff)
            #expect(returned.status == .seeOther)
            #expect(returned.headers[.location] == "/reports/\(id)?recorded=1")
            let after = try await client.execute(uri: "/reports/\(id)?recorded=1", method: .get, headers: signedIn(fixture.staff))
            #expect(after.text.contains("Đã ghi quyết định."))
            #expect(after.text.contains("Trả lại để chỉnh sửa. Lý do: Số liệu tăng bất thường; đề nghị rà soát."))
            #expect(after.text.contains("Hạn gửi lại: 07:00 ngày 24/11/2025."))

            // The board: the unit's review in words.
            let board = try await client.execute(
                uri: "/board?schedule=province-weekly&period=2025-W46", method: .get, headers: signedIn(fixture.staff))
            #expect(board.text.contains("<span class=\"review review-returned\">Trả lại để chỉnh sửa</span>"))
            #expect(board.text.contains("href=\"/reports/\(id)\""))
            #expect(board.text.contains("Trả lại để chỉnh sửa: <strong>1</strong>"))

            // The unit's upload page: the returned report first, its reason, its criteria by label, its form filled again.
            let upload = try await client.execute(uri: "/upload", method: .get, headers: signedIn(fixture.hanoi))
            let text = upload.text
            let returnedAt = try #require(text.range(of: "Báo cáo bị trả lại để chỉnh sửa"))
            #expect(returnedAt.lowerBound < (text.range(of: "Tệp báo cáo (.xlsx")?.lowerBound ?? text.startIndex))
            #expect(text.contains("Lý do: Số liệu tăng bất thường; đề nghị rà soát."))
            #expect(text.contains("Số người được tuyển dụng trong kỳ"))
            let href = "/form?schedule=province-weekly&amp;period=2025-W46&amp;from=\(id)"
            #expect(text.contains(href))
            let form = try await client.execute(
                uri: href.replacingOccurrences(of: "&amp;", with: "&"), method: .get, headers: signedIn(fixture.hanoi))
            #expect(form.status == .ok)
            let draft = try #require(ReportReader.read(Data(buffer: form.body), fileName: "form.xlsx").draft)
            #expect(draft.values.contains { $0.criterionId == "hr.recruited" })
            // Another unit's report is not one of Hải Phòng's.
            let stolen = try await client.execute(
                uri: "/form?schedule=province-weekly&period=2025-W46&from=\(id)", method: .get, headers: signedIn(fixture.haiphong))
            #expect(stolen.status == .notFound)

            // The audit log's page: staff only, the decision with who took it.
            #expect(try await client.execute(uri: "/audit", method: .get, headers: signedIn(fixture.hanoi)).status == .forbidden)
            let audit = try await client.execute(uri: "/audit?unit=HN", method: .get, headers: signedIn(fixture.staff))
            #expect(audit.text.contains("Vụ Chính quyền địa phương"))
            #expect(audit.text.contains("Trả lại báo cáo số \(id) của Thành phố Hà Nội để chỉnh sửa"))
            #expect(audit.text.contains("Nhận báo cáo số \(id) của Thành phố Hà Nội, tuần 46 năm 2025, tệp HN.json"))
        }
    }
}
