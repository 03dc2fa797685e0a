import Foundation
import Hummingbird
import HummingbirdTesting
import TonghopCore
import TonghopIngest
import TonghopRendering
import TonghopServer
import TonghopService
import TonghopStore
import TonghopTestSupport

/// The service over the shipped templates with a fresh database, tokens for staff and two units, and a fixed clock.
struct ServiceFixture: Sendable {
    /// An hour before the province deadline of 2025-W46 (08:00 on Thursday 20 November 2025).
    static let now = ISO8601DateFormatter().date(from: "2025-11-20T07:00:00+07:00")!

    let environment: ServiceEnvironment
    let staff: String
    let hanoi: String
    let haiphong: String
    let revoked: String
    let databasePath: String?

    /// - Parameter onDisk: a WAL file database, as `tonghop serve` opens, rather than one in memory.
    /// - Parameter memoryStore: the tests' in-memory `Storage` rather than SQLite: the service needs nothing else.
    /// - Parameter clock: the service's time, `now` unless a test needs another.
    /// - Parameter mail: Hà Nội with an address and synthesis.yaml with a sender, so that the service queues its mail.
    init(
        maxUploadBytes: Int = ReportReader.maximumBytes, onDisk: Bool = false, memoryStore: Bool = false, bodyTimeout: Duration = .seconds(30),
        idleTimeout: Duration = .seconds(60), clock: Date = Self.now, mail: Bool = false
    ) throws {
        let templates = Repo.templates
        let database: any Storage
        if memoryStore {
            databasePath = nil
            database = MemoryStore()
        } else if onDisk {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tonghop-server-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            databasePath = folder.appendingPathComponent("tonghop.sqlite").path
            database = try TonghopDatabase.open(path: databasePath!)
        } else {
            databasePath = nil
            database = try TonghopDatabase.inMemory()
        }
        var catalog = shippedCatalog
        var settings = try SynthesisSettingsLoader.load(directory: templates, catalog: shippedCatalog)
        if mail {
            catalog.registry = UnitRegistry(
                version: catalog.registry.version,
                units: catalog.registry.units.map { unit in
                    var unit = unit
                    if unit.code == "HN" { unit.mail = ["vanphong@hanoi.example"] }
                    return unit
                })
            settings.notices = NoticeSettings(from: MailAddress("tonghop@moha.example"))
        }
        environment = ServiceEnvironment(
            catalog: catalog, database: database,
            synthesisSettings: settings,
            renderer: try SynthesisRenderer(directory: templates.appendingPathComponent("synthesis")),
            pages: try PageRenderer(directory: templates.appendingPathComponent("pages"), registry: catalog.registry),
            maxUploadBytes: maxUploadBytes, bodyTimeout: bodyTimeout, idleTimeout: idleTimeout, now: { clock })
        let tokens = AccessTokens(database: database)
        let registry = shippedCatalog.registry
        staff = try tokens.issue(role: .staff, label: "Vụ Chính quyền địa phương", registry: registry, at: Self.now).token
        hanoi = try tokens.issue(role: .unit("HN"), label: "", registry: registry, at: Self.now).token
        haiphong = try tokens.issue(role: .unit("HP"), label: "", registry: registry, at: Self.now).token
        let gone = try tokens.issue(role: .unit("HN"), label: "old laptop", registry: registry, at: Self.now)
        _ = try tokens.revoke(id: gone.record.id, at: Self.now)
        revoked = gone.token
    }

    func application() -> some ApplicationProtocol {
        buildApplication(environment, address: ServerAddress(host: "127.0.0.1", port: 0), logger: .init(label: "tonghop-test"))
    }

    var database: any Storage { environment.database }

    /// How many submissions the unit has stored, superseded ones included.
    func storedCount(_ unit: String) throws -> Int {
        try database.history(unit: unit).count
    }
}

/// A report of Hà Nội for 2025-W46 (or as changed), as JSON bytes.
func reportJSON(unit: String = "HN", period: String = "2025-W46", change: (inout ReportBuilder) -> Void = { _ in }) -> ByteBuffer {
    var report = ReportBuilder()
    report.unit = unit
    report.period = period
    change(&report)
    return ByteBuffer(string: report.json())
}

/// Request headers with a bearer token and a content type.
/// Headers of an API request; in English (`Accept-Language: en`) unless `language` says otherwise, as the tests of
/// the API's behaviour read its messages (`LanguageTests` reads the Vietnamese ones).
func headers(token: String? = nil, contentType: String? = nil, language: String? = "en") -> HTTPFields {
    var fields: HTTPFields = [:]
    if let language { fields[.acceptLanguage] = language }
    if let token { fields[.authorization] = "Bearer \(token)" }
    if let contentType { fields[.contentType] = contentType }
    return fields
}

/// A multipart/form-data body with text fields and one file, and its content type.
func multipart(fields: [String: String] = [:], fileName: String?, file: ByteBuffer) -> (body: ByteBuffer, contentType: String) {
    let boundary = "----tonghop\(UUID().uuidString)"
    var body = ByteBuffer()
    for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }
    if let fileName {
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
        var file = file
        body.writeBuffer(&file)
        body.writeString("\r\n")
    }
    body.writeString("--\(boundary)--\r\n")
    return (body, "multipart/form-data; boundary=\(boundary)")
}

extension TestResponse {
    /// The body as JSON.
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
    }

    func jsonArray() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [[String: Any]] ?? []
    }

    var text: String { String(buffer: body) }

    /// `error.message` of a JSON error.
    var errorMessage: String? {
        ((try? json())?["error"] as? [String: Any])?["message"] as? String
    }
}
