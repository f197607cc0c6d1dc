// swift-tools-version:6.0
// libFuzzer targets for mockclaude's parsers and request path. See README.md for the commands.
import PackageDescription

let package = Package(
    name: "mockclaude-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "mockclaude", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzDriver", .product(name: "MockClaude", package: "mockclaude")]),
        .executableTarget(name: "FuzzCassette", dependencies: ["FuzzDriver", .product(name: "MockClaude", package: "mockclaude")]),
        .executableTarget(name: "FuzzScenario", dependencies: ["FuzzDriver", .product(name: "MockClaude", package: "mockclaude")]),
        .executableTarget(name: "FuzzAssembler", dependencies: ["FuzzDriver", .product(name: "MockClaude", package: "mockclaude")]),
        .executableTarget(name: "FuzzSimulation", dependencies: ["FuzzDriver", .product(name: "MockClaude", package: "mockclaude")]),
        .executableTarget(
            name: "FuzzRequest",
            dependencies: [
                "FuzzDriver",
                .product(name: "MockClaude", package: "mockclaude"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
        ),
        .executableTarget(
            name: "FuzzConnection",
            dependencies: [
                "FuzzDriver",
                .product(name: "MockClaude", package: "mockclaude"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
        ),
    ],
    swiftLanguageModes: [.v6]
)
