// swift-tools-version: 6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "tonghop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tonghop", targets: ["tonghop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Domain types and rules: no I/O, no file formats, no database.
        .target(name: "TonghopCore", swiftSettings: swiftSettings),
        // File formats (JSON, CSV) into report drafts, the YAML catalog, and the validator.
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
            ],
            swiftSettings: swiftSettings
        ),
        // The consolidated report of a period: which reports count, and the figures, lists and notes made of them.
        .target(
            name: "TonghopSynthesis",
            dependencies: ["TonghopCore", "TonghopStore"],
            swiftSettings: swiftSettings
        ),
        // Office Open XML packages: .xlsx workbooks and .docx documents, written (and read) without an office suite.
        .target(
            name: "TonghopOffice",
            dependencies: ["TonghopCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        // The synthesis in each format: Markdown, HTML and DOCX through the Mustache templates in Templates/synthesis/,
        // CSV, JSON and XLSX from the model.
        .target(
            name: "TonghopRendering",
            dependencies: ["TonghopCore", "TonghopSynthesis", "TonghopOffice", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: swiftSettings
        ),
        // Use cases shared by the CLI and (later) the HTTP service: check and submit files.
        .target(
            name: "TonghopService",
            dependencies: ["TonghopCore", "TonghopIngest", "TonghopStore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tonghop",
            dependencies: [
                "TonghopCore", "TonghopIngest", "TonghopStore", "TonghopService", "TonghopSynthesis", "TonghopRendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
            dependencies: ["TonghopIngest", "TonghopOffice", "TonghopTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TonghopSynthesisTests",
            dependencies: ["TonghopSynthesis", "TonghopRendering", "TonghopOffice", "TonghopService", "TonghopIngest", "TonghopStore", "TonghopTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TonghopStoreTests",
            dependencies: ["TonghopStore", "TonghopService", "TonghopIngest", "TonghopSynthesis", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TonghopCLITests", dependencies: ["tonghop"], swiftSettings: swiftSettings),
    ]
)
