import Testing
import IronTestSupport
@testable import Iron

@Suite("Base64url without padding (RFC 4648 §5)")
struct Base64URLTests {
    /// RFC 4648 §10's vectors, padding removed.
    static let rfc4648: [(String, String)] = [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test("RFC 4648 test vectors encode without padding", arguments: rfc4648)
    func encodeVectors(_ plain: String, _ encoded: String) {
        #expect(Base64URL.encode(utf8(plain)) == encoded)
        #expect(Base64URL.encodedCount(plain.utf8.count) == encoded.utf8.count)
    }

    @Test("RFC 4648 test vectors decode", arguments: rfc4648)
    func decodeVectors(_ plain: String, _ encoded: String) throws {
        #expect(try Base64URL.decode(utf8(encoded)) == utf8(plain))
    }

    /// Base64url written out bit by bit, the slow way, to check the word-at-a-time coders against.
    static func reference(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let bits = bytes.flatMap { byte in (0..<8).map { byte >> (7 - $0) & 1 } }
        return String(stride(from: 0, to: bits.count, by: 6).map { start in
            let group = bits[start..<min(start + 6, bits.count)] + Array(repeating: 0, count: max(0, start + 6 - bits.count))
            return alphabet[Int(group.reduce(0) { $0 << 1 | $1 })]
        })
    }

    @Test("every length from 0 to 80 bytes, beside text already in the buffer, encodes and decodes as the reference does")
    func lengthsAndOffsets() throws {
        for count in 0...80 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ count &* 17) }
            var output = Array("prefix*".utf8)
            Base64URL.encode(bytes.span, appendingTo: &output)
            let text = String(decoding: output, as: UTF8.self)
            #expect(text == "prefix*" + Self.reference(bytes))
            var decoded = Array("x".utf8)
            let encoded = Array(Self.reference(bytes).utf8)
            #expect(Base64URL.decodeLeniently(encoded.span, appendingTo: &decoded))
            #expect(decoded == Array("x".utf8) + bytes)
            // A character outside the alphabet anywhere is reported by the same pass.
            for bad in [0, encoded.count / 2, encoded.count - 1] where encoded.count > 0 {
                var wrong = encoded
                wrong[bad] = [0x2B, 0x2F, 0x3D, 0x2A, 0x80][bad % 5] // + / = * and a non-ASCII byte
                var ignored: [UInt8] = []
                #expect(!Base64URL.decodeLeniently(wrong.span, appendingTo: &ignored))
            }
        }
    }

    @Test("the URL-safe alphabet: '-' for 62 and '_' for 63, never '+' or '/'")
    func urlAlphabet() throws {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.encode([0xFF, 0xFF, 0xFF]) == "____")
        #expect(Base64URL.encode([0x00, 0x00, 0x00]) == "AAAA")
        #expect(try Base64URL.decode(utf8("-_-_")) == [0xFB, 0xFF, 0xBF])
        let all = (0...255).map { UInt8($0) }
        let encoded = Base64URL.encode(all)
        #expect(!encoded.contains("+") && !encoded.contains("/") && !encoded.contains("="))
        #expect(try Base64URL.decode(utf8(encoded)) == all)
    }

    @Test("every length 0...40 round-trips, with the predicted length", arguments: 0...40)
    func roundTrip(_ count: Int) throws {
        let data = pseudoRandomBytes(count: count, seed: UInt32(count))
        let text = Base64URL.encode(data)
        #expect(text.utf8.count == Base64URL.encodedCount(count))
        #expect(text.utf8.count % 4 != 1)
        #expect(try Base64URL.decode(utf8(text)) == data)
        // The appending form agrees and leaves what was there.
        var output = utf8("xy")
        Base64URL.encode(data.span, appendingTo: &output)
        #expect(output == utf8("xy" + text))
    }

    @Test("encoding into a fixed buffer agrees with encode(_:) for every length 0...40")
    func encodeIntoBuffer() {
        for count in 0...40 {
            let data = pseudoRandomBytes(count: count, seed: UInt32(100 + count))
            var buffer = [UInt8](repeating: 0x21, count: Base64URL.encodedCount(count))
            var out = buffer.mutableSpan
            Base64URL.encode(data.span, into: &out, at: 0)
            #expect(String(decoding: buffer, as: UTF8.self) == Base64URL.encode(data), "length \(count)")
        }
    }

    @Test("lenient decoding appends to a reused buffer without disturbing what is there")
    func lenientAppending() {
        var output: [UInt8] = [9, 9]
        Base64URL.decodeLeniently(utf8("Zm9vYmFy").span, appendingTo: &output)
        #expect(output == [9, 9] + utf8("foobar"))
        Base64URL.decodeLeniently(utf8("Zh").span, appendingTo: &output)
        #expect(output == [9, 9] + utf8("foobarf"))
        Base64URL.decodeLeniently(utf8("").span, appendingTo: &output)
        #expect(output.count == 9)
    }

    @Test("characters outside the alphabet are rejected with their offset", arguments: [
        ("Zm+v", 2), ("Zm/v", 2), ("Zg==", 2), ("Zm9v=", 4), (" Zm9v", 0), ("Zm9v\n", 4), ("Zm.v", 2),
    ])
    func invalidCharacters(_ text: String, _ offset: Int) {
        #expect(throws: Base64URL.DecodingError.invalidCharacter(offset: offset)) { try Base64URL.decode(utf8(text)) }
    }

    @Test("a length with one character over (mod 4 == 1) is rejected", arguments: ["A", "Zm9vY", "Zm9vYmFyZ"])
    func impossibleLength(_ text: String) {
        #expect(throws: Base64URL.DecodingError.invalidLength(text.utf8.count)) { try Base64URL.decode(utf8(text)) }
    }

    @Test("non-zero unused bits in the last character are rejected", arguments: ["Zh", "Zm9", "Zm9vYh", "AB", "AAB"])
    func nonCanonicalTrailingBits(_ text: String) {
        #expect(throws: Base64URL.DecodingError.nonCanonicalTrailingBits) { try Base64URL.decode(utf8(text)) }
    }

    @Test("the lenient decoder (Node's, after the character check) drops unused bits and a lone last character")
    func lenientDecoding() {
        func lenient(_ text: String) -> (bytes: [UInt8], canonical: Bool) {
            var bytes: [UInt8] = []
            let characters = utf8(text)
            Base64URL.decodeLeniently(characters.span, appendingTo: &bytes)
            return (bytes, Base64URL.isCanonical(characters.span))
        }
        #expect(lenient("Zh").bytes == [0x66])
        #expect(lenient("Zh").canonical == false)
        #expect(lenient("Zg").bytes == [0x66])
        #expect(lenient("Zg").canonical == true)
        #expect(lenient("Zm9vY").bytes == utf8("foo"))
        #expect(lenient("Zm9vY").canonical == false)
        #expect(lenient("").bytes == [])
    }

    @Test("isAlphabet accepts exactly A-Z a-z 0-9 - _")
    func alphabetCheck() {
        func check(_ text: String) -> Bool { Base64URL.isAlphabet(utf8(text).span) }
        #expect(check("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
        #expect(check(""))
        for bad in ["+", "/", "=", " ", "*", "~", "é", "\0"] {
            #expect(!check("abc" + bad), "\(bad)")
        }
    }

    @Test("descriptions of decoding errors")
    func errorDescriptions() {
        #expect(Base64URL.DecodingError.invalidCharacter(offset: 3).description.contains("offset 3"))
        #expect(Base64URL.DecodingError.invalidLength(5).description.contains("5"))
        #expect(!Base64URL.DecodingError.nonCanonicalTrailingBits.description.isEmpty)
    }

    @Test("salts are lowercase hex")
    func hexEncoding() {
        #expect(Hex.encode([0x00, 0x0F, 0xA0, 0xFF, 0x12]) == "000fa0ff12")
        #expect(Hex.encode([]) == "")
        // Every byte, at every offset from a word boundary, after text already in the output.
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        for start in 0..<9 {
            let slice = Array(bytes[start...])
            var output = Array("x*".utf8)
            Hex.encode(slice.span, appendingTo: &output)
            let expected = "x*" + slice.map { byte in
                let digits = Array("0123456789abcdef")
                return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
            }.joined()
            #expect(String(decoding: output, as: UTF8.self) == expected)
        }
    }
}
