// swift-tools-version:6.0
// libFuzzer targets for mockclaude's parsers and request path. See README.md for the commands.
import PackageDescription

let fuzzer: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "mockclaude-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "mockclaude", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(name: "FuzzJSON", dependencies: [.product(name: "MockClaude", package: "mockclaude")], swiftSettings: fuzzer),
        .executableTarget(name: "FuzzCassette", dependencies: [.product(name: "MockClaude", package: "mockclaude")], swiftSettings: fuzzer),
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "MockClaude", package: "mockclaude")], swiftSettings: fuzzer),
        .executableTarget(name: "FuzzAssembler", dependencies: [.product(name: "MockClaude", package: "mockclaude")], swiftSettings: fuzzer),
        .executableTarget(
            name: "FuzzRequest",
            dependencies: [
                .product(name: "MockClaude", package: "mockclaude"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: fuzzer),
    ],
    swiftLanguageModes: [.v6]
)
