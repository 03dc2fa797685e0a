import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopServer
import TonghopTestSupport

/// The server-rendered pages: no scripts, nothing from elsewhere, and every text from a report escaped.
@Suite struct PageTests {
    static let markup = "<script>alert(\"x\")</script><img src=x onerror=alert(1)>"

    func signedIn(_ token: String) -> HTTPFields {
        var fields: HTTPFields = [:]
        fields[.cookie] = "tonghop_token=\(token)"
        return fields
    }

    /// The home page says periods and deadlines as people do; a unit's menu leaves out staff pages; the refusal page
    /// says who is signed in.
    @Test func theHomePageAndTheMenuSpeakToWhoeverIsSignedIn() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let home = try await client.execute(uri: "/", method: .get, headers: signedIn(fixture.hanoi))
            #expect(home.text.contains("tuần 47 năm 2025") && !home.text.contains("2025-W47"))
            // The ministries' Monday deadline at midnight: the end of the Monday, not 00:00 of the Tuesday.
            #expect(home.text.contains("hết ngày 24/11/2025") && !home.text.contains("00:00 ngày"))
            #expect(home.text.contains("Đã đăng nhập: Thành phố Hà Nội"))
            #expect(!home.text.contains("href=\"/board\""), "a unit's menu has no staff-only board")
            #expect(!home.text.contains("`") && !home.text.contains("<code>tonghop"))
            let refused = try await client.execute(uri: "/board", method: .get, headers: signedIn(fixture.hanoi))
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("Đã đăng nhập: Thành phố Hà Nội"))
            let staff = try await client.execute(uri: "/", method: .get, headers: signedIn(fixture.staff))
            #expect(staff.text.contains("href=\"/board\"") && staff.text.contains("Đã đăng nhập: cán bộ Bộ Nội vụ"))
        }
    }

    @Test func theUploadPageTakesAFileAndATokenAndShowsTheReceipt() async throws {
        let fixture = try ServiceFixture()
        let form = multipart(fields: ["token": fixture.hanoi], fileName: "HN.json", file: reportJSON())
        try await fixture.application().test(.router) { client in
            let page = try await client.execute(uri: "/upload", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("enctype=\"multipart/form-data\""))
            #expect(!page.text.contains("<script"), "the pages work without JavaScript")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)

            let receipt = try await client.execute(uri: "/upload", method: .post, headers: headers(contentType: form.contentType), body: form.body)
            #expect(receipt.status == .ok)
            #expect(receipt.text.contains("biên nhận số 1."))
            #expect(receipt.text.contains("07:00 ngày 20/11/2025"), "the time of receipt in Vietnam time")
            #expect(receipt.text.contains("đúng hạn"))
        }
        #expect(try fixture.storedCount("HN") == 1)
    }

    @Test func aRejectedUploadListsEveryIssueWithItsPlaceAndEscapesWhatTheFileSaid() async throws {
        let fixture = try ServiceFixture()
        let bad = reportJSON {
            $0.set(Self.markup, 5)
            $0.remove(ReportBuilder.validValues[0].0)
        }
        let form = multipart(fields: ["token": fixture.hanoi], fileName: "HN.json", file: bad)
        try await fixture.application().test(.router) { client in
            let page = try await client.execute(uri: "/upload", method: .post, headers: headers(contentType: form.contentType), body: form.body)
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("không có nội dung nào được lưu"))
            #expect(page.text.contains("unknown-criterion"))
            #expect(page.text.contains("missing-criterion"))
            #expect(page.text.contains("&lt;script&gt;"), "the unknown id is shown, escaped")
            #expect(!page.text.contains("<script>alert"))
            #expect(!page.text.contains("<img src=x"))

            // A wrong token in the form is a page too, not a stored report.
            let wrong = multipart(fields: ["token": fixture.haiphong], fileName: "HN.json", file: reportJSON())
            let refused = try await client.execute(uri: "/upload", method: .post, headers: headers(contentType: wrong.contentType), body: wrong.body)
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.contentType]?.hasPrefix("text/html") == true)
        }
        #expect(try fixture.storedCount("HN") == 0)
    }

    @Test func theBoardColoursEveryProvinceAndCentralReporterAndLinksTheSynthesis() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let sent = try await client.execute(
                uri: "/api/v1/submissions", method: .post,
                headers: headers(token: fixture.hanoi, contentType: "application/json"), body: reportJSON())
            #expect(sent.status == .created)
            let page = try await client.execute(uri: "/board", method: .get, headers: signedIn(fixture.staff))
            #expect(page.status == .ok)
            let provinces = shippedCatalog.registry.units.filter { $0.scheduleIds.contains("province-weekly") }.map(\.code)
            #expect(provinces.count == 34)
            for code in provinces {
                #expect(page.text.contains("<div class=\"code\">\(code) · "), "\(code) is on the board")
            }
            // The central reporters' week (due on Monday 24 November) is on the same page, none of them due yet.
            let central = shippedCatalog.registry.units.filter { $0.scheduleIds.contains("central-weekly") }.map(\.code)
            for code in central {
                #expect(page.text.contains("<div class=\"code\">\(code) · "), "\(code) is on the board")
            }
            // At 07:00 on Thursday the provinces' week 46 is filling up; the ministries' week 46 closed on Monday night and
            // is still the one shown, its missing reporters in red, until the next Monday's deadline is nearer.
            #expect(page.text.contains("— tuần 46 năm 2025 (13/11/2025 – 19/11/2025)"))
            #expect(page.text.contains("— tuần 46 năm 2025 (10/11/2025 – 16/11/2025)"))
            #expect(page.text.contains("Xem kỳ đang nhận báo cáo (tuần 47 năm 2025)"))
            #expect(page.text.components(separatedBy: "class=\"unit on-time\"").count - 1 == 1)
            #expect(page.text.components(separatedBy: "class=\"unit pending\"").count - 1 == 33)
            #expect(page.text.components(separatedBy: "class=\"unit missing\"").count - 1 == central.count)
            #expect(page.text.contains("còn <strong>1 giờ</strong>"), "an hour left to the deadline")
            #expect(page.text.contains("href=\"/api/v1/synthesis/province-weekly/2025-W46?format=docx\""))

            let one = try await client.execute(uri: "/board?schedule=central-weekly&period=2025-W46", method: .get, headers: signedIn(fixture.staff))
            #expect(one.status == .ok)
            #expect(one.text.contains("tuần 46 năm 2025 (10/11/2025 – 16/11/2025)"))
            #expect(!one.text.contains("<div class=\"code\">HN · "), "one schedule chosen: the provinces are not shown")
        }
    }

    @Test func theSynthesisPageEscapesTheMarkupOfAReport() async throws {
        let fixture = try ServiceFixture()
        let report = reportJSON {
            $0.results = ["general": "Kết quả \(Self.markup)"]
            $0.difficulties = [["field": "land", "text": "Khó khăn \(Self.markup)"]]
            $0.recommendations = [["addressee": "ministry:BXD", "text": "Kiến nghị \(Self.markup)"]]
        }
        try await fixture.application().test(.router) { client in
            let sent = try await client.execute(
                uri: "/api/v1/submissions", method: .post,
                headers: headers(token: fixture.hanoi, contentType: "application/json"), body: report)
            #expect(sent.status == .created)
            let page = try await client.execute(
                uri: "/synthesis/province-weekly/2025-W46?asOf=2025-11-20T09:00:00%2B07:00", method: .get,
                headers: signedIn(fixture.staff))
            #expect(page.status == .ok)
            #expect(page.text.contains("Khó khăn &lt;script&gt;"))
            #expect(page.text.contains("Kiến nghị &lt;script&gt;"))
            #expect(!page.text.contains("<script"))
            #expect(!page.text.contains("<img src=x"))
            #expect(page.text.contains("href=\"/api/v1/synthesis/province-weekly/2025-W46?format=xlsx&amp;asOf=2025-11-20T09:00:00%2B07:00\""))
        }
    }
}
