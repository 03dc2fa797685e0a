import Foundation
import Hummingbird
import TonghopCore
import TonghopService

/// `GET/POST /upload` and `GET /form`: the officer's page. Signed in as a unit: its name, the file to choose, and the
/// forms it can download; not signed in: the token field. The answer is on the page: the receipt, or every problem.
struct UploadPage: Sendable {
    let environment: ServiceEnvironment

    struct View: Sendable {
        /// No unit is signed in: the page asks for a token.
        var askToken: Bool
        /// Staff are signed in: they read, units submit.
        var staff = false
        /// The check that lets the signed-in unit's browser submit without the token (see `TokenMiddleware`).
        var check: String?
        var unitName: String?
        var unitCode: String?
        var forms: [FormChoice] = []
        /// Why the file was not taken, and the name of the file chosen (a browser cannot be given it back).
        var refusal: String?
        var chosenFile: String?
        var result: Result?
        /// The unit's reports MoHA returned for correction, listed first.
        var returned: [Returned] = []
        var hasReturned = false
    }

    /// A report returned for correction, as its unit reads it: why, which criteria, by when, and its form filled again.
    struct Returned: Sendable {
        var id: Int64
        var scheduleName: String
        var periodName: String
        var returnedAt: String
        var by: String
        var reason: String
        var criteria: String
        var due: String
        var overdue: Bool
        var formHref: String
    }

    /// A schedule's forms the unit can download: the period filling up, and the others to choose from.
    struct FormChoice: Sendable {
        var scheduleId: String
        var scheduleName: String
        var currentHref: String
        var currentLabel: String
        var currentDeadline: String
        var periods: [PeriodChoice]
    }

    struct PeriodChoice: Sendable {
        var key: String
        var selected: Bool
        var label: String
    }

    /// The receipt, or the list of problems, as the page shows them.
    struct Result: Sendable {
        var accepted: Bool
        var message: String
        var file: String
        var heading: String
        var unit: String
        var period: String
        var hasIssues: Bool
        var issues: [Issue]
        var moreIssues: String
        var submissionId: Int64?
        var receivedAt: String?
        var onTimeLimit: String?
        var onTime: Bool?
        var timeliness: String?
        var sha256: String?
        var templateVersion: String?
    }

    struct Issue: Sendable {
        var severity: String
        var severityLabel: String
        var location: String
        var message: String
        var code: String
        var title: String
    }

    @Sendable func show(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        htmlResponse(render(try await view(context.signIn), context: context))
    }

    /// The form's file, checked and stored for the unit of the token pasted into the form, or of the browser's sign-in
    /// (with the form's check); the page shows the receipt, every issue, or why nothing was taken.
    @Sendable func receive(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let upload: UploadedFile
        do {
            upload = try await UploadedFile.from(request, context: context, limit: environment.maxUploadBytes, timeout: environment.bodyTimeout)
        } catch let refusal as APIError where refusal.status != .requestTimeout {
            return try await refused(refusal, fileName: nil, context: context)
        }
        let token: IssuedToken
        if let pastedToken = upload.formToken {
            guard let pasted = try await environment.issued(pastedToken) else {
                return try await refused(APIError.badToken, fileName: upload.fileName, context: context)
            }
            token = pasted
        } else if let caller = context.callerToken {
            // A bearer token in the header, which the token middleware has checked.
            token = caller
        } else if let signIn = context.signIn {
            guard upload.formCheck == signIn.check else {
                return try await refused(APIError(.forbidden, Message(.apiSignInNoCheck)), fileName: upload.fileName, context: context)
            }
            token = signIn.issued
        } else {
            return try await refused(APIError.noToken, fileName: upload.fileName, context: context)
        }
        let verdict: FileVerdict
        do {
            verdict = try await SubmissionDesk(environment: environment).submit(
                upload, for: try SubmissionDesk.submitter(token.role), sender: context.actor(token), logger: context.logger)
        } catch let refusal as APIError {
            return try await refused(refusal, fileName: upload.fileName, context: context)
        }
        var view = try await view(context.signIn)
        view.result = Self.result(verdict)
        return htmlResponse(render(view, context: context), status: verdict.verdict == .rejected ? .unprocessableContent : .ok)
    }

    /// `GET /form`: the Excel form of the signed-in unit (staff name the unit) for the chosen period, or the one filling
    /// up, downloaded by the browser as it is.
    @Sendable func downloadForm(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        guard let caller = context.caller else { throw APIError.noToken }
        guard let unit = caller.unitCode ?? request.query("unit") else {
            throw APIError(
                .badRequest, Message(.fieldMissing, ["field": .message(Message(.fieldUnit)), "name": .text("unit"), "example": .text("HN")]))
        }
        // `from`: one of the unit's own reports (a returned one, say), whose answers fill the form again.
        let from = try request.query("from").map(ReviewController.submissionId)
        return try await environment.formDownload(
            unit: unit, period: request.query("period"), schedule: request.query("schedule"), from: from, context: context)
    }

    private func render(_ view: View, context: TonghopRequestContext) -> String {
        environment.pages.render("upload", title: "Nộp báo cáo", caller: context.signedIn, view: view)
    }

    /// The page's parts that depend on who is signed in, the unit's returned reports first.
    private func view(_ signIn: SignIn?) async throws -> View {
        var view = forms(signIn)
        guard let unit = view.unitCode else { return view }
        let (reviews, catalog, now) = (environment.reviews, environment.catalog, environment.now())
        let returned = try await onDispatchThread { try reviews.returned(unit: unit) }
        let vi = Language.vi
        view.returned = returned.compactMap { item -> Returned? in
            guard let review = item.review else { return nil }
            let s = item.submission
            let template = catalog.template(s.templateId, version: s.templateVersion)
            return Returned(
                id: s.id, scheduleName: catalog.schedules[s.scheduleId]?.name.vi ?? s.scheduleId, periodName: vi.period(s.periodKey),
                returnedAt: vi.instant(review.at), by: review.by, reason: review.reason,
                criteria: review.criteria.map { template?.criterion($0)?.label.vi ?? $0 }.joined(separator: "; "),
                due: review.correctionDue.map(vi.deadline) ?? "", overdue: review.correctionDue.map { $0 <= now } ?? false,
                formHref: "/form?schedule=\(s.scheduleId)&period=\(s.periodKey)&from=\(s.id)")
        }
        view.hasReturned = !view.returned.isEmpty
        return view
    }

    /// The forms the signed-in unit can download, or what the page asks of someone not signed in as a unit.
    private func forms(_ signIn: SignIn?) -> View {
        guard let signIn else { return View(askToken: true) }
        guard let code = signIn.role.unitCode, let unit = environment.catalog.registry.unit(code) else {
            return View(askToken: true, staff: true)
        }
        let language = Language.vi
        let choices = BlankForms(catalog: environment.catalog, contact: environment.synthesisSettings.submission).choices(
            for: unit, at: environment.now())
        let forms = choices.map { choice in
            let current = choice.current
            return FormChoice(
                scheduleId: choice.schedule.id, scheduleName: choice.schedule.name.vi,
                currentHref: "/form?schedule=\(choice.schedule.id)&period=\(current.key)", currentLabel: language.period(current.key),
                currentDeadline: language.deadline(choice.schedule.onTimeLimit(of: current)),
                periods: choice.periods.map { period in
                    PeriodChoice(
                        key: period.key, selected: period == current,
                        label: Message(
                            .formPeriodChoice,
                            [
                                "period": .period(period.key), "first": .date(period.firstDay), "last": .date(period.lastDay),
                                "deadline": .deadline(choice.schedule.onTimeLimit(of: period)),
                            ]
                        ).text(in: language))
                })
        }
        return View(askToken: false, check: signIn.check, unitName: unit.name, unitCode: unit.code, forms: forms)
    }

    /// The page again, with why the file was not taken and the form ready for another try.
    private func refused(_ refusal: APIError, fileName: String?, context: TonghopRequestContext) async throws -> Response {
        var view = try await view(context.signIn)
        view.refusal = refusal.message.text(in: .vi)
        view.chosenFile = fileName
        return htmlResponse(render(view, context: context), status: refusal.status)
    }

    /// The receipt, or the list of problems, in Vietnamese.
    static func result(_ verdict: FileVerdict) -> Result {
        let language = Language.vi
        let receipt = verdict.receipt
        return Result(
            accepted: verdict.verdict != .rejected, message: verdict.sentence.text(in: language), file: verdict.file,
            heading: Message(verdict.verdict == .duplicate ? .receiptHeadingDuplicate : .receiptHeadingAccepted).text(in: language),
            unit: verdict.unit ?? "", period: verdict.period.map(language.period) ?? "", hasIssues: !verdict.issues.isEmpty,
            issues: verdict.issues.map { issue in
                Issue(
                    severity: issue.severity.rawValue, severityLabel: issue.severity.label.text(in: language).capitalizedFirst,
                    location: issue.location.place(in: language).capitalizedFirst, message: issue.text(in: language), code: issue.code.rawValue,
                    title: issue.code.title.text(in: language))
            },
            moreIssues: verdict.moreIssuesSentence?.text(in: language) ?? "", submissionId: receipt?.submissionId,
            receivedAt: receipt.map { language.instant($0.receivedAt) }, onTimeLimit: receipt.map { language.deadline($0.onTimeLimit) },
            onTime: receipt?.onTime, timeliness: receipt?.timeliness.text(in: language), sha256: receipt?.sha256,
            templateVersion: receipt?.templateVersion)
    }
}
