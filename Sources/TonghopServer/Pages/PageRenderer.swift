import Foundation
import Hummingbird
import Mustache
import TonghopCore
import TonghopRendering

/// The service's HTML pages, from the Mustache templates in `Templates/pages/`; everything from a report is escaped.
public struct PageRenderer: Sendable {
    /// The pages and partials the service needs.
    public static let templateNames = ["header", "footer", "index", "upload", "signin", "board", "tasks", "report", "audit", "error"]

    private let library: MustacheLibrary
    /// The units, for the header to name the one signed in.
    private let registry: UnitRegistry

    /// Loads each page template from `directory`, naming the file and line of a template that does not parse.
    public init(directory: URL, registry: UnitRegistry) throws {
        library = try MustacheLibrary.load(Self.templateNames, from: directory)
        self.registry = registry
    }

    /// A page rendered from its typed view, with the layout's values (title, who is signed in) beside it.
    func render<View: Sendable>(_ name: String, title: String, caller: AccessRole?, view: View) -> String {
        let page = PageContext(title: title, caller: caller.map(describe), isStaff: caller == .staff, view: view)
        // Every template is loaded and checked at start-up, so a missing one here is a programming error.
        guard let html = library.render(page, withTemplate: name) else { preconditionFailure("no page template \(name)") }
        return html
    }

    func errorPage(_ error: APIError, caller: AccessRole?) -> Response {
        let heading: MessageKey =
            switch error.status {
            case .unauthorized: .pageUnauthorized
            case .forbidden: .pageForbidden
            case .notFound: .pageNotFound
            case .contentTooLarge: .pageTooLarge
            case .unsupportedMediaType: .pageUnsupported
            case .badRequest: .pageBadRequest
            case .requestTimeout: .pageTimeout
            default: .pageError
            }
        let title = Message(heading).text(in: .vi)
        let view = ErrorView(
            heading: title, message: error.message.text(in: .vi), status: Int(error.status.code), signIn: error.status == .unauthorized)
        let html = render("error", title: title, caller: caller, view: view)
        return htmlResponse(html, status: error.status)
    }

    /// Who is signed in, as the header names them: the unit by its name ("Tỉnh Thanh Hóa"), or MoHA's staff.
    func describe(_ role: AccessRole) -> String {
        role.unitCode.map { registry.name(of: $0) ?? "đơn vị \($0)" } ?? "cán bộ Bộ Nội vụ"
    }
}

/// The error page's view.
struct ErrorView: Sendable {
    var heading: String
    var message: String
    var status: Int
    /// A 401: the page offers the sign-in page.
    var signIn: Bool
}

/// What a page template reads: the layout's title and who is signed in, then the page's own view, each of whose
/// properties a template names directly (`{{boards}}`, not `{{view.boards}}`).
struct PageContext<View>: MustacheParent {
    var title: String
    /// Who is signed in, as the header says it; nil when nobody is.
    var caller: String?
    /// Staff are signed in: the header links their pages.
    var isStaff: Bool
    var view: View

    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "caller": return caller
        case "isStaff": return isStaff
        default:
            // As Mustache reads any value: its stored property of that name, an optional one unwrapped.
            guard let value = Mirror(reflecting: view).children.first(where: { $0.label == name })?.value else { return nil }
            let optional = Mirror(reflecting: value)
            guard optional.displayStyle == .optional else { return value }
            return optional.children.first?.value
        }
    }
}
