import ArgumentParser
import Foundation

/// Checks that a folder can be written before anything starts.
enum Writable {
    static func check(directory: String) throws {
        let path = directory.isEmpty ? "." : directory
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let probe = URL(fileURLWithPath: path).appendingPathComponent(".mockclaude-write-test-\(UUID().uuidString)")
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw CLIError("cannot write to \(path): \(error.localizedDescription); choose another --out")
        }
    }
}
