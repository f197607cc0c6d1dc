import NIOCore
import Testing

@testable import MockClaude

struct ByteCursorTests {
    private func written(room: Int, _ body: (inout ByteCursor) -> Void) -> String {
        var buffer = ByteBuffer()
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: room) { memory in
            var cursor = ByteCursor(memory)
            body(&cursor)
            return cursor.offset
        }
        return String(buffer: buffer)
    }

    @Test(arguments: [0, 1, 9, 10, 15, 16, 99, 100, 255, 256, 65_535, 1_000_000, Int(Int32.max), Int.max - 1, Int.max])
    func numbersAreWrittenAsSwiftPrintsThem(value: Int) {
        #expect(written(room: ByteCursor.longestNumber) { $0.writeDecimal(value) } == String(value))
        #expect(written(room: ByteCursor.longestNumber) { $0.writeHex(value) } == String(value, radix: 16))
    }

    @Test func theTokenMaskAgreesWithTheTokenRuleOnEveryByte() {
        for byte in UInt8.min...UInt8.max {
            #expect(HTTPHeaderList.isTokenMaskByte(byte) == HTTPHeaderList.isTokenByte(byte), "byte \(byte)")
        }
        #expect((0...255).filter { HTTPHeaderList.isTokenMaskByte(UInt8($0)) }.count == 77)  // 62 letters and digits, 15 marks
    }

    @Test func negativeNumbersAreWrittenAsZero() {
        #expect(written(room: 4) { $0.writeDecimal(-5) } == "0")
        #expect(written(room: 4) { $0.writeHex(Int.min) } == "0")
    }

    @Test func piecesFollowEachOtherAndRewindTakesThemBack() {
        let text = written(room: 64) { cursor in
            cursor.write("ab")
            let start = cursor.offset
            cursor.write(Array("cd".utf8))
            #expect(String(decoding: cursor.written(since: start), as: UTF8.self) == "cd")
            cursor.rewind(to: start)
            cursor.write("é" as String)
            cursor.write(UInt8(ascii: "!"))
            // A string without contiguous UTF-8 (bridged or lazily built) is copied byte by byte.
            cursor.write(String(Substring("xyz").dropFirst()))
        }
        #expect(text == "abé!yz")
    }

    @Test func aHeadKeepsGoodFieldsAndDropsEachBadOneWhereverItStands() {
        let good: [(String, String)] = [("a", "1"), ("b-c", ""), ("d", "x y")]
        let bad: [(String, String)] = [("x a", "1"), ("", "1"), ("x", "1\r\nevil: 1"), ("y", "a\u{0}b"), ("ü", "1"), ("z", "\n")]
        for badField in bad {
            for position in 0...good.count {
                var fields = good
                fields.insert(badField, at: position)
                let plan = ResponsePlan(status: 201, headers: HTTPHeaderList(fields.map { (name: $0.0, value: $0.1) }), framing: .contentLength(12))
                let head = String(decoding: HTTPResponseHead.bytes(for: plan, keepAlive: true), as: UTF8.self)
                #expect(
                    head == "HTTP/1.1 201 Created\r\na: 1\r\nb-c: \r\nd: x y\r\ncontent-length: 12\r\nconnection: keep-alive\r\n\r\n",
                    "bad field \(badField) at \(position)")
            }
        }
    }

    @Test func aHeadWithManyLongFieldsFitsItsReservation() {
        let fields = (0..<200).map { (name: "x-\($0)", value: String(repeating: "v", count: $0 * 50)) }
        let plan = ResponsePlan(status: 200, headers: HTTPHeaderList(fields), framing: .contentLength(Int.max))
        let head = String(decoding: HTTPResponseHead.bytes(for: plan, keepAlive: false), as: UTF8.self)
        #expect(head.hasSuffix("content-length: \(Int.max)\r\nconnection: close\r\n\r\n"))
        #expect(head.contains("\r\nx-199: " + String(repeating: "v", count: 199 * 50) + "\r\n"))
    }
}
