import Foundation
import Hummingbird
import TonghopRendering

/// The server-rendered pages, one controller each: home, upload (and the form's download), sign-in, the status board,
/// the tasks and a period's synthesis. No scripts; every view is a typed value the page's template reads.
struct PageRoutes: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to router: Router<TonghopRequestContext>) {
        let home = HomePage(environment: environment)
        let upload = UploadPage(environment: environment)
        let signIn = SignInPage(environment: environment)
        router.get("/", use: home.show)
        router.get("upload", use: upload.show)
        router.get("form", use: upload.downloadForm)
        router.post("upload", use: upload.receive)
        router.get("signin", use: signIn.show)
        router.post("signin", use: signIn.signIn)
        router.post("signout", use: signIn.signOut)
        router.get("board", use: BoardPage(environment: environment).show)
        router.get("tasks", use: TasksPage(environment: environment).show)
        let synthesis = SynthesisPage(environment: environment)
        router.get("synthesis/:schedule/:period", use: synthesis.show)
        router.post("synthesis/:schedule/:period/assessment", use: synthesis.writeAssessment)
        let report = ReportPage(environment: environment)
        router.get("reports/:id", use: report.show)
        router.post("reports/:id/review", use: report.decide)
        router.get("audit", use: AuditPage(environment: environment).show)
    }

    /// A period's synthesis in every format, as links.
    static func downloads(scheduleId: String, periodKey: String, asOf: String?) -> [SynthesisRenderer.Download] {
        SynthesisFormat.allCases.map {
            SynthesisRenderer.Download(
                label: $0.rawValue.uppercased(),
                href: "/api/v1/synthesis/\(scheduleId)/\(periodKey)?format=\($0.rawValue)"
                    + (asOf.map { "&asOf=" + queryEscaped($0) } ?? ""))
        }
    }

    static func queryEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~:"))) ?? text
    }
}

/// A link as a page shows it.
struct LinkView: Sendable {
    var label: String
    var href: String
}
