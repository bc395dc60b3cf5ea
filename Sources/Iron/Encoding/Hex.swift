/// Hexadecimal digits, in one place: lowercase as @hapi/iron writes salts, uppercase as
/// percent-encoding writes escapes.
package enum Hex {
    /// `0-9 a-f`.
    package static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)
    /// `0-9 A-F`.
    package static let uppercaseDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends the lowercase hex of `bytes` to `output`: two salts a token, so eight bytes are
    /// turned into sixteen digits at a time, in registers, into room made once.
    package static func encode(_ bytes: Span<UInt8>, appendingTo output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: 2 * bytes.count))
        var digits = output.mutableSpan
        var i = 0
        while i + 8 <= bytes.count {
            let word = Bytes.word(bytes, at: i)
            Bytes.store(digitWord(UInt32(truncatingIfNeeded: word)), into: &digits, at: start + 2 * i)
            Bytes.store(digitWord(UInt32(truncatingIfNeeded: word >> 32)), into: &digits, at: start + 2 * i + 8)
            i += 8
        }
        while i < bytes.count {
            digits[start + 2 * i] = lowercase(bytes[i] >> 4)
            digits[start + 2 * i + 1] = lowercase(bytes[i] & 15)
            i += 1
        }
    }

    /// The eight lowercase digits of four bytes (little-endian in and out): each byte is spread
    /// into a 16-bit lane, its high nibble first, then every nibble becomes a digit at once.
    @inline(__always)
    private static func digitWord(_ four: UInt32) -> UInt64 {
        var spread = UInt64(four)
        spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF
        let nibbles = (spread >> 4) & 0x000F_000F_000F_000F | (spread & 0x000F_000F_000F_000F) << 8
        // A nibble of 10 or more carries into bit 4 when 6 is added: those digits are letters.
        let letters = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
    }

    /// The lowercase digit of a nibble.
    @inline(__always)
    private static func lowercase(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
    }

    /// The lowercase hex of `bytes`.
    package static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        encode(bytes.span, appendingTo: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Two uppercase digits for one byte, as in `%2A`.
    package static func appendUppercase(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(uppercaseDigits[Int(byte >> 4)])
        output.append(uppercaseDigits[Int(byte & 15)])
    }
}
