// swift-tools-version: 6.2
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // A release build's code reaches the metadata of its generic types (a `Set` of one of its structs, a decoder's
    // containers) through functions of its own rather than by demangling the type's name at first use: each such
    // first use checked the type's conformances by scanning all 12,000 of the binary's, a tenth of a late check's time
    // (`perf`), paid again by every command. Measured: the late check 1.5–4 ms faster (medians of 21 and 31 runs in
    // turns, in a fast and a slow hour), the binary 0.1 MB larger. SwiftPM passes these flags to this package's modules
    // only; `scripts/build-release.sh`, the release build installed, checked and measured, gives it to every module (a
    // late check another 7% fewer instructions). Debug builds keep the default.
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
]

let package = Package(
    name: "tonghop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tonghop", targets: ["tonghop"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Test-only: an independent reader of the packages tonghop writes (tonghop reads workbooks with its own, checked one).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Only FullFoundation: with the default traits SwiftPM 6.3 rebuilds Hummingbird on every other build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // The late check's webhook (URLSession would link libcurl and some thirty libraries into every command, 8 ms of
        // each start-up); in the tests, many connections at once. Built for HummingbirdTesting anyway.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // The mail transport: SMTP written on SwiftNIO (no Swift SMTP package builds here), TLS by NIOSSL; both already
        // built for Hummingbird and the HTTP client.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Test-only: to stop a server gracefully.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Domain types and rules: no I/O, no file formats, no database.
        .target(name: "TonghopCore", swiftSettings: swiftSettings),
        // File formats (JSON, CSV) into report drafts, the YAML catalog (and the registry kept between commands), the
        // validator, and output files written whole.
        .target(
            name: "TonghopIngest",
            dependencies: [
                "TonghopCore",
                "TonghopOffice",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The SQLite database: migrations, records, one transaction per submission.
        .target(
            name: "TonghopStore",
            dependencies: [
                "TonghopCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                "SystemSQLiteSettings",
            ],
            swiftSettings: swiftSettings
        ),
        // SQLite's process-wide settings, made before the first connection opens (a C shim: `sqlite3_config` is variadic).
        .systemLibrary(name: "SystemSQLiteSettings", providers: [.apt(["libsqlite3-dev"])]),
        // The consolidated report of a period: which reports count, and the figures, lists and notes made of them, read
        // through the archive protocol of the core (which the store implements), not the store itself.
        .target(
            name: "TonghopSynthesis",
            dependencies: ["TonghopCore"],
            swiftSettings: swiftSettings
        ),
        // Office Open XML packages: .xlsx workbooks and .docx documents, written (and read) without an office suite.
        .target(
            name: "TonghopOffice",
            dependencies: ["TonghopCore", "SystemZlib"],
            swiftSettings: swiftSettings
        ),
        // The system's zlib, to deflate the packages written at a chosen level and inflate the workbooks received.
        .systemLibrary(name: "SystemZlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's malloc settings, for the command-line tool's short runs, and to give memory back after a large upload.
        .systemLibrary(name: "SystemMalloc"),
        // Mail delivery: an SMTP client (STARTTLS, SMTPS, AUTH PLAIN) behind the core's `MailTransport`.
        .target(
            name: "TonghopMail",
            dependencies: [
                "TonghopCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // The synthesis in each format: Markdown, HTML and DOCX through the Mustache templates in Templates/synthesis/,
        // CSV, JSON and XLSX from the model.
        .target(
            name: "TonghopRendering",
            dependencies: ["TonghopCore", "TonghopSynthesis", "TonghopOffice", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: swiftSettings
        ),
        // The use cases the CLI and the HTTP service both call and hold no logic besides: check, submit and list files,
        // boards and syntheses, the late check and its notice, the Thursday job, output files, access tokens. They work on
        // the core's `Storage` protocols, never on the SQLite store itself.
        .target(
            name: "TonghopService",
            dependencies: [
                "TonghopCore", "TonghopIngest", "TonghopSynthesis", "TonghopRendering",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP service: routes, token checks, JSON API and server-rendered pages over the same use cases as the CLI; it
        // is handed its `Storage` by the CLI, which alone opens the database.
        .target(
            name: "TonghopServer",
            dependencies: [
                "TonghopCore", "TonghopIngest", "TonghopService", "TonghopSynthesis", "TonghopRendering", "SystemMalloc",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tonghop",
            dependencies: [
                "TonghopCore", "TonghopIngest", "TonghopStore", "TonghopService", "TonghopSynthesis", "TonghopRendering", "TonghopServer",
                "TonghopMail",
                "SystemMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TonghopCoreTests", dependencies: ["TonghopCore"], swiftSettings: swiftSettings),
        // Fixtures shared by the test targets: the repository's folders and a report built in code.
        .target(
            name: "TonghopTestSupport",
            dependencies: ["TonghopCore", "TonghopIngest", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/TonghopTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TonghopIngestTests",
            dependencies: ["TonghopIngest", "TonghopOffice", "TonghopTestSupport", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TonghopSynthesisTests",
            dependencies: [
                "TonghopSynthesis", "TonghopRendering", "TonghopOffice", "TonghopService", "TonghopIngest", "TonghopStore", "TonghopTestSupport",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TonghopStoreTests",
            dependencies: [
                "TonghopStore", "TonghopService", "TonghopIngest", "TonghopSynthesis", "TonghopTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TonghopMailTests",
            dependencies: ["TonghopMail", "TonghopService", "TonghopStore", "TonghopIngest", "TonghopCore", "TonghopTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TonghopCLITests", dependencies: ["tonghop", "TonghopTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TonghopServerTests",
            dependencies: [
                "TonghopServer", "TonghopService", "TonghopStore", "TonghopIngest", "TonghopRendering", "TonghopCore", "TonghopTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// The fuzz harnesses, only when `scripts/fuzz.sh` asks for them (it builds everything with libFuzzer and AddressSanitizer).
if ProcessInfo.processInfo.environment["TONGHOP_FUZZ"] != nil {
    package.targets.append(
        .target(
            name: "FuzzSupport", dependencies: ["TonghopCore", "TonghopIngest"], path: "Fuzz/Shared",
            swiftSettings: swiftSettings))
    for reader in ["JSON", "CSV", "XLSX", "Catalog"] {
        package.targets.append(
            .executableTarget(
                name: "Fuzz\(reader)",
                dependencies: ["FuzzSupport", "TonghopCore", "TonghopIngest", "TonghopOffice"],
                path: "Fuzz/\(reader)",
                swiftSettings: swiftSettings,
                // gold stops with an internal error on the sanitizers' objects; lld links them.
                linkerSettings: [.unsafeFlags(["-use-ld=lld"])]
            ))
    }
}
