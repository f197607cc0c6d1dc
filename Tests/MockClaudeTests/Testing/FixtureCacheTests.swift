import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import MockClaudeTesting

@Suite struct FixtureCacheTests {
    @Test func aFileIsParsedOnceUntilItChanges() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("one".utf8).write(to: URL(fileURLWithPath: path))
        let cache = FixtureCache<String>()
        let loads = NIOLockedValueBox(0)
        let load: (String) throws -> String = { path in
            loads.withLockedValue { $0 += 1 }
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        #expect(try cache.value(at: path, load: load) == "one")
        #expect(try cache.value(at: path, load: load) == "one")
        #expect(loads.withLockedValue { $0 } == 1)
        try Data("three".utf8).write(to: URL(fileURLWithPath: path))  // another size: read again
        #expect(try cache.value(at: path, load: load) == "three")
        #expect(loads.withLockedValue { $0 } == 2)
    }

    @Test func aMissingFileReportsItsErrorAndIsReadOnceItExists() throws {
        let cache = FixtureCache<String>()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let load: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
        #expect(throws: (any Error).self) { try cache.value(at: path, load: load) }
        try Data("now here".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try cache.value(at: path, load: load) == "now here", "a failure is not remembered")
    }
}
