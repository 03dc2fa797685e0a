import Foundation
import TonghopCore

/// The mail people receive, in Vietnamese: a unit's receipt, a return for correction, a reminder before a deadline, and
/// MoHA's digest after a late check. Each names the period as people say it ("tuần 47 năm 2025, hạn nộp 08:00 ngày
/// 27/11/2025"), gives the upload page's address, and is signed by the sending office of `synthesis.yaml`.
public struct NoticeWriter: Sendable {
    public let catalog: Catalog
    public let contact: SubmissionContact
    public let settings: NoticeSettings

    public init(catalog: Catalog, contact: SubmissionContact, settings: NoticeSettings) {
        self.catalog = catalog
        self.contact = contact
        self.settings = settings
    }

    /// The writer of synthesis.yaml's sending office (`submission`) and mail settings (`notices`).
    public init(catalog: Catalog, settings: SynthesisSettings) {
        self.init(catalog: catalog, contact: settings.submission, settings: settings.notices)
    }

    private let vi = Language.vi

    /// "Báo cáo tuần của tỉnh, thành phố trực thuộc trung ương, tuần 47 năm 2025, hạn nộp 08:00 ngày 27/11/2025".
    private func periodLine(schedule id: String, period: String, deadline: Date) -> String {
        "\(catalog.schedules[id]?.name.vi ?? id), \(vi.period(period)), hạn nộp \(vi.deadline(deadline))"
    }

    private var signature: String {
        var lines = ["", "Thư này do hệ thống tổng hợp báo cáo gửi tự động; vui lòng không trả lời thư này."]
        if !contact.office.isEmpty { lines.append(contact.office) }
        return lines.joined(separator: "\n")
    }

    /// The upload page's address, as a paragraph of its own; none when synthesis.yaml gives none.
    private var uploadLines: [String] { contact.uploadPage.isEmpty ? [] : ["", "Trang nộp báo cáo: \(contact.uploadPage)"] }

    /// The office a letter to a unit is addressed to: a province's or a city's People's Committee ("Ủy ban nhân dân tỉnh
    /// Thanh Hóa"), a ministry or agency by its name.
    private func addressee(_ unit: ReportingUnit) -> String {
        unit.kind == .province || unit.kind == .city ? "Ủy ban nhân dân \(unit.name.lowercasedFirst)" : unit.name
    }

    private func addressee(code: String) -> String { catalog.registry.unit(code).map(addressee) ?? code }

    /// The sending office, as a sentence names it.
    private var office: String { contact.office.isEmpty ? "Bộ Nội vụ" : contact.office }

    private func addresses(of unit: String) -> [MailAddress] {
        (catalog.registry.unit(unit)?.mail ?? []).compactMap(MailAddress.init)
    }

    /// The receipt of a stored report, to the unit's addresses; nil when it has none or nothing is sent.
    public func receipt(_ receipt: Receipt, report: CheckedReport, fileName: String) -> Notice? {
        let to = addresses(of: report.unit.code)
        guard settings.from != nil, !to.isEmpty else { return nil }
        let timeliness = receipt.onTime ? "đúng hạn" : "nộp muộn \(vi.duration(receipt.lateBySeconds))"
        var body = [
            "Kính gửi: \(addressee(code: report.unit.code))",
            "",
            "\(office) đã nhận báo cáo của đơn vị:",
            "",
            "- Báo cáo: \(periodLine(schedule: report.period.scheduleId, period: report.period.key, deadline: receipt.onTimeLimit))",
            "- Số biên nhận: \(receipt.submissionId)",
            "- Thời điểm nhận: \(vi.instant(receipt.receivedAt)) (\(timeliness))",
            "- Tên tệp: \(fileName)",
            "- Mã băm SHA-256 của tệp: \(receipt.sha256)",
            "- Phiên bản mẫu báo cáo: \(receipt.templateVersion)",
        ]
        if let replaced = receipt.supersedes { body.append("- Báo cáo này thay thế báo cáo số \(replaced) đã gửi trước đó cho cùng kỳ.") }
        if !report.warnings.isEmpty {
            body.append("- Có \(report.warnings.count) cảnh báo; xem chi tiết trên trang nộp báo cáo hoặc trong biên nhận khi nộp.")
        }
        body += uploadLines
        return Notice(
            kind: .receipt, key: "receipt:\(receipt.submissionId)", to: to,
            subject: "Biên nhận báo cáo số \(receipt.submissionId): \(report.unit.name), \(vi.period(report.period.key))",
            body: (body + [signature]).joined(separator: "\n"))
    }

    /// The return of a report for correction, with its reason, criteria and due time, to the unit's addresses.
    public func returned(_ submission: SubmissionSummary, reason: String, criteria: [String], due: Date?) -> Notice? {
        let to = addresses(of: submission.unitCode)
        guard settings.from != nil, !to.isEmpty else { return nil }
        let template = catalog.template(submission.templateId, version: submission.templateVersion)
        var body = [
            "Kính gửi: \(addressee(code: submission.unitCode))",
            "",
            "\(office) đề nghị đơn vị rà soát, chỉnh sửa và gửi lại "
                + "\(catalog.schedules[submission.scheduleId]?.name.vi.lowercasedFirst ?? submission.scheduleId), "
                + "\(vi.period(submission.periodKey)) (báo cáo số \(submission.id), nhận lúc \(vi.instant(submission.receivedAt))).",
            "",
            "Lý do: \(reason)",
        ]
        if !criteria.isEmpty {
            body.append("Chỉ tiêu cần rà soát: " + criteria.map { template?.criterion($0)?.label.vi ?? $0 }.joined(separator: "; ") + ".")
        }
        if let due { body.append("Hạn gửi lại báo cáo đã chỉnh sửa: \(vi.deadline(due)).") }
        body.append("")
        body.append("Báo cáo bị trả lại vẫn được tính trong báo cáo tổng hợp cho đến khi có báo cáo thay thế.")
        body += uploadLines
        return Notice(
            kind: .return, key: "return:\(submission.id):\(Int(due?.timeIntervalSince1970 ?? 0))", to: to,
            subject: "Đề nghị chỉnh sửa báo cáo \(vi.period(submission.periodKey)) (báo cáo số \(submission.id))",
            body: (body + [signature]).joined(separator: "\n"))
    }

    /// A reminder that `period` is due at `deadline` and the unit has not reported, `hours` before it.
    public func reminder(unit: ReportingUnit, schedule: Schedule, period: Period, deadline: Date, hours: Int) -> Notice? {
        let to = unit.mail.compactMap(MailAddress.init)
        guard settings.from != nil, !to.isEmpty else { return nil }
        let body =
            [
                "Kính gửi: \(addressee(unit))",
                "",
                "Đến thời điểm này, \(office) chưa nhận được báo cáo của đơn vị:",
                "",
                "- \(periodLine(schedule: schedule.id, period: period.key, deadline: deadline)).",
                "",
                "Đề nghị đơn vị khẩn trương gửi báo cáo đúng thời hạn. Trường hợp đơn vị đã gửi báo cáo, xin bỏ qua thư này.",
            ] + uploadLines
        return Notice(
            kind: .reminder, key: "reminder:\(schedule.id):\(period.key):\(unit.code):\(hours)h", to: to,
            subject: "Nhắc nộp báo cáo \(vi.period(period.key)) (hạn: \(vi.deadline(deadline)))",
            body: (body + [signature]).joined(separator: "\n"))
    }

    /// MoHA's digest after a late check, to the staff of `notices.digestTo`: what it found, as `tonghop late` prints it;
    /// nil when nothing is newly flagged or resolved.
    public func digest(_ notice: LateNotice) -> Notice? {
        guard settings.from != nil, !settings.digestTo.isEmpty else { return nil }
        let news =
            notice.newlyFlagged.count + notice.newlyResolved.count + notice.newlyOverdueTasks.count + notice.newlyOverdueCorrections.count
            + notice.resolvedCorrections.count
        guard news > 0 else { return nil }
        let lines = notice.digest(in: .vi, catalog: catalog)
        return Notice(
            kind: .digest, key: "digest:\(Int(notice.at.timeIntervalSince1970))", to: settings.digestTo,
            subject: "Kết quả kiểm tra hạn nộp báo cáo lúc \(vi.instant(notice.at))",
            body: (lines + uploadLines + [signature]).joined(separator: "\n"))
    }
}
