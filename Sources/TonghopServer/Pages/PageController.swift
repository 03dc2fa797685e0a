import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering
import TonghopService
import TonghopSynthesis

/// The server-rendered pages: home, upload, sign-in, the status board and a period's synthesis. No scripts.
struct PageController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to router: Router<TonghopRequestContext>) {
        router.get("/", use: home)
        router.get("upload", use: uploadForm)
        router.get("form", use: form)
        router.post("upload", use: upload)
        router.get("signin", use: signInForm)
        router.post("signin", use: signIn)
        router.post("signout", use: signOut)
        router.get("board", use: board)
        router.get("tasks", use: tasks)
        router.get("synthesis/:schedule/:period", use: synthesis)
    }

    private var pages: PageRenderer { environment.pages }

    @Sendable func home(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let now = environment.now()
        let deadlines = environment.catalog.schedules.values.sorted { $0.id < $1.id }.map { schedule -> [String: Any] in
            let next = schedule.nextDuePeriod(at: now)
            let limit = schedule.onTimeLimit(of: next)
            return [
                "scheduleName": schedule.name.vi, "periodKey": next.key, "deadline": VietnameseFormat.instant(limit),
                "timeLeft": VietnameseFormat.duration(limit.timeIntervalSince(now)),
            ]
        }
        return htmlResponse(
            pages.render(
                "index", title: "Trang chủ", caller: context.signedIn,
                view: ["deadlines": deadlines, "now": VietnameseFormat.instant(now)]))
    }

    @Sendable func uploadForm(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        htmlResponse(pages.render("upload", title: "Nộp báo cáo", caller: context.signedIn, view: uploadView(context.signIn)))
    }

    /// The upload page's parts that depend on who is signed in: a unit's name, the check that lets its browser submit
    /// without pasting the token, and the forms it can download; without a sign-in, the token field.
    private func uploadView(_ signIn: SignIn?) -> [String: Any] {
        guard let signIn else { return ["askToken": true] }
        guard let code = signIn.role.unitCode, let unit = environment.catalog.registry.unit(code) else {
            return ["askToken": true, "staff": true]
        }
        let language = Language.vi
        let choices = BlankForms(catalog: environment.catalog, contact: environment.synthesisSettings.submission).choices(
            for: unit, at: environment.now())
        return [
            "askToken": false, "check": signIn.check, "unitName": unit.name, "unitCode": unit.code,
            "forms": choices.map { choice -> [String: Any] in
                let current = choice.current
                return [
                    "scheduleId": choice.schedule.id, "scheduleName": choice.schedule.name.vi,
                    "currentHref": "/form?schedule=\(choice.schedule.id)&period=\(current.key)",
                    "currentLabel": language.period(current.key),
                    "currentDeadline": language.deadline(choice.schedule.onTimeLimit(of: current)),
                    "periods": choice.periods.map { period -> [String: Any] in
                        [
                            "key": period.key, "selected": period == current,
                            "label": Message(
                                .formPeriodChoice,
                                [
                                    "period": .period(period.key), "first": .date(period.firstDay), "last": .date(period.lastDay),
                                    "deadline": .deadline(choice.schedule.onTimeLimit(of: period)),
                                ]
                            ).text(in: language),
                        ]
                    },
                ]
            },
        ]
    }

    /// The upload page again, with why the file was not taken and the form ready for another try. A browser cannot be
    /// given its chosen file back, so the page names it.
    private func uploadRefused(_ refusal: APIError, fileName: String?, context: TonghopRequestContext) -> Response {
        var view = uploadView(context.signIn)
        view["refusal"] = refusal.message.text(in: .vi)
        if let fileName { view["chosenFile"] = fileName }
        return htmlResponse(pages.render("upload", title: "Nộp báo cáo", caller: context.signedIn, view: view), status: refusal.status)
    }

    /// The form's file, checked and stored for the unit of the token pasted into the form, or of the browser's sign-in
    /// (with the form's check); the page shows the receipt, every issue, or why nothing was taken.
    @Sendable func upload(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let upload: UploadedFile
        do {
            upload = try await UploadedFile.from(request, context: context, limit: environment.maxUploadBytes, timeout: environment.bodyTimeout)
        } catch let refusal as APIError where refusal.status != .requestTimeout {
            return uploadRefused(refusal, fileName: nil, context: context)
        }
        let role: AccessRole
        if let token = upload.formToken {
            guard let pasted = try await environment.role(of: token) else {
                return uploadRefused(APIError.badToken, fileName: upload.fileName, context: context)
            }
            role = pasted
        } else if let caller = context.caller {
            // A bearer token in the header, which the token middleware has checked.
            role = caller
        } else if let signIn = context.signIn {
            guard upload.formCheck == signIn.check else {
                return uploadRefused(APIError(.forbidden, Message(.apiSignInNoCheck)), fileName: upload.fileName, context: context)
            }
            role = signIn.role
        } else {
            return uploadRefused(APIError.noToken, fileName: upload.fileName, context: context)
        }
        let verdict: FileVerdict
        do {
            verdict = try await SubmissionDesk(environment: environment).submit(
                upload, for: try SubmissionDesk.submitter(role), logger: context.logger)
        } catch let refusal as APIError {
            return uploadRefused(refusal, fileName: upload.fileName, context: context)
        }
        var view = uploadView(context.signIn)
        view["result"] = Self.resultView(verdict)
        let html = pages.render("upload", title: "Nộp báo cáo", caller: context.signedIn, view: view)
        return htmlResponse(html, status: verdict.verdict == .rejected ? .unprocessableContent : .ok)
    }

    /// The receipt, or the list of problems, as the upload page shows them (in Vietnamese).
    static func resultView(_ verdict: FileVerdict) -> [String: Any] {
        let language = Language.vi
        var view: [String: Any] = [
            "accepted": verdict.verdict != .rejected, "message": verdict.sentence.text(in: language), "file": verdict.file,
            "heading": Message(verdict.verdict == .duplicate ? .receiptHeadingDuplicate : .receiptHeadingAccepted).text(in: language),
            "unit": verdict.unit ?? "", "period": verdict.period.map(language.period) ?? "", "hasIssues": !verdict.issues.isEmpty,
            "issues": verdict.issues.map { issue -> [String: Any] in
                [
                    "severity": issue.severity.rawValue, "severityLabel": issue.severity.label.text(in: language).capitalizedFirst,
                    "location": issue.location.place(in: language).capitalizedFirst, "message": issue.text(in: language),
                    "code": issue.code.rawValue, "title": issue.code.title.text(in: language),
                ]
            },
            "moreIssues": verdict.moreIssuesSentence?.text(in: language) ?? "",
        ]
        if let receipt = verdict.receipt {
            view["submissionId"] = receipt.submissionId
            view["receivedAt"] = language.instant(receipt.receivedAt)
            view["onTimeLimit"] = language.deadline(receipt.onTimeLimit)
            view["onTime"] = receipt.onTime
            view["timeliness"] = receipt.timeliness.text(in: language)
            view["sha256"] = receipt.sha256
            view["templateVersion"] = receipt.templateVersion
        }
        return view
    }

    /// `GET /form`: the Excel form of the signed-in unit (staff name the unit) for the chosen period, or the one filling
    /// up, downloaded by the browser as it is.
    @Sendable func form(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        guard let caller = context.caller else { throw APIError.noToken }
        guard let unit = caller.unitCode ?? request.query("unit") else {
            throw APIError(
                .badRequest, Message(.fieldMissing, ["field": .message(Message(.fieldUnit)), "name": .text("unit"), "example": .text("HN")]))
        }
        return try await environment.formDownload(unit: unit, period: request.query("period"), schedule: request.query("schedule"), context: context)
    }

    @Sendable func signInForm(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        htmlResponse(pages.render("signin", title: "Đăng nhập", caller: context.signedIn))
    }

    /// Checks the token once and keeps it in a cookie that reads only (see `TokenMiddleware`).
    @Sendable func signIn(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        struct Form: Decodable { var token: String }
        let body = try await request.body.collect(upTo: 4096)
        guard let form = try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body)) else {
            throw APIError(.badRequest, Message(.apiSignInNoToken))
        }
        let token = form.token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let role = try await environment.role(of: token) else {
            let html = pages.render("signin", title: "Đăng nhập", caller: nil, view: ["message": APIError.badToken.message.text(in: .vi)])
            return htmlResponse(html, status: .unauthorized)
        }
        var response = Response.redirect(to: role == .staff ? "/board" : "/upload", type: .found)
        response.status = .seeOther
        response.setCookie(
            Cookie(
                name: TokenMiddleware.cookieName, value: token, maxAge: 12 * 3600, path: "/",
                secure: environment.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func signOut(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        var response = Response.redirect(to: "/", type: .found)
        response.status = .seeOther
        response.setCookie(
            Cookie(
                name: TokenMiddleware.cookieName, value: "", maxAge: 0, path: "/",
                secure: environment.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// The boards of the weekly schedules' periods filling up (provinces and central reporters together), or of one
    /// schedule's chosen period, with links to the periods around each.
    @Sendable func board(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let chosen = request.query("schedule")
        let at = try request.instantQuery("at") ?? environment.now()
        let atQuery = request.query("at").map { "&at=" + Self.queryEscaped($0) } ?? ""
        // In the order of schedules.yaml: the provinces first, theirs is the board MoHA watches on Thursday morning.
        let schedules = environment.catalog.schedules.values.sorted {
            let order = environment.catalog.scheduleOrder
            return (order.firstIndex(of: $0.id) ?? .max, $0.id) < (order.firstIndex(of: $1.id) ?? .max, $1.id)
        }
        let shown = try chosen.map { [try environment.schedule($0)] } ?? schedules.filter { $0.periodType.kind == .weekly }
        var boards: [[String: Any]] = []
        for schedule in shown {
            // The period that just closed while its missing units matter, then the one filling up (see `periodToWatch`).
            let (board, period) = try await environment.board(
                schedule, periodKey: chosen == nil ? nil : request.query("period"), fallback: "watch", at: at)
            boards.append(boardView(board, schedule: schedule, period: period, at: at, atQuery: atQuery))
        }
        var tabs: [[String: Any]] = [
            ["name": "Các báo cáo tuần", "href": "/board" + (atQuery.isEmpty ? "" : "?" + atQuery.dropFirst()), "selected": chosen == nil]
        ]
        tabs += schedules.map { ["name": $0.name.vi, "href": "/board?schedule=\($0.id)" + atQuery, "selected": $0.id == chosen] }
        return htmlResponse(pages.render("board", title: "Bảng theo dõi", caller: context.signedIn, view: ["schedules": tabs, "boards": boards]))
    }

    private func boardView(_ board: StatusBoard, schedule: Schedule, period: Period, at: Date, atQuery: String) -> [String: Any] {
        let (previous, next) = (schedule.period(before: period).key, schedule.period(after: period).key)
        func href(_ key: String) -> String { "/board?schedule=\(schedule.id)&period=\(key)" + atQuery }
        let (filling, closed) = (schedule.nextDuePeriod(at: at), schedule.latestClosedPeriod(at: at))
        return [
            "scheduleName": board.scheduleName, "periodKey": board.periodKey, "periodName": Language.vi.period(board.periodKey),
            "previousName": Language.vi.period(previous), "nextName": Language.vi.period(next),
            "isClosed": period == closed, "isFilling": period == filling,
            "fillingName": Language.vi.period(filling.key), "fillingHref": href(filling.key),
            "closedName": Language.vi.period(closed.key), "closedHref": href(closed.key),
            "firstDay": VietnameseFormat.date(board.firstDay), "lastDay": VietnameseFormat.date(board.lastDay),
            "deadline": Language.vi.deadline(board.deadline), "at": VietnameseFormat.instant(board.at),
            "deadlineAhead": board.deadline > board.at,
            "timeLeft": VietnameseFormat.duration(board.deadline.timeIntervalSince(board.at)),
            "overdue": VietnameseFormat.duration(board.at.timeIntervalSince(board.deadline)),
            "counts": [
                "expected": board.counts.expected, "onTime": board.counts.onTime, "late": board.counts.late,
                "missing": board.counts.missing, "pending": board.counts.pending,
            ],
            "previousKey": previous, "previousHref": href(previous), "nextKey": next, "nextHref": href(next),
            "currentHref": "/board?schedule=\(schedule.id)" + atQuery,
            "units": board.unitsMissingFirst.map(Self.unitView),
            "nextDeadline": [
                "periodKey": board.nextDeadline.periodKey, "periodName": Language.vi.period(board.nextDeadline.periodKey),
                "deadline": Language.vi.deadline(board.nextDeadline.deadline),
                "timeLeft": VietnameseFormat.duration(board.nextDeadline.secondsLeft),
            ],
            "synthesisHref": "/synthesis/\(schedule.id)/\(board.periodKey)",
            "downloads": Self.downloads(scheduleId: schedule.id, periodKey: board.periodKey, asOf: nil).map { ["label": $0.label, "href": $0.href] },
        ]
    }

    /// The board's twin for the directives' tasks: each unit's tasks counted by state, the units with overdue tasks first,
    /// then the overdue tasks themselves; with `unit=`, every task of that unit. A unit signed in sees its own.
    @Sendable func tasks(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let at = try request.instantQuery("at") ?? environment.now()
        let atQuery = request.query("at").map { "&at=" + Self.queryEscaped($0) } ?? ""
        let listing = try await environment.taskListing(unit: request.query("unit"), state: nil, at: at, context: context)
        let register = environment.catalog.tasks
        func item(_ a: TaskAssignment) -> [String: Any] {
            let directive = register.directive(a.task.directiveId)
            return [
                "unitCode": a.unit.code, "unitName": a.unit.name, "text": a.task.text, "taskId": a.task.id,
                "directive": directive.map { $0.symbol ?? $0.citation } ?? a.task.directiveId,
                "deadline": a.task.deadline?.text(in: .vi) ?? Message(.taskRegular).vi, "state": a.state.kind.rawValue,
                "stateLabel": a.state.kind.label.vi, "detail": a.stateDetail(in: .vi),
            ]
        }
        var counts: [String: [TaskState.Kind: Int]] = [:]
        var units: [ReportingUnit] = []
        for assignment in listing.assignments {
            if counts[assignment.unit.code] == nil { units.append(assignment.unit) }
            counts[assignment.unit.code, default: [:]][assignment.state.kind, default: 0] += 1
        }
        var rows = units.map { (unit: $0, counts: counts[$0.code] ?? [:]) }
        let order = Dictionary(environment.catalog.registry.units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        rows.sort { (-($0.counts[.overdue] ?? 0), order[$0.unit.code] ?? 0) < (-($1.counts[.overdue] ?? 0), order[$1.unit.code] ?? 0) }
        let c = listing.counts
        let view: [String: Any] = [
            "at": VietnameseFormat.instant(listing.at),
            "unitName": listing.unit.flatMap { environment.catalog.registry.unit($0)?.name } ?? "",
            "isUnit": listing.unit != nil,
            "allHref": "/tasks" + (atQuery.isEmpty ? "" : "?" + atQuery.dropFirst()),
            "counts": [
                "total": c.values.reduce(0, +), "overdue": c[.overdue] ?? 0, "notReported": c[.notReported] ?? 0,
                "inProgress": c[.inProgress] ?? 0, "completedLate": c[.completedLate] ?? 0, "completedOnTime": c[.completedOnTime] ?? 0,
            ],
            "units": rows.map { row -> [String: Any] in
                [
                    "code": row.unit.code, "name": row.unit.name, "href": "/tasks?unit=\(row.unit.code)" + atQuery,
                    "overdue": row.counts[.overdue] ?? 0, "hasOverdue": (row.counts[.overdue] ?? 0) > 0,
                    "notReported": row.counts[.notReported] ?? 0, "inProgress": row.counts[.inProgress] ?? 0,
                    "completedLate": row.counts[.completedLate] ?? 0, "completedOnTime": row.counts[.completedOnTime] ?? 0,
                    "total": row.counts.values.reduce(0, +),
                ]
            },
            "hasUnits": !rows.isEmpty && listing.unit == nil,
            // Without a unit, the overdue tasks; with one, every task of it, overdue first.
            "items": listing.assignments.filter { listing.unit != nil || $0.state.kind == .overdue }.map(item),
            "hasRegister": !register.isEmpty,
        ]
        return htmlResponse(pages.render("tasks", title: "Nhiệm vụ được giao", caller: context.signedIn, view: view))
    }

    static func unitView(_ unit: StatusBoard.UnitStatus) -> [String: Any] {
        // The board's words are the status command's, from the catalog.
        let detail: Message =
            switch unit.state {
            case .onTime: Message(.statusReported, ["at": .instant(unit.reportedAt ?? .distantPast)])
            case .late:
                Message(.statusReportedLate, ["at": .instant(unit.reportedAt ?? .distantPast), "late": .duration(unit.lateBySeconds ?? 0)])
            case .missing: Message(.statusOverdue, ["overdue": .duration(unit.overdueBySeconds ?? 0)])
            case .pending: Message(.statusAhead)
            }
        return [
            "code": unit.code, "name": unit.name, "state": unit.state.rawValue, "stateLabel": VietnameseFormat.state(unit.state),
            "detail": detail.vi + (unit.submissions > 1 ? " · \(unit.submissions) lần nộp" : ""),
        ]
    }

    static func downloads(scheduleId: String, periodKey: String, asOf: String?) -> [SynthesisRenderer.Download] {
        SynthesisFormat.allCases.map {
            SynthesisRenderer.Download(
                label: $0.rawValue.uppercased(),
                href: "/api/v1/synthesis/\(scheduleId)/\(periodKey)?format=\($0.rawValue)"
                    + (asOf.map { "&asOf=" + queryEscaped($0) } ?? ""))
        }
    }

    /// The HTML synthesis of a period, with links to its other formats.
    @Sendable func synthesis(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        try context.requireStaff()
        let synthesis = try await environment.synthesis(request, context: context) { syntheses, schedule, period, asOf in
            try syntheses.synthesis(schedule, period: period, asOf: asOf, everyValue: false)
        }
        let h = synthesis.heading
        let (renderer, asOf) = (environment.renderer, request.query("asOf"))
        let html = try await offloaded {
            try renderer.page(
                synthesis, downloads: Self.downloads(scheduleId: h.scheduleId, periodKey: h.periodKey, asOf: asOf),
                boardHref: "/board?schedule=\(h.scheduleId)&period=\(h.periodKey)")
        }
        return htmlResponse(html)
    }

    static func queryEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~:"))) ?? text
    }
}
