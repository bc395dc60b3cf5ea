/// Hexadecimal digits, in one place: lowercase as @hapi/iron writes salts, uppercase as
/// percent-encoding writes escapes.
package enum Hex {
    /// `0-9 a-f`.
    package static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)
    /// `0-9 A-F`.
    package static let uppercaseDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends the lowercase hex of `bytes` to `output`.
    package static func encode(_ bytes: Span<UInt8>, appendingTo output: inout [UInt8]) {
        let digits = lowercaseDigits.span
        for i in 0..<bytes.count {
            output.append(digits[Int(bytes[i] >> 4)])
            output.append(digits[Int(bytes[i] & 15)])
        }
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
