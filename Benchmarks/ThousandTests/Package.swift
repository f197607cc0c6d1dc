// swift-tools-version:6.0
// 1,000 Swift Testing cases, each with its own mock from the trait, each streaming the haiku
// once through URLSession, in the default parallel mode: the suite a user's project would run.
// Benchmarks/run times it; it is not part of the main package's `swift test`.
import PackageDescription

let package = Package(
    name: "ThousandTests",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "mockclaude", path: "../..")],
    targets: [
        .testTarget(
            name: "ThousandTests",
            dependencies: [.product(name: "MockClaudeTesting", package: "mockclaude")]
        )
    ],
    swiftLanguageModes: [.v6]
)
