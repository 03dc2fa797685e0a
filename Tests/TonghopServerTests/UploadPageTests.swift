import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopServer
import TonghopTestSupport

/// The upload page as an officer uses it: signed in once, the form downloaded from the page, a file sent without
/// pasting the token again; a wrong token answered on the same page, in Vietnamese.
@Suite struct UploadPageTests {
    func cookie(_ token: String, contentType: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [:]
        fields[.cookie] = "tonghop_token=\(token)"
        if let contentType { fields[.contentType] = contentType }
        return fields
    }

    /// The hidden check the page rendered into its form.
    func check(in page: String) throws -> String {
        let marker = "name=\"check\" value=\""
        let start = try #require(page.range(of: marker)).upperBound
        return String(page[start...].prefix { $0 != "\"" })
    }

    @Test func aSignedInUnitSendsItsFileWithoutPastingTheTokenAndGetsTheReceipt() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let page = try await client.execute(uri: "/upload", method: .get, headers: cookie(fixture.hanoi))
            #expect(page.status == .ok)
            #expect(page.text.contains("Thành phố Hà Nội"))
            #expect(!page.text.contains("name=\"token\""), "no token field for a signed-in unit")
            let check = try check(in: page.text)
            #expect(check.count == 32 && !check.contains(fixture.hanoi))

            let form = multipart(fields: ["check": check], fileName: "HN.json", file: reportJSON())
            let sent = try await client.execute(
                uri: "/upload", method: .post, headers: cookie(fixture.hanoi, contentType: form.contentType), body: form.body)
            #expect(sent.status == .ok)
            #expect(sent.text.contains("Đã nhận báo cáo HN.json, biên nhận số 1."))
            #expect(sent.text.contains("Đã đăng nhập: Thành phố Hà Nội"), "the answer's header still shows who is signed in")
            #expect(sent.text.contains("tuần 46 năm 2025"))
            #expect(sent.text.contains("07:00 ngày 20/11/2025"))
        }
        #expect(try fixture.storedCount("HN") == 1)
    }

    @Test func theCookieAloneNeverSubmits() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            // What another site could make a browser send: the cookie goes along, the page's check does not.
            for fields in [[:], ["check": "0123456789abcdef0123456789abcdef"]] {
                let form = multipart(fields: fields, fileName: "HN.json", file: reportJSON())
                let sent = try await client.execute(
                    uri: "/upload", method: .post, headers: cookie(fixture.hanoi, contentType: form.contentType), body: form.body)
                #expect(sent.status == .forbidden)
                #expect(sent.text.contains("tải lại trang"))
                #expect(sent.text.contains("Tệp đã chọn: <strong>HN.json</strong>"))
            }
        }
        #expect(try fixture.storedCount("HN") == 0)
    }

    @Test func aWrongTokenKeepsTheFormTheFileNameAndSaysWhyInVietnamese() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            for token in ["thp_not-a-token", fixture.revoked] {
                let form = multipart(fields: ["token": token], fileName: "Báo cáo tuần 46.xlsx", file: reportJSON())
                let page = try await client.execute(uri: "/upload", method: .post, headers: headers(contentType: form.contentType), body: form.body)
                #expect(page.status == .unauthorized)
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.text.contains("Mã truy cập không hợp lệ: mã chưa từng được cấp hoặc đã bị thu hồi."))
                #expect(page.text.contains("Tệp đã chọn: <strong>Báo cáo tuần 46.xlsx</strong>"))
                #expect(
                    page.text.contains("enctype=\"multipart/form-data\"") && page.text.contains("name=\"token\""), "the form is there to try again")
                #expect(!page.text.contains(token), "the wrong token is not written back into the page")
            }
            // No token at all: the same page, asking for one.
            let form = multipart(fileName: "HN.json", file: reportJSON())
            let none = try await client.execute(uri: "/upload", method: .post, headers: headers(contentType: form.contentType), body: form.body)
            #expect(none.status == .unauthorized && none.text.contains("Cần mã truy cập"))
        }
        #expect(try fixture.storedCount("HN") == 0)
    }

    @Test func theSignedInUnitDownloadsTheFormOfTheCurrentOrAChosenPeriod() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let page = try await client.execute(uri: "/upload", method: .get, headers: cookie(fixture.hanoi))
            // At 07:00 on Thursday 20 November the province week filling up is week 46, due at 08:00.
            #expect(page.text.contains("href=\"/form?schedule=province-weekly&amp;period=2025-W46\""))
            #expect(page.text.contains("Tải biểu mẫu tuần 46 năm 2025"))
            #expect(
                page.text.contains("<option value=\"2025-W45\">tuần 45 năm 2025 (06/11/2025 – 12/11/2025), hạn nộp 08:00 ngày 13/11/2025</option>"))
            #expect(page.text.contains("Báo cáo tháng"), "the monthly form too")

            let current = try await client.execute(
                uri: "/form?schedule=province-weekly&period=2025-W46", method: .get, headers: cookie(fixture.hanoi))
            #expect(current.status == .ok)
            #expect(current.headers[.contentDisposition] == "attachment; filename=\"bao-cao-HN-2025-W46.xlsx\"")
            #expect(current.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Data(buffer: current.body).starts(with: [0x50, 0x4B]))
            let chosen = try await client.execute(uri: "/form?schedule=province-weekly&period=2025-W44", method: .get, headers: cookie(fixture.hanoi))
            #expect(chosen.headers[.contentDisposition] == "attachment; filename=\"bao-cao-HN-2025-W44.xlsx\"")
            let monthly = try await client.execute(uri: "/form?schedule=monthly", method: .get, headers: cookie(fixture.hanoi))
            #expect(monthly.headers[.contentDisposition] == "attachment; filename=\"bao-cao-HN-2025-11.xlsx\"")

            // A person who is not signed in, or asks for a period that does not exist, gets a page, not JSON.
            let anonymous = try await client.execute(uri: "/form?period=2025-W46", method: .get)
            #expect(anonymous.status == .unauthorized && anonymous.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(anonymous.text.contains("Cần đăng nhập"))
            let nonsense = try await client.execute(
                uri: "/form?schedule=province-weekly&period=2025-W54", method: .get, headers: cookie(fixture.hanoi))
            #expect(nonsense.status == .badRequest && nonsense.text.contains("năm 2025 có các tuần từ 01 đến 52"))
            // A unit's sign-in reads only its own forms.
            let other = try await client.execute(uri: "/form?unit=HP", method: .get, headers: cookie(fixture.hanoi))
            #expect(
                other.status == .ok && other.headers[.contentDisposition]?.contains("bao-cao-HN-") == true, "the unit of the sign-in, not the query")
        }
    }

    @Test func apiErrorsAreVietnameseUnlessEnglishIsAskedFor() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let vietnamese = try await client.execute(uri: "/api/v1/me", method: .get, headers: headers(language: nil))
            #expect(vietnamese.status == .unauthorized)
            #expect(vietnamese.errorMessage?.hasPrefix("Cần mã truy cập") == true)
            #expect(((try vietnamese.json()["error"] as? [String: Any])?["code"] as? String) == "api-no-token")
            let english = try await client.execute(uri: "/api/v1/me", method: .get, headers: headers(language: "en-GB,en;q=0.9"))
            #expect(english.errorMessage?.hasPrefix("this needs a token") == true)
            #expect(((try english.json()["error"] as? [String: Any])?["code"] as? String) == "api-no-token", "the code is the same in both")

            let missing = try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: headers(token: fixture.hanoi, language: nil))
            #expect(missing.status == .notFound && missing.errorMessage == "Không có trang hoặc địa chỉ này.")
            let forbidden = try await client.execute(
                uri: "/api/v1/status/province-weekly", method: .get, headers: headers(token: fixture.hanoi, language: "vi"))
            #expect(forbidden.status == .forbidden && forbidden.errorMessage?.contains("Mã truy cập của đơn vị HN") == true)
            let unsupported = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: headers(token: fixture.hanoi, contentType: "text/plain", language: nil),
                body: ByteBuffer(string: "x"))
            #expect(unsupported.status == .unsupportedMediaType && unsupported.errorMessage?.hasPrefix("Gửi báo cáo dạng application/json") == true)

            let rejected = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: headers(token: fixture.hanoi, contentType: "application/json", language: nil),
                body: reportJSON { $0.set(ReportBuilder.validValues[0].0, -4) })
            #expect(rejected.status == .unprocessableContent)
            // The error, not the warnings of the tasks the hand-written report leaves out.
            let issues = try #require(try rejected.json()["issues"] as? [[String: Any]]).filter { $0["severity"] as? String == "error" }
            #expect((issues.first?["message"] as? String)?.hasPrefix("Chỉ tiêu “") == true, "\(issues)")
            #expect(issues.first?["code"] as? String == "out-of-bounds")
        }
    }
}
