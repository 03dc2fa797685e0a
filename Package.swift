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
    ],
    targets: [
        // Domain types and rules: no I/O, no file formats, no database.
        .target(name: "TonghopCore", swiftSettings: swiftSettings),
        // File formats (JSON, CSV) into report drafts, the YAML catalog, and the validator.
        .target(
            name: "TonghopIngest",
            dependencies: [
                "TonghopCore",
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
        // Use cases shared by the CLI and (later) the HTTP service: check and submit files.
        .target(
            name: "TonghopService",
            dependencies: ["TonghopCore", "TonghopIngest", "TonghopStore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tonghop",
            dependencies: [
                "TonghopCore", "TonghopIngest", "TonghopStore", "TonghopService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TonghopCoreTests", dependencies: ["TonghopCore"], swiftSettings: swiftSettings),
        .testTarget(name: "TonghopIngestTests", dependencies: ["TonghopIngest"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TonghopStoreTests",
            dependencies: ["TonghopStore", "TonghopService", "TonghopIngest", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TonghopCLITests", dependencies: ["tonghop"], swiftSettings: swiftSettings),
    ]
)
