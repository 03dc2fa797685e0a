import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TonghopServer
import TonghopTestSupport

/// The directives' tasks over the API and on the page `/tasks`: staff read every unit's, a unit its own.
@Suite struct TaskAPITests {
    /// Hà Nội's sample report of week 46, which speaks of its five tasks, sent an hour before the deadline.
    func submitHanoi(_ client: some TestClientProtocol, _ fixture: ServiceFixture) async throws {
        let response = try await client.execute(
            uri: "/api/v1/submissions", method: .post, headers: headers(token: fixture.hanoi, contentType: "application/json"),
            body: ByteBuffer(data: try Repo.sample("province-2025-W46/HN.json")))
        #expect(response.status == .created, "\(response.text)")
    }

    @Test func staffReadEveryUnitsTasksAndAUnitItsOwn() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            try await submitHanoi(client, fixture)
            let all = try await client.execute(uri: "/api/v1/tasks", method: .get, headers: headers(token: fixture.staff)).json()
            let assignments = try #require(all["assignments"] as? [[String: Any]])
            #expect(Set(assignments.compactMap { $0["unit"] as? String }).count > 34, "the provinces and the central agencies")
            #expect(assignments.first?["state"] as? String == "overdue", "overdue first")
            // Hà Nội's own: five tasks, four reported done, its action plan in progress.
            let mine = try await client.execute(uri: "/api/v1/tasks", method: .get, headers: headers(token: fixture.hanoi)).json()
            #expect(mine["unit"] as? String == "HN")
            let counts = try #require(mine["counts"] as? [String: Int])
            #expect(counts["completed-on-time", default: 0] + counts["completed-late", default: 0] == 4 && counts["in-progress"] == 1)
            let other = try await client.execute(uri: "/api/v1/tasks?unit=HP", method: .get, headers: headers(token: fixture.hanoi))
            #expect(other.status == .forbidden)
            let overdue = try await client.execute(uri: "/api/v1/tasks?unit=hp&state=overdue", method: .get, headers: headers(token: fixture.staff))
                .json()
            #expect(
                (overdue["assignments"] as? [[String: Any]])?.allSatisfy { $0["state"] as? String == "overdue" && $0["unit"] as? String == "HP" }
                    == true)
            let bad = try await client.execute(uri: "/api/v1/tasks?state=late", method: .get, headers: headers(token: fixture.staff, language: "vi"))
            #expect(bad.status == .badRequest && bad.errorMessage?.contains("không phải tình trạng nhiệm vụ") == true)
            let unknown = try await client.execute(uri: "/api/v1/tasks?unit=XX", method: .get, headers: headers(token: fixture.staff))
            #expect(unknown.status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/tasks", method: .get).status == .unauthorized)
        }
    }

    @Test func thePageCountsEachUnitsTasksOverdueFirstAndListsAUnitsOwn() async throws {
        let fixture = try ServiceFixture()
        try await fixture.application().test(.router) { client in
            try await submitHanoi(client, fixture)
            var staff = HTTPFields()
            staff[.cookie] = "tonghop_token=\(fixture.staff)"
            let page = try await client.execute(uri: "/tasks", method: .get, headers: staff)
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Tình hình thực hiện nhiệm vụ được giao</h1>"))
            #expect(page.text.contains("Theo đơn vị (đơn vị có nhiệm vụ quá hạn xếp đầu)") && page.text.contains("href=\"/tasks?unit=HN\""))
            var hanoi = HTTPFields()
            hanoi[.cookie] = "tonghop_token=\(fixture.hanoi)"
            let own = try await client.execute(uri: "/tasks", method: .get, headers: hanoi)
            #expect(own.status == .ok && own.text.contains("được giao: Thành phố Hà Nội</h1>"))
            #expect(own.text.contains("Quyết định số 4567/QĐ-UBND") && own.text.contains("kl192-action-plan"), "its products and its open tasks")
            #expect(try await client.execute(uri: "/tasks?unit=HP", method: .get, headers: hanoi).status == .forbidden)
        }
    }
}
