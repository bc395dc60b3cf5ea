/// Hexadecimal digits, in one place: lowercase as @hapi/iron writes salts, uppercase as
/// percent-encoding writes escapes.
package enum Hex {
    /// `0-9 a-f`.
    package static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)
    /// `0-9 A-F`.
    package static let uppercaseDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends the lowercase hex of `bytes` to `output`: two salts a token, so the digits are
    /// computed, not looked up, into capacity reserved once.
    package static func encode(_ bytes: Span<UInt8>, appendingTo output: inout [UInt8]) {
        output.append(addingCapacity: 2 * bytes.count) { digits in
            for i in 0..<bytes.count {
                digits.append(lowercase(bytes[i] >> 4))
                digits.append(lowercase(bytes[i] & 15))
            }
        }
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
