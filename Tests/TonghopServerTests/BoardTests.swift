import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopServer
import TonghopTestSupport

/// The board as MoHA opens it on Thursday morning, and its colours as the eye reads them.
@Suite struct BoardTests {
    func staff(_ fixture: ServiceFixture) -> HTTPFields {
        var fields: HTTPFields = [:]
        fields[.cookie] = "tonghop_token=\(fixture.staff)"
        return fields
    }

    /// The tiles of the province board, in order, as (state, code).
    func provinceTiles(_ page: String) -> [(state: String, code: String)] {
        let section = page.components(separatedBy: "<section>")[1]
        return section.components(separatedBy: "<div class=\"unit ").dropFirst().map { tile in
            let state = String(tile.prefix { $0 != "\"" })
            let code = tile.components(separatedBy: "<div class=\"code\">")[1].prefix { $0 != " " }
            return (state, String(code))
        }
    }

    @Test func onThursdayAtNineTheBoardShowsTheWeekJustClosedWithTheMissingFirst() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let sent = try await client.execute(
                uri: "/api/v1/submissions", method: .post, headers: headers(token: fixture.hanoi, contentType: "application/json"),
                body: reportJSON())
            #expect(sent.status == .created)
            let page = try await client.execute(uri: "/board?at=2025-11-20T09:00:00%2B07:00", method: .get, headers: staff(fixture))
            #expect(page.status == .ok)
            #expect(page.text.contains("trung ương — tuần 46 năm 2025 (13/11/2025 – 19/11/2025)"))
            #expect(page.text.contains("Kỳ vừa hết hạn nộp"))
            #expect(page.text.contains("đã qua hạn 1 giờ"))
            #expect(page.text.contains("Hạn nộp tiếp theo: tuần 47 năm 2025, 08:00 ngày 27/11/2025, còn 6 ngày 23 giờ."))
            // The period filling up is one click away.
            #expect(page.text.contains("<a href=\"/board?schedule=province-weekly&amp;period=2025-W47&amp;at=2025-11-20T09:00:00%2B07:00\">"))
            let tiles = provinceTiles(page.text)
            #expect(tiles.count == 34)
            #expect(tiles.prefix(33).allSatisfy { $0.state == "missing" }, "the 33 missing provinces come first")
            #expect(tiles.last?.state == "on-time" && tiles.last?.code == "HN")
        }
    }

    @Test func onTuesdayTheBoardShowsTheWeekFillingUp() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            let page = try await client.execute(uri: "/board?at=2025-11-25T10:00:00%2B07:00", method: .get, headers: staff(fixture))
            #expect(page.text.contains("trung ương — tuần 47 năm 2025 (20/11/2025 – 26/11/2025)"))
            #expect(page.text.contains("Kỳ đang nhận báo cáo."))
            #expect(page.text.contains("Xem kỳ vừa hết hạn nộp (tuần 46 năm 2025)"))
            #expect(provinceTiles(page.text).allSatisfy { $0.state == "pending" })
        }
    }

    /// Every tile's text against its colour meets WCAG AA, 4.5:1, read from the page's own style sheet.
    @Test func everyTileMeetsWCAGAAContrast() throws {
        let css = try String(contentsOf: Repo.templates.appendingPathComponent("pages/header.mustache"), encoding: .utf8)
        func variable(_ name: String) throws -> String {
            let start = try #require(css.range(of: "--\(name): #")).upperBound
            return String(css[start...].prefix(6))
        }
        for state in ["on-time", "late", "missing", "pending", "untracked"] {
            let rule = try #require(css.range(of: ".unit.\(state) {")).upperBound
            let body = css[rule...].prefix { $0 != "}" }
            let backgroundAt = try #require(body.range(of: "var(--")).upperBound
            let background = try variable(String(body[backgroundAt...].prefix { $0 != ")" }))
            let textAt = try #require(body.range(of: "; color: #")).upperBound
            let text = String(body[textAt...].prefix { $0.isHexDigit })
            let ratio = Self.contrast(Self.hex(text.count == 3 ? String(text.flatMap { [$0, $0] }) : text), Self.hex(background))
            #expect(ratio >= 4.5, "\(state): #\(text) on #\(background) is \(ratio):1")
        }
        // The review's badge: its text on the badge's white, whatever the tile's colour.
        let badge = try #require(css.range(of: ".review { ")).upperBound
        #expect(css[badge...].prefix { $0 != "}" }.contains("background: #fff;"))
        for review in ["received", "accepted", "returned"] {
            let rule = try #require(css.range(of: ".review-\(review) { color: #")).upperBound
            let text = String(css[rule...].prefix { $0.isHexDigit })
            let ratio = Self.contrast(Self.hex(text.count == 3 ? String(text.flatMap { [$0, $0] }) : text), (1, 1, 1))
            #expect(ratio >= 4.5, "\(review): #\(text) on white is \(ratio):1")
        }
    }

    static func hex(_ text: String) -> (Double, Double, Double) {
        let value = Int(text.prefix(6), radix: 16) ?? 0
        return (Double(value >> 16 & 0xFF) / 255, Double(value >> 8 & 0xFF) / 255, Double(value & 0xFF) / 255)
    }

    /// WCAG 2.1's contrast ratio of two sRGB colours.
    static func contrast(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
        func channel(_ c: Double) -> Double { c <= 0.039_28 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        func luminance(_ c: (Double, Double, Double)) -> Double { 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2) }
        let (l1, l2) = (luminance(a), luminance(b))
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }
}
