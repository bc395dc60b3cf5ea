/// Base64url without padding (RFC 4648 §5), as the token format writes every binary field.
package enum Base64URL {
    /// `A-Z a-z 0-9 - _`, in value order.
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each byte as a base64url character, or 0xFF.
    static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Four tables of 256 entries, one per place of a character in a group of four: each holds
    /// the character's six bits already where they land in the group's three bytes (read as a
    /// little-endian word), or bit 24 for a byte outside the alphabet. A group decodes as four
    /// lookups ORed.
    static let placedValues: [UInt32] = (0..<4).flatMap { place in
        values.map { value -> UInt32 in
            guard value != 0xFF else { return 1 << 24 }
            let v = UInt32(value)
            switch place {
            case 0: return v << 2
            case 1: return v >> 4 | (v & 0xF) << 12
            case 2: return (v >> 2) << 8 | (v & 3) << 22
            default: return v << 16
            }
        }
    }

    /// The length of the encoding of `count` bytes.
    ///
    /// - Parameter count: A byte count.
    /// - Returns: The number of characters, without padding.
    package static func encodedCount(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    /// The base64url text of `bytes`, without padding.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        encode(Array(bytes).span, appendingTo: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the encoding of `bytes` to `output`.
    package static func encode(_ bytes: Span<UInt8>, appendingTo output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: encodedCount(bytes.count)))
        var out = output.mutableSpan
        encode(bytes, into: &out, at: start)
    }

    /// Writes the encoding of `bytes` into `output` from offset `start`.
    static func encode(_ bytes: Span<UInt8>, into output: inout MutableSpan<UInt8>, at start: Int) {
        let a = alphabet.span
        var o = start
        var i = 0
        let count = bytes.count
        // Six bytes a round, read as one word (of eight), written as one word of eight characters.
        while i + 8 <= count && o + 8 <= output.count {
            Bytes.store(Bytes.lookUpSextets(Bytes.word(bytes, at: i).byteSwapped, in: a), into: &output, at: o)
            i += 6
            o += 8
        }
        while i + 3 <= count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            output[o] = a[Int(v >> 18)]
            output[o + 1] = a[Int(v >> 12 & 63)]
            output[o + 2] = a[Int(v >> 6 & 63)]
            output[o + 3] = a[Int(v & 63)]
            i += 3
            o += 4
        }
        guard count - i >= 1 else { return }
        let v = UInt32(bytes[i]) << 16 | (count - i == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
        output[o] = a[Int(v >> 18)]
        output[o + 1] = a[Int(v >> 12 & 63)]
        if count - i == 2 { output[o + 2] = a[Int(v >> 6 & 63)] }
    }

    /// Why a text is not canonical base64url.
    package enum DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A character outside `A-Z a-z 0-9 - _`, at a 0-based offset.
        case invalidCharacter(offset: Int)
        /// A length that leaves one character over (no byte has a one-character encoding).
        case invalidLength(Int)
        /// The last character carries bits that a canonical encoder leaves zero.
        case nonCanonicalTrailingBits

        package var description: String {
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
    package static func decode(_ text: some Collection<UInt8>) throws(DecodingError) -> [UInt8] {
        let characters = Array(text)
        if let offset = characters.firstIndex(where: { values[Int($0)] == 0xFF }) {
            throw .invalidCharacter(offset: offset)
        }
        if characters.count % 4 == 1 { throw .invalidLength(characters.count) }
        var bytes: [UInt8] = []
        decodeLeniently(characters.span, appendingTo: &bytes)
        guard isCanonical(characters.span) else { throw .nonCanonicalTrailingBits }
        return bytes
    }

    /// Whether a text of alphabet characters is what an encoder writes: no lone final
    /// character, and zero unused low bits in the last one.
    static func isCanonical(_ text: Span<UInt8>) -> Bool {
        guard text.count % 4 != 1 else { return false }
        guard text.count > 0 else { return true }
        let unusedBits = text.count * 6 % 8
        return values[Int(text[text.count - 1])] & UInt8(truncatingIfNeeded: (1 << unusedBits) - 1) == 0
    }

    /// The number of bytes ``decodeLeniently(_:appendingTo:)`` writes for `count` characters.
    static func decodedCount(_ count: Int) -> Int { count * 6 / 8 }

    /// Decodes the way Node's `Buffer.from(text, "base64")` does once @hapi/iron has checked the
    /// characters: a lone final character is ignored and unused bits are dropped.
    ///
    /// - Parameters:
    ///   - text: Base64url characters.
    ///   - output: Where the bytes are appended.
    /// - Returns: Whether every character was in the alphabet (``isAlphabet(_:)``), checked in
    ///   the same pass; when not, the bytes appended mean nothing.
    @discardableResult
    package static func decodeLeniently(_ text: Span<UInt8>, appendingTo output: inout [UInt8]) -> Bool {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: decodedCount(text.count)))
        var out = output.mutableSpan
        return decodeLeniently(text, into: &out, at: start)
    }

    /// Decodes leniently into `output` from offset `start`, which must hold
    /// ``decodedCount(_:)`` bytes; eight characters at a time, then four, then one. Returns
    /// whether every character was in the alphabet.
    @discardableResult
    static func decodeLeniently(_ text: Span<UInt8>, into output: inout MutableSpan<UInt8>, at start: Int) -> Bool {
        let table = values.span
        var cursor = Cursor(character: 0, byte: start)
        decodeWords(text, into: &output, &cursor)
        decodeQuads(text, table, into: &output, &cursor)
        decodeRest(text, table, into: &output, &cursor)
        return cursor.seen & 0x80 == 0
    }

    /// Where a decoding stands: the next character, the next byte, and the values of the
    /// characters so far ORed (0xFF marks one outside the alphabet).
    private struct Cursor {
        var character: Int
        var byte: Int
        var seen: UInt8 = 0
    }

    /// Eight characters a round: two groups of four, each four lookups in ``placedValues``
    /// ORed into its three bytes, written as one word whose last two bytes the next round
    /// overwrites (so while two bytes of room follow).
    @inline(__always)
    private static func decodeWords(_ text: Span<UInt8>, into output: inout MutableSpan<UInt8>, _ cursor: inout Cursor) {
        let table = placedValues.span
        var (i, o) = (cursor.character, cursor.byte)
        var seen: UInt32 = 0
        while i + 8 <= text.count && o + 8 <= output.count {
            let first = Bytes.lookUpQuad(text, at: i, in: table), second = Bytes.lookUpQuad(text, at: i + 4, in: table)
            seen |= first | second
            Bytes.store(UInt64(first & 0xFF_FFFF) | UInt64(second) << 24, into: &output, at: o)
            i += 8
            o += 6
        }
        (cursor.character, cursor.byte) = (i, o)
        if seen & 1 << 24 != 0 { cursor.seen |= 0x80 }
    }

    /// Four characters into three bytes, while four are left.
    @inline(__always)
    private static func decodeQuads(_ text: Span<UInt8>, _ table: Span<UInt8>, into output: inout MutableSpan<UInt8>, _ cursor: inout Cursor) {
        var (i, o) = (cursor.character, cursor.byte)
        while i + 4 <= text.count {
            let (a, b, c, d) = (table[Int(text[i])], table[Int(text[i + 1])], table[Int(text[i + 2])], table[Int(text[i + 3])])
            cursor.seen |= a | b | c | d
            let v = UInt32(a & 63) << 18 | UInt32(b & 63) << 12 | UInt32(c & 63) << 6 | UInt32(d & 63)
            output[o] = UInt8(truncatingIfNeeded: v >> 16)
            output[o + 1] = UInt8(truncatingIfNeeded: v >> 8)
            output[o + 2] = UInt8(truncatingIfNeeded: v)
            i += 4
            o += 3
        }
        (cursor.character, cursor.byte) = (i, o)
    }

    /// The last one to three characters, six bits at a time: whole bytes are written, unused
    /// bits dropped, and a lone character yields nothing (as Node's decoder does).
    @inline(__always)
    private static func decodeRest(_ text: Span<UInt8>, _ table: Span<UInt8>, into output: inout MutableSpan<UInt8>, _ cursor: inout Cursor) {
        var accumulator: UInt32 = 0
        var bits = 0
        for i in cursor.character..<text.count {
            let value = table[Int(text[i])]
            cursor.seen |= value
            accumulator = accumulator << 6 | UInt32(value & 63)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output[cursor.byte] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                cursor.byte += 1
            }
        }
        cursor.character = text.count
    }

    /// Whether every byte is a base64url character (the check @hapi/iron makes: `^[\w-]*$`).
    package static func isAlphabet(_ text: Span<UInt8>) -> Bool {
        let table = values.span
        for i in 0..<text.count where table[Int(text[i])] == 0xFF { return false }
        return true
    }
}
