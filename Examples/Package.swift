// swift-tools-version:6.0
// An example client package that tests itself against mockclaude: the way users adopt it.
import PackageDescription

let package = Package(
    name: "MessagesClientExample",
    platforms: [.macOS(.v14)],
    products: [.library(name: "MessagesClient", targets: ["MessagesClient"])],
    dependencies: [
        // Users write: .package(url: "https://github.com/<owner>/mockclaude.git", from: "…")
        .package(name: "mockclaude", path: "..")
    ],
    targets: [
        .target(name: "MessagesClient"),
        .testTarget(
            name: "MessagesClientTests",
            dependencies: [
                "MessagesClient",
                .product(name: "MockClaudeTesting", package: "mockclaude"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
