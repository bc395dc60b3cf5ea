import Testing
import IronTestSupport
@testable import Iron

/// Repeats a fixed byte pattern: predictable output for the generator.
private struct PatternRandom: RandomSource {
    let pattern: [UInt8]
    var position = 0
    init(_ pattern: [UInt8]) { self.pattern = pattern }
    mutating func fill(_ buffer: inout MutableSpan<UInt8>) throws {
        for index in 0..<buffer.count {
            buffer[index] = pattern[position % pattern.count]
            position += 1
        }
    }
}

@Suite("PasswordGenerator")
struct PasswordGeneratorTests {
    @Test("default lengths carry at least 256 bits and use only the charset", arguments: PasswordGenerator.Charset.allCases)
    func defaults(_ charset: PasswordGenerator.Charset) throws {
        let password = try PasswordGenerator.generate(charset: charset)
        #expect(password.utf8.count == charset.defaultLength)
        #expect(password.utf8.allSatisfy { charset.characters.contains($0) })
        let bitsPerCharacter = [64: 6.0, 62: 5.954, 16: 4.0, 94: 6.554][charset.characters.count]!
        #expect(Double(charset.defaultLength) * bitsPerCharacter >= 256)
        #expect(try PasswordGenerator.generate(charset: charset) != password)
        // A generated password is accepted for sealing.
        _ = try Sealer(password: Password(password))
    }

    @Test("the charsets' alphabets")
    func alphabets() {
        #expect(PasswordGenerator.Charset.base64url.characters.count == 64)
        #expect(PasswordGenerator.Charset.alnum.characters.count == 62)
        #expect(PasswordGenerator.Charset.hex.characters == utf8("0123456789abcdef"))
        #expect(PasswordGenerator.Charset.ascii.characters.first == UInt8(ascii: "!"))
        #expect(PasswordGenerator.Charset.ascii.characters.last == UInt8(ascii: "~"))
        #expect(PasswordGenerator.Charset.ascii.characters.count == 94)
    }

    @Test("base64url of the default length is the encoding of 32 random bytes")
    func base64urlIs32Bytes() throws {
        let password = try PasswordGenerator.generate(charset: .base64url, random: PatternRandom((0..<32).map { UInt8($0) }))
        #expect(password == Base64URL.encode((0..<32).map { UInt8($0) }))
    }

    @Test("bytes at or above the largest multiple of the alphabet size are rejected (no modulo bias)")
    func rejectionSampling() throws {
        // alnum: 62 characters, 256 - 256 % 62 = 248: bytes 248...255 are skipped.
        let alnum = try PasswordGenerator.generate(length: 62, charset: .alnum, random: PatternRandom([248, 255] + (0..<62).map { UInt8($0) }))
        #expect(alnum == String(decoding: PasswordGenerator.Charset.alnum.characters, as: UTF8.self))
        // ascii: 94 characters, limit 188: 187 maps to '~', 188 is skipped.
        let ascii = try PasswordGenerator.generate(length: 32, charset: .ascii, random: PatternRandom([188, 187, 0]))
        #expect(ascii == String(repeating: "~!", count: 16))
        // hex: 16 divides 256, nothing is skipped.
        let hexPassword = try PasswordGenerator.generate(length: 32, charset: .hex, random: PatternRandom([0xFF, 0x10, 0x2A]))
        #expect(hexPassword == String(repeating: "f0a", count: 11).prefix(32).description)
    }

    @Test("lengths below 32 or above 1 MiB are refused", arguments: [0, 31, 1 << 20 + 1])
    func lengthLimits(_ length: Int) {
        #expect(thrownError { _ = try PasswordGenerator.generate(length: length) }?.kind == .invalidOptions)
    }

    @Test("length 32 is accepted for every charset", arguments: PasswordGenerator.Charset.allCases)
    func minimumLength(_ charset: PasswordGenerator.Charset) throws {
        #expect(try PasswordGenerator.generate(length: 32, charset: charset).utf8.count == 32)
        #expect(PasswordGenerator.minimumLength == 32)
    }
}
