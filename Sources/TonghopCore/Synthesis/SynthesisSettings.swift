/// How MoHA presents the synthesis, kept as data staff edit (`Templates/synthesis.yaml`): who issues and signs it,
/// and for each schedule which criteria are key, which gaps are shortfalls and which figures measure difficulties.
public struct SynthesisSettings: Sendable, Hashable {
    public var version: String
    public var issuer: Issuer
    /// How many periods, the current one included, the trend charts show.
    public var trendPeriods: Int
    public var schedules: [String: ScheduleSynthesisSettings]
    /// Where units send their reports, as the report form tells them.
    public var submission: SubmissionContact
    /// Who mail comes from and which staff receive the late check's digest.
    public var notices: NoticeSettings

    public init(
        version: String, issuer: Issuer, trendPeriods: Int, schedules: [String: ScheduleSynthesisSettings],
        submission: SubmissionContact = SubmissionContact(), notices: NoticeSettings = NoticeSettings()
    ) {
        self.version = version
        self.issuer = issuer
        self.trendPeriods = trendPeriods
        self.schedules = schedules
        self.submission = submission
        self.notices = notices
    }
}

/// The mail tonghop sends: the address it comes from (the sending office's name is `submission.office`), and the staff
/// who receive the digest after each late check.
public struct NoticeSettings: Sendable, Hashable {
    /// The sender's address; nil sends nothing.
    public var from: MailAddress?
    public var digestTo: [MailAddress]

    public init(from: MailAddress? = nil, digestTo: [MailAddress] = []) {
        self.from = from
        self.digestTo = digestTo
    }
}

/// Where reports are sent: the body that receives them, the upload page's address and a mailbox for those who cannot
/// use the page. The report form's instruction line is written from it.
public struct SubmissionContact: Sendable, Hashable, Codable {
    /// The receiving body, e.g. "Bộ Nội vụ (Vụ Chính quyền địa phương)".
    public var office: String
    /// The upload page's address as officers reach it, e.g. "https://tonghop.moha.gov.vn/upload"; empty when unknown.
    public var uploadPage: String
    /// A mailbox that takes report files too; empty when there is none.
    public var mail: String

    public init(office: String = "Bộ Nội vụ", uploadPage: String = "", mail: String = "") {
        self.office = office
        self.uploadPage = uploadPage
        self.mail = mail
    }
}

/// The body issuing the synthesis, as Decree 30/2020 lays out an administrative document.
public struct Issuer: Sendable, Hashable, Codable {
    /// The governing body printed above the issuer's name, if any.
    public var parent: String?
    public var name: String
    /// The name as a sentence writes it ("Bộ Nội vụ" for "BỘ NỘI VỤ"); the name itself when not given.
    public var nameInText: String?
    /// Where the document is issued, for the date line ("Hà Nội, ngày ...").
    public var place: String
    /// The document's symbol after its number, e.g. "BC-BNV" in "Số: /BC-BNV".
    public var documentSymbol: String
    public var signer: Signer
    /// "Nơi nhận": who receives the document.
    public var recipients: [String]
    /// The issuer's own code in the unit registry (BNV), when it is one of the units: recommendations addressed to it are
    /// its own follow-up, listed apart rather than as recommendations to itself.
    public var unitCode: String?

    public init(parent: String?, name: String, place: String, documentSymbol: String, signer: Signer, recipients: [String]) {
        self.parent = parent
        self.name = name
        self.place = place
        self.documentSymbol = documentSymbol
        self.signer = signer
        self.recipients = recipients
    }
}

/// Who signs, and with what authority (TM., KT., TL. ...).
public struct Signer: Sendable, Hashable, Codable {
    public var authority: String?
    public var title: String
    public var name: String

    public init(authority: String?, title: String, name: String) {
        self.authority = authority
        self.title = title
        self.name = name
    }
}

/// What the synthesis of one schedule highlights.
public struct ScheduleSynthesisSettings: Sendable, Hashable {
    /// The subject line under the document's title.
    public var subject: String
    /// The criteria shown for every unit in the per-unit table.
    public var keyCriteria: [String]
    /// The criteria charted over the last periods.
    public var trendCriteria: [String]
    public var shortfalls: [ShortfallDefinition]
    /// Criteria whose rise means more difficulty (tasks with obstacles, communes lacking equipment ...).
    public var difficultyIndicators: [String]
    public var outliers: OutlierSettings

    public init(
        subject: String, keyCriteria: [String], trendCriteria: [String], shortfalls: [ShortfallDefinition],
        difficultyIndicators: [String], outliers: OutlierSettings
    ) {
        self.subject = subject
        self.keyCriteria = keyCriteria
        self.trendCriteria = trendCriteria
        self.shortfalls = shortfalls
        self.difficultyIndicators = difficultyIndicators
        self.outliers = outliers
    }
}

/// A gap between what a unit needs and what it has, e.g. staff needed and staff in post.
public struct ShortfallDefinition: Sendable, Hashable, Codable {
    public var id: String
    public var label: LocalizedText
    public var target: String
    public var actual: String
    /// How a unit's line says its gap in the criterion's own terms, with `{gap}`, `{actual}`, `{target}` and `{percent}`
    /// (the gap's share of the target): "{gap} cơ sở dôi dư chưa được xử lý ({percent})" — a surplus not handled is no
    /// shortfall. Without it, a neutral "chênh lệch {gap} ({percent}), {actual}/{target}".
    public var gapText: String?

    /// The placeholders `gapText` may use.
    public static let gapPlaceholders = ["gap", "actual", "target", "percent"]

    public init(id: String, label: LocalizedText, target: String, actual: String, gapText: String? = nil) {
        self.id = id
        self.label = label
        self.target = target
        self.actual = actual
        self.gapText = gapText
    }
}

/// When a value is far outside a unit's own recent history (a robust z-score on the median, as DHIS2's modified z-score).
public struct OutlierSettings: Sendable, Hashable, Codable {
    /// How many earlier periods make the history.
    public var history: Int
    /// Fewer earlier values than this and no judgement is made.
    public var minimumHistory: Int
    /// How many robust deviations from the median count as far outside.
    public var threshold: Double

    public init(history: Int = 8, minimumHistory: Int = 4, threshold: Double = 3.5) {
        self.history = history
        self.minimumHistory = minimumHistory
        self.threshold = threshold
    }

    public init(from decoder: any Decoder) throws {
        let defaults = OutlierSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        history = try c.decodeIfPresent(Int.self, forKey: .history) ?? defaults.history
        minimumHistory = try c.decodeIfPresent(Int.self, forKey: .minimumHistory) ?? defaults.minimumHistory
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? defaults.threshold
    }
}
