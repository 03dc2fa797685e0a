import Foundation
import TonghopCore
import TonghopIngest
import TonghopRendering
import TonghopService
import TonghopSynthesis

/// Everything the HTTP service works with: the catalog, the database, the synthesis tools, the pages and the clock.
public struct ServiceEnvironment: Sendable {
    // Fixed for the service's life: the group commit stores with these.
    public let catalog: Catalog
    public let database: any Storage
    public var synthesisSettings: SynthesisSettings
    public var renderer: SynthesisRenderer
    public var pages: PageRenderer
    /// The largest request body accepted; a report file is a few kilobytes, a filled form a few dozen.
    public var maxUploadBytes: Int
    /// How long a request's body may take to arrive once its head has: after that the answer is 408 and the connection
    /// is closed, so that a client announcing more than it sends cannot hold a connection and its memory.
    public var bodyTimeout: Duration
    /// How long a connection may stay without a complete request part (a head still being sent counts as nothing)
    /// before it is closed: idle keep-alive connections, and heads sent a byte at a time.
    public var idleTimeout: Duration
    /// Whether the sign-in cookie is sent over HTTPS only: on when the service sits behind a TLS proxy.
    public var secureCookies: Bool
    /// The time of receipt of an upload and the "now" of the board; tests pass a fixed clock.
    public var now: @Sendable () -> Date
    /// Where checked uploads are stored, those that arrive together in one synced commit.
    let groupCommit: GroupCommit

    public init(
        catalog: Catalog, database: any Storage, synthesisSettings: SynthesisSettings, renderer: SynthesisRenderer,
        pages: PageRenderer, maxUploadBytes: Int = ReportReader.maximumBytes, bodyTimeout: Duration = .seconds(30),
        idleTimeout: Duration = .seconds(60), secureCookies: Bool = false, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.catalog = catalog
        self.database = database
        self.synthesisSettings = synthesisSettings
        self.renderer = renderer
        self.pages = pages
        self.maxUploadBytes = maxUploadBytes
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.secureCookies = secureCookies
        self.now = now
        groupCommit = GroupCommit(
            service: SubmissionService(catalog: catalog, storage: database, notices: NoticeWriter(catalog: catalog, settings: synthesisSettings)))
    }

    /// The mail units and staff receive (a receipt, a return), queued with what it announces when `notices.from` is set.
    public var noticeWriter: NoticeWriter { NoticeWriter(catalog: catalog, settings: synthesisSettings) }
    var submissions: SubmissionService { SubmissionService(catalog: catalog, storage: database, notices: noticeWriter) }
    var boards: StatusBoards { StatusBoards(catalog: catalog, archive: database) }
    var tasks: TaskTracking { TaskTracking(catalog: catalog, database: database) }
    var syntheses: Syntheses { Syntheses(catalog: catalog, archive: database, settings: synthesisSettings, renderer: renderer) }

    /// The role of an active token, nil for one never issued or revoked.
    func role(of token: String) async throws -> AccessRole? { try await issued(token)?.role }

    /// The record of an active token (its role and whom it names), nil for one never issued or revoked.
    func issued(_ token: String) async throws -> IssuedToken? {
        let tokens = AccessTokens(database: database)
        return try await onDispatchThread { try tokens.issued(token) }
    }

    var reviews: SubmissionReviews { SubmissionReviews(catalog: catalog, storage: database, notices: noticeWriter) }

    var assessments: Assessments { Assessments(catalog: catalog, storage: database) }
}
