// swift-tools-version:6.0
// NIO alone answering the replay benchmark's bytes: the ceiling any NIO server reaches on this
// machine, as a reference row for Benchmarks/run. Not part of the main package.
import PackageDescription

let package = Package(
    name: "NIOCeiling",
    platforms: [.macOS(.v15)],
    dependencies: [.package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2")],
    targets: [
        .executableTarget(
            name: "NIOCeiling",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
