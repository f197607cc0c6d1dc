import Foundation
import MockClaude
import NIOConcurrencyHelpers

/// Fixture files parsed once per test process: a suite that starts a mock per test reads the
/// same cassette hundreds of times. An entry is keyed by the file's path, size and modification
/// time, so a file edited while tests run is read again.
final class FixtureCache<Value: Sendable>: Sendable {
    private struct Key: Hashable {
        let path: String
        let size: UInt64
        let modified: Date
    }
    private let entries = NIOLockedValueBox<[Key: Value]>([:])

    /// The value parsed from `path` by `load`, from the cache when the file is unchanged.
    func value(at path: String, load: (String) throws -> Value) throws -> Value {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.uint64Value, let modified = attributes[.modificationDate] as? Date
        else { return try load(path) }  // not a plain file we can key: parse it (and report its error) every time
        let key = Key(path: path, size: size, modified: modified)
        if let cached = entries.withLockedValue({ $0[key] }) { return cached }
        let value = try load(path)
        entries.withLockedValue { $0[key] = value }
        return value
    }
}

enum Fixtures {
    static let cassettes = FixtureCache<Cassette>()
    static let scenarios = FixtureCache<Scenario>()
}
