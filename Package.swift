// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mockclaude",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MockClaude", targets: ["MockClaude"]),
        .library(name: "MockClaudeTesting", targets: ["MockClaudeTesting"]),
        .library(name: "MockClaudeRecorder", targets: ["MockClaudeRecorder"]),
        .executable(name: "mockclaude", targets: ["MockClaudeCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // The recorder's upstream client, in its own module so test targets never build TLS.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // `swift package generate-documentation`: the DocC catalogues of MockClaude and MockClaudeTesting.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "MockClaude",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "MockClaudeTesting",
            dependencies: ["MockClaude", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")]
        ),
        .target(
            name: "MockClaudeRecorder",
            dependencies: [
                "MockClaude",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "MockClaudeCLI",
            dependencies: [
                "MockClaude",
                "MockClaudeRecorder",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "MockClaudeTests",
            dependencies: [
                "MockClaude",
                "MockClaudeTesting",
                "MockClaudeRecorder",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            resources: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
