/// Byte classes of ASCII text, in one place.
package enum ASCII {
    /// `0`–`9`.
    @inline(__always)
    package static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// Whether every byte is a decimal digit (and there is at least one).
    package static func isDigits(_ bytes: some Sequence<UInt8>) -> Bool {
        var any = false
        for byte in bytes {
            guard isDigit(byte) else { return false }
            any = true
        }
        return any
    }

    /// The four whitespace bytes of JSON: space, tab, line feed, carriage return.
    @inline(__always)
    package static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// `0`–`9`, `a`–`f`.
    @inline(__always)
    package static func isLowercaseHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= 0x61 && byte <= 0x66) }

    /// The value of a hexadecimal digit of either case, or `nil`.
    @inline(__always)
    package static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x61...0x66: return byte - 0x61 + 10
        case 0x41...0x46: return byte - 0x41 + 10
        default: return nil
        }
    }

    /// `A`–`Z`, `a`–`z`, `0`–`9`, `_`: JavaScript's `\w`.
    @inline(__always)
    package static func isWordCharacter(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }
}

extension Unicode.Scalar {
    /// Whether JavaScript's `parseInt` and `Number` skip this scalar as leading white space
    /// (ECMAScript's StrWhiteSpaceChar: WhiteSpace and LineTerminator).
    package var isJavaScriptWhitespace: Bool {
        switch value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0xFEFF, 0x2028, 0x2029: return true
        default: return properties.generalCategory == .spaceSeparator
        }
    }
}
