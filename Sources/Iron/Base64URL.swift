/// Base64url without padding (RFC 4648 §5), as the token format writes every binary field.
public enum Base64URL {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of a base64url character, or 0xFF.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// The length of the encoding of `count` bytes.
    ///
    /// - Parameter count: A byte count.
    /// - Returns: The number of characters, without padding.
    public static func encodedCount(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    /// Encodes bytes.
    ///
    /// - Parameter bytes: The bytes.
    /// - Returns: The base64url text.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        Array(bytes).withUnsafeBytes { encode($0, appendingTo: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes into a buffer of at least ``encodedCount(_:)`` bytes.
    static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        alphabet.withUnsafeBufferPointer { a in
            var o = 0
            var i = 0
            let count = bytes.count
            while i + 3 <= count {
                let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                output[o] = a[Int(v >> 18)]
                output[o + 1] = a[Int(v >> 12 & 63)]
                output[o + 2] = a[Int(v >> 6 & 63)]
                output[o + 3] = a[Int(v & 63)]
                i += 3
                o += 4
            }
            if count - i >= 1 {
                let v = UInt32(bytes[i]) << 16 | (count - i == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
                output[o] = a[Int(v >> 18)]
                output[o + 1] = a[Int(v >> 12 & 63)]
                if count - i == 2 { output[o + 2] = a[Int(v >> 6 & 63)] }
            }
        }
    }

    /// Appends the encoding of `bytes` to `output`.
    ///
    /// - Parameters:
    ///   - bytes: The bytes.
    ///   - output: Where the characters are appended.
    public static func encode(_ bytes: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: encodedCount(bytes.count)))
        output.withUnsafeMutableBytes { encode(bytes, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
    }

    /// Why a text is not canonical base64url.
    public enum DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A character outside `A-Z a-z 0-9 - _`, at a 0-based offset.
        case invalidCharacter(offset: Int)
        /// A length that leaves one character over (no byte has a one-character encoding).
        case invalidLength(Int)
        /// The last character carries bits that a canonical encoder leaves zero.
        case nonCanonicalTrailingBits

        public var description: String {
            switch self {
            case .invalidCharacter(let offset): return "invalid base64url character at offset \(offset)"
            case .invalidLength(let count): return "a base64url text of \(count) characters is impossible (length mod 4 is 1)"
            case .nonCanonicalTrailingBits: return "the last base64url character has non-zero unused bits"
            }
        }
    }

    /// Decodes canonical base64url: every character in the alphabet, no padding, a possible
    /// length, and zero unused bits.
    ///
    /// - Parameter text: The characters.
    /// - Returns: The bytes.
    /// - Throws: ``DecodingError``.
    public static func decode(_ text: some Collection<UInt8>) throws(DecodingError) -> [UInt8] {
        let characters = Array(text)
        if let offset = characters.firstIndex(where: { values[Int($0)] == 0xFF }) {
            throw .invalidCharacter(offset: offset)
        }
        if characters.count % 4 == 1 { throw .invalidLength(characters.count) }
        let (bytes, canonical) = characters.withUnsafeBytes { decodeLeniently($0) }
        if !canonical { throw .nonCanonicalTrailingBits }
        return bytes
    }

    /// Decodes the way Node's `Buffer.from(text, "base64")` does once @hapi/iron has checked the
    /// characters: a lone final character is ignored and unused bits are dropped.
    ///
    /// Characters outside the alphabet must have been rejected before.
    static func decodeLeniently(_ text: UnsafeRawBufferPointer) -> (bytes: [UInt8], canonical: Bool) {
        var output: [UInt8] = []
        decodeLeniently(text, appendingTo: &output)
        // Canonical: no lone final character, and the unused low bits of the last one are zero.
        let bits = text.count * 6 % 8
        let last = text.last.map { values[Int($0)] & 63 } ?? 0
        let unused = UInt8(truncatingIfNeeded: (1 << bits) - 1)
        return (output, text.count % 4 != 1 && last & unused == 0)
    }

    /// ``decodeLeniently(_:)`` appending to a reused buffer.
    static func decodeLeniently(_ text: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: text.count * 3 / 4 + 3))
        let count = output.withUnsafeMutableBytes { decodeLeniently(text, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
        output.removeSubrange((start + count)...)
    }

    /// Decodes leniently into `output`, writing at most `output.count` bytes; returns how many
    /// bytes the text decodes to (which may exceed what was written).
    static func decodeLeniently(_ text: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        var accumulator: UInt32 = 0
        var bits = 0
        var count = 0
        values.withUnsafeBufferPointer { table in
            for character in text {
                accumulator = accumulator << 6 | UInt32(table[Int(character)] & 63)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    if count < output.count { output[count] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)) }
                    count += 1
                }
            }
        }
        return count
    }

    /// Whether every byte is a base64url character (the check @hapi/iron makes: `^[\w-]*$`).
    static func isAlphabet(_ text: UnsafeRawBufferPointer) -> Bool {
        values.withUnsafeBufferPointer { table in text.allSatisfy { table[Int($0)] != 0xFF } }
    }
}

/// Lowercase hexadecimal, as @hapi/iron writes salts.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) {
        digits.withUnsafeBufferPointer { d in
            for byte in bytes {
                output.append(d[Int(byte >> 4)])
                output.append(d[Int(byte & 15)])
            }
        }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        bytes.withUnsafeBytes { encode($0, appendingTo: &output) }
        return String(decoding: output, as: UTF8.self)
    }
}
