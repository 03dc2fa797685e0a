import Foundation
import Hummingbird
import TonghopCore
import TonghopRendering
import TonghopService
import TonghopStore
import TonghopSynthesis

/// The server-rendered pages: home, upload, sign-in, the status board and a period's synthesis. No scripts.
struct PageController: Sendable {
    let environment: ServiceEnvironment

    func addRoutes(to router: Router<TonghopRequestContext>) {
        router.get("/", use: home)
        router.get("upload", use: uploadForm)
        router.post("upload", use: upload)
        router.get("signin", use: signInForm)
        router.post("signin", use: signIn)
        router.post("signout", use: signOut)
        router.get("board", use: board)
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
                "index", title: "Trang chủ", caller: context.caller,
                view: ["deadlines": deadlines, "now": VietnameseFormat.instant(now)]))
    }

    @Sendable func uploadForm(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        htmlResponse(pages.render("upload", title: "Nộp báo cáo", caller: context.caller))
    }

    /// The form's file, checked and stored with the token pasted into the form; the page shows the receipt or every issue.
    @Sendable func upload(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        let upload = try await UploadedFile.from(request, context: context, limit: environment.maxUploadBytes, timeout: environment.bodyTimeout)
        // The token pasted into the form; else one in the header, which the token middleware has already checked.
        var role = context.caller
        if let token = upload.formToken {
            guard let pasted = try await environment.role(of: token) else { throw APIError.badToken }
            role = pasted
        }
        let verdict = try await SubmissionDesk(environment: environment).submit(
            upload, for: try SubmissionDesk.submitter(role), logger: context.logger)
        let html = pages.render("upload", title: "Nộp báo cáo", caller: context.caller, view: ["result": Self.resultView(verdict)])
        return htmlResponse(html, status: verdict.verdict == .rejected ? .unprocessableContent : .ok)
    }

    static func resultView(_ verdict: FileVerdict) -> [String: Any] {
        let id = verdict.receipt?.submissionId ?? 0
        let errors = verdict.issues.filter { $0.severity == .error }.count
        let message =
            switch verdict.verdict {
            case .accepted: "Biên nhận số #\(id)."
            case .superseding: "Biên nhận số #\(id), thay thế báo cáo #\(verdict.receipt?.supersedes ?? 0) đã nộp trước (báo cáo cũ vẫn được lưu)."
            case .duplicate: "Tệp giống hệt báo cáo đã nhận (#\(id)); không lưu thêm."
            case .rejected: "\(verdict.file) có \(errors) lỗi; không có gì được lưu. Sửa các lỗi dưới đây rồi nộp lại."
            }
        var view: [String: Any] = [
            "accepted": verdict.verdict != .rejected, "message": message, "file": verdict.file, "unit": verdict.unit ?? "",
            "period": verdict.period ?? "", "hasIssues": !verdict.issues.isEmpty,
            "issues": verdict.issues.map { issue -> [String: Any] in
                [
                    "severity": issue.severity.rawValue, "severityLabel": issue.severity == .error ? "Lỗi" : "Cảnh báo",
                    "location": "\(issue.location)", "criterion": issue.criterionId ?? "", "message": issue.message, "code": issue.code.rawValue,
                ]
            },
        ]
        if let receipt = verdict.receipt {
            view["submissionId"] = receipt.submissionId
            view["receivedAt"] = VietnameseFormat.instant(receipt.receivedAt)
            view["onTimeLimit"] = VietnameseFormat.instant(receipt.onTimeLimit)
            view["timeliness"] = receipt.onTime ? "đúng hạn" : "muộn \(VietnameseFormat.duration(receipt.lateBySeconds))"
            view["sha256"] = receipt.sha256
            view["templateVersion"] = receipt.templateVersion
        }
        return view
    }

    @Sendable func signInForm(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        htmlResponse(pages.render("signin", title: "Đăng nhập", caller: context.caller))
    }

    /// Checks the token once and keeps it in a cookie that reads only (see `TokenMiddleware`).
    @Sendable func signIn(_ request: Request, context: TonghopRequestContext) async throws -> Response {
        struct Form: Decodable { var token: String }
        let body = try await request.body.collect(upTo: 4096)
        guard let form = try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body)) else {
            throw APIError(.badRequest, "the sign-in form has no token")
        }
        let token = form.token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let role = try await environment.role(of: token) else {
            let html = pages.render("signin", title: "Đăng nhập", caller: nil, view: ["message": APIError.badToken.message])
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
        // The provinces first: theirs is the board MoHA watches on Thursday morning.
        let schedules = environment.catalog.schedules.values.sorted {
            ($0.id == "province-weekly" ? 0 : 1, $0.id) < ($1.id == "province-weekly" ? 0 : 1, $1.id)
        }
        let shown = try chosen.map { [try environment.schedule($0)] } ?? schedules.filter { $0.periodType.kind == .weekly }
        var boards: [[String: Any]] = []
        for schedule in shown {
            let (board, period) = try await environment.board(schedule, periodKey: chosen == nil ? nil : request.query("period"), at: at)
            boards.append(boardView(board, schedule: schedule, period: period, atQuery: atQuery))
        }
        var tabs: [[String: Any]] = [
            ["name": "Các báo cáo tuần", "href": "/board" + (atQuery.isEmpty ? "" : "?" + atQuery.dropFirst()), "selected": chosen == nil]
        ]
        tabs += schedules.map { ["name": $0.name.vi, "href": "/board?schedule=\($0.id)" + atQuery, "selected": $0.id == chosen] }
        return htmlResponse(pages.render("board", title: "Bảng theo dõi", caller: context.caller, view: ["schedules": tabs, "boards": boards]))
    }

    private func boardView(_ board: StatusBoard, schedule: Schedule, period: Period, atQuery: String) -> [String: Any] {
        let (previous, next) = (schedule.period(before: period).key, schedule.period(after: period).key)
        func href(_ key: String) -> String { "/board?schedule=\(schedule.id)&period=\(key)" + atQuery }
        return [
            "scheduleName": board.scheduleName, "periodKey": board.periodKey,
            "firstDay": VietnameseFormat.date(board.firstDay), "lastDay": VietnameseFormat.date(board.lastDay),
            "deadline": VietnameseFormat.instant(board.deadline), "at": VietnameseFormat.instant(board.at),
            "deadlineAhead": board.deadline > board.at,
            "timeLeft": VietnameseFormat.duration(board.deadline.timeIntervalSince(board.at)),
            "overdue": VietnameseFormat.duration(board.at.timeIntervalSince(board.deadline)),
            "counts": [
                "expected": board.counts.expected, "onTime": board.counts.onTime, "late": board.counts.late,
                "missing": board.counts.missing, "pending": board.counts.pending,
            ],
            "previousKey": previous, "previousHref": href(previous), "nextKey": next, "nextHref": href(next),
            "currentHref": "/board?schedule=\(schedule.id)" + atQuery,
            "units": board.units.map(Self.unitView),
            "nextDeadline": [
                "periodKey": board.nextDeadline.periodKey, "deadline": VietnameseFormat.instant(board.nextDeadline.deadline),
                "timeLeft": VietnameseFormat.duration(board.nextDeadline.secondsLeft),
            ],
            "synthesisHref": "/synthesis/\(schedule.id)/\(board.periodKey)",
            "downloads": Self.downloads(scheduleId: schedule.id, periodKey: board.periodKey, asOf: nil).map { ["label": $0.label, "href": $0.href] },
        ]
    }

    static func unitView(_ unit: StatusBoard.UnitStatus) -> [String: Any] {
        let detail: String =
            switch unit.state {
            case .onTime: "nộp lúc " + VietnameseFormat.instant(unit.reportedAt!)
            case .late: "nộp lúc \(VietnameseFormat.instant(unit.reportedAt!)), muộn \(VietnameseFormat.duration(unit.lateBySeconds ?? 0))"
            case .missing: "quá hạn \(VietnameseFormat.duration(unit.overdueBySeconds ?? 0))"
            case .pending: "chưa nộp"
            }
        return [
            "code": unit.code, "name": unit.name, "state": unit.state.rawValue, "stateLabel": VietnameseFormat.state(unit.state),
            "detail": detail + (unit.submissions > 1 ? " · \(unit.submissions) lần nộp" : ""),
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
