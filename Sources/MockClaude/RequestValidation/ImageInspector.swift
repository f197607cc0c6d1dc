/// Reads an image's format and pixel size from its header, without decoding it.
package enum ImageInspector {
    /// What the bytes are.
    public struct Info: Sendable, Equatable {
        /// `image/png`, `image/jpeg`, `image/gif` or `image/webp`.
        public var mediaType: String
        public var width: Int
        public var height: Int
    }

    /// The image's type and size, or `nil` when the bytes are none of the four formats.
    public static func inspect(_ bytes: [UInt8]) -> Info? {
        func be16(_ i: Int) -> Int { i + 1 < bytes.count ? Int(bytes[i]) << 8 | Int(bytes[i + 1]) : 0 }
        func be32(_ i: Int) -> Int { i + 3 < bytes.count ? be16(i) << 16 | be16(i + 2) : 0 }
        func le16(_ i: Int) -> Int { i + 1 < bytes.count ? Int(bytes[i]) | Int(bytes[i + 1]) << 8 : 0 }
        func le24(_ i: Int) -> Int { i + 2 < bytes.count ? le16(i) | Int(bytes[i + 2]) << 16 : 0 }
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }

        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return Info(mediaType: "image/png", width: be32(16), height: be32(20))
        }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) {
            return Info(mediaType: "image/gif", width: le16(6), height: le16(8))
        }
        if starts([0xFF, 0xD8, 0xFF]) {
            var i = 2
            while i + 9 < bytes.count {
                guard bytes[i] == 0xFF else {
                    i += 1
                    continue
                }
                let marker = bytes[i + 1]
                if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                    return Info(mediaType: "image/jpeg", width: be16(i + 7), height: be16(i + 5))
                }
                if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                    i += 2
                    continue
                }
                i += 2 + be16(i + 2)
            }
            return Info(mediaType: "image/jpeg", width: 0, height: 0)
        }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) {
            if starts(Array("VP8 ".utf8), at: 12) {
                return Info(mediaType: "image/webp", width: le16(26) & 0x3FFF, height: le16(28) & 0x3FFF)
            }
            if starts(Array("VP8L".utf8), at: 12), bytes.count > 24 {
                let b = (Int(bytes[21]), Int(bytes[22]), Int(bytes[23]), Int(bytes[24]))
                return Info(
                    mediaType: "image/webp", width: 1 + (b.0 | (b.1 & 0x3F) << 8),
                    height: 1 + (b.1 >> 6 | b.2 << 2 | (b.3 & 0x0F) << 10))
            }
            if starts(Array("VP8X".utf8), at: 12) {
                return Info(mediaType: "image/webp", width: 1 + le24(24), height: 1 + le24(27))
            }
            return Info(mediaType: "image/webp", width: 0, height: 0)
        }
        return nil
    }
}
