import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The results (JSONL) of an ended batch, kept out of the process's memory: in a temporary file
/// that is unlinked as soon as it is open, so it disappears with the last reference to it (a
/// deleted batch, a finished download, the process's end) and never litters the disk. Where no
/// file can be made, the lines are kept in memory instead.
///
/// 100,000 results are about 55 MB; kept in memory they were most of a large batch's footprint.
public final class BatchResults: Sendable {
    private enum Storage {
        case file(descriptor: Int32, size: Int)
        case memory([UInt8])
    }
    private let storage: NIOLockedValueBox<Storage>
    /// One line's place, per request, in order.
    private let lines: NIOLockedValueBox<[Range<Int>]>

    /// An empty set of results, in a new unlinked temporary file when one can be made.
    public init() {
        var template = Array((NSTemporaryDirectory() + "/mockclaude-results-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if descriptor >= 0 {
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            storage = NIOLockedValueBox(.file(descriptor: descriptor, size: 0))
        } else {
            storage = NIOLockedValueBox(.memory([]))
        }
        lines = NIOLockedValueBox([])
    }

    deinit {
        if case .file(let descriptor, _) = storage.withLockedValue({ $0 }) { close(descriptor) }
    }

    /// How many lines are held.
    public var count: Int { lines.withLockedValue { $0.count } }

    /// The bytes of every line, in order.
    public var size: Int {
        storage.withLockedValue {
            switch $0 {
            case .file(_, let size): return size
            case .memory(let bytes): return bytes.count
            }
        }
    }

    /// Adds lines at the end. A write that fails (a full disk) moves everything to memory
    /// rather than lose a result.
    public func append(_ newLines: [[UInt8]]) {
        let bytes = newLines.flatMap { $0 }
        storage.withLockedValue { storage in
            let start: Int
            switch storage {
            case .file(let descriptor, let size):
                start = size
                if Self.write(bytes, to: descriptor, at: size) {
                    storage = .file(descriptor: descriptor, size: size + bytes.count)
                } else {
                    var held = Self.read(descriptor, from: 0, count: size)
                    close(descriptor)
                    held += bytes
                    storage = .memory(held)
                }
            case .memory(var held):
                start = held.count
                held += bytes
                storage = .memory(held)
            }
            lines.withLockedValue { lines in
                var offset = start
                for line in newLines {
                    lines.append(offset..<(offset + line.count))
                    offset += line.count
                }
            }
        }
    }

    /// Up to `count` bytes of the results from `offset` (fewer at the end, none past it).
    public func bytes(from offset: Int, count: Int) -> [UInt8] {
        storage.withLockedValue { storage in
            switch storage {
            case .file(let descriptor, let size):
                guard offset >= 0, offset < size, count > 0 else { return [] }
                return Self.read(descriptor, from: offset, count: min(count, size - offset))
            case .memory(let held):
                guard offset >= 0, offset < held.count, count > 0 else { return [] }
                return Array(held[offset..<min(held.count, offset + min(count, held.count - offset))])
            }
        }
    }

    /// Line `index` (0-based), or `nil` past the end.
    public func line(_ index: Int) -> [UInt8]? {
        guard let range = lines.withLockedValue({ index >= 0 && index < $0.count ? $0[index] : nil }) else { return nil }
        return bytes(from: range.lowerBound, count: range.count)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, at offset: Int) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let written = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                done += written
            }
            return true
        }
    }

    private static func read(_ descriptor: Int32, from offset: Int, count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { buffer -> Int in
            var done = 0
            while done < count {
                let read = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if read < 0, errno == EINTR { continue }
                guard read > 0 else { break }
                done += read
            }
            return done
        }
        bytes.removeLast(count - got)
        return bytes
    }
}
