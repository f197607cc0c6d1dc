import Foundation
import Testing

@testable import MockClaude

/// The hand-written timestamp formats against known values and against `String(format:)`, which
/// they replaced on the hot path.
@Suite struct TimestampTests {
    @Test func knownInstantsFormatAsTheAPIWritesThem() {
        let t = Timestamp(microseconds: 1_727_203_044_100_435)  // 2024-09-24T18:37:24.100435Z, a Tuesday
        #expect(t.rfc3339Seconds == "2024-09-24T18:37:24Z")
        #expect(t.rfc3339Micro == "2024-09-24T18:37:24.100435Z")
        #expect(t.httpDate == "Tue, 24 Sep 2024 18:37:24 GMT")
        #expect(Timestamp(microseconds: 0).httpDate == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(Timestamp(microseconds: -1).rfc3339Micro == "1969-12-31T23:59:59.999999Z")
    }

    @Test func everyFormatMatchesPrintfAcrossTheRange() {
        var generator = SystemRandomNumberGenerator()
        let samples: [Int64] =
            // The ends, 2000-02-29, year 1 and 9999-12-31 23:59:59.999999, then random instants.
            [0, -1, 1, .max, .min, 951_782_400_000_000, -62_135_596_800_000_000, 253_402_300_799_999_999]
            + (0..<2000).map { _ in Int64.random(in: .min ... .max, using: &generator) }
            + (0..<2000).map { _ in Int64.random(in: -10_000_000_000_000_000...10_000_000_000_000_000, using: &generator) }
        for microseconds in samples {
            let t = Timestamp(microseconds: microseconds)
            let reference = Reference(t)
            #expect(t.rfc3339Seconds == reference.rfc3339Seconds, "\(microseconds)")
            #expect(t.rfc3339Micro == reference.rfc3339Micro, "\(microseconds)")
            #expect(t.httpDate == reference.httpDate, "\(microseconds)")
        }
    }

    /// The formats as they were written before, with `String(format:)` over the civil date.
    struct Reference {
        let rfc3339Seconds: String, rfc3339Micro: String, httpDate: String

        init(_ t: Timestamp) {
            let m = t.microseconds
            let seconds = m / 1_000_000 - (m % 1_000_000 < 0 ? 1 : 0)
            let micro = Int((m % 1_000_000 + 1_000_000) % 1_000_000)
            let days = seconds / 86_400 - (seconds % 86_400 < 0 ? 1 : 0)
            let sod = Int((seconds % 86_400 + 86_400) % 86_400)
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let day = Int(doy - (153 * mp + 2) / 5 + 1)
            let month = Int(mp < 10 ? mp + 3 : mp - 9)
            let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
            let (h, mi, s) = (sod / 3600, (sod % 3600) / 60, sod % 60)
            rfc3339Seconds = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, h, mi, s)
            rfc3339Micro = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month, day, h, mi, s, micro)
            let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
            let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
            httpDate = String(format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", weekday, day, monthName, year, h, mi, s)
        }
    }
}
