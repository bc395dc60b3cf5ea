import Testing
import IronTestSupport
@testable import Iron

/// A well-formed token with recognisable fields: 16-byte IV, 32-byte ciphertext, 32-byte HMAC.
private let iv16 = Base64URL.encode([UInt8](repeating: 1, count: 16))
private let ciphertext32 = Base64URL.encode([UInt8](repeating: 2, count: 32))
private let hmac32 = Base64URL.encode([UInt8](repeating: 3, count: 32))
private let sample = "Fe26.2*k1*0a1b*\(iv16)*\(ciphertext32)*1700000000000*2c3d*\(hmac32)"

private func token(_ keyPath: WritableKeyPath<Token, String>, _ value: String) throws -> Token {
    var fields = try Token(sample)
    fields[keyPath: keyPath] = value
    return fields
}

/// A token field, for parameterized tests (key paths are not Sendable).
enum TokenField: String, Sendable {
    case prefix, passwordId, encryptionSalt, iv, ciphertext, expiration, integritySalt, hmac
    var keyPath: WritableKeyPath<Token, String> {
        switch self {
        case .prefix: return \.prefix
        case .passwordId: return \.passwordId
        case .encryptionSalt: return \.encryptionSalt
        case .iv: return \.iv
        case .ciphertext: return \.ciphertext
        case .expiration: return \.expiration
        case .integritySalt: return \.integritySalt
        case .hmac: return \.hmac
        }
    }
}

@Suite("Token: reading a token's fields without a password")
struct TokenTests {
    @Test("Token(_:) splits the eight fields")
    func splitsFields() throws {
        let fields = try Token(sample)
        #expect(fields.prefix == "Fe26.2")
        #expect(fields.passwordId == "k1")
        #expect(fields.encryptionSalt == "0a1b")
        #expect(fields.iv == iv16)
        #expect(fields.ciphertext == ciphertext32)
        #expect(fields.expiration == "1700000000000")
        #expect(fields.integritySalt == "2c3d")
        #expect(fields.hmac == hmac32)
        #expect(fields.versionSuffix == nil)
        #expect(fields.version == nil)
        #expect(fields.ivBytes == [UInt8](repeating: 1, count: 16))
    }

    @Test("empty fields are kept as empty strings")
    func emptyFields() throws {
        let fields = try Token("*******")
        #expect(fields.prefix == "" && fields.passwordId == "" && fields.expiration == "" && fields.hmac == "")
        #expect(fields.description == "*******")
    }

    @Test("the suffix is split off at the first '~', as iron-session 8's seal.split(\"~\") does")
    func suffix() throws {
        let session = try Token(sample + "~2")
        #expect(session.versionSuffix == "2")
        #expect(session.version == 2)
        #expect(session.hmac == hmac32)
        #expect(session.description == sample + "~2")

        let letter = try Token(sample + "~x")
        #expect(letter.versionSuffix == "x")
        #expect(letter.version == nil)

        // Whatever follows the first '~' is the suffix; its version is JavaScript's parseInt.
        let trailingTilde = try Token(sample + "~")
        #expect(trailingTilde.versionSuffix == "")
        #expect(trailingTilde.version == nil)
        #expect(trailingTilde.hmac == hmac32)
        let twoDigits = try Token(sample + "~12")
        #expect(twoDigits.versionSuffix == "12")
        #expect(twoDigits.version == 12)
        #expect(twoDigits.hmac == hmac32)
        #expect(try Token(sample + "~2x").version == 2)
        let twoTildes = try Token(sample + "~x~2")
        #expect(twoTildes.versionSuffix == "x")
        #expect(twoTildes.version == nil)
        #expect(Token.ironSessionVersion(" 2") == 2)
        #expect(Token.ironSessionVersion("-3") == -3)
        #expect(Token.ironSessionVersion("") == nil)
    }

    @Test("the reference's tampered 7- and 9-field tokens are refused")
    func referenceComponentCases() throws {
        let cases = Vector.all.filter { $0.name.contains("components") }
        #expect(cases.count == 2)
        for vector in cases {
            #expect(throws: IronError.incorrectComponentCount) { try Token(vector.seal) }
        }
    }

    @Test("a token with other than eight fields is refused", arguments: ["", "Fe26.2", "a*b*c*d*e*f*g", "a*b*c*d*e*f*g*h*i", "Fe26.2*a*b*c*d*e*f~2"])
    func wrongFieldCount(_ text: String) {
        #expect(throws: IronError.incorrectComponentCount) { try Token(text) }
    }

    @Test("description round-trips every reference token with eight fields, suffix included", arguments: Vector.all.filter { !$0.name.contains("components") })
    func descriptionRoundTrips(_ vector: Vector) throws {
        let fields = try Token(vector.seal)
        #expect(fields.description == vector.seal)
        #expect(try Token(fields.description) == fields)
    }

    @Test("problems() is empty for every ok reference token", arguments: Vector.ok)
    func noProblemsInReferenceTokens(_ vector: Vector) throws {
        let fields = try Token(vector.seal)
        #expect(fields.problems(algorithm: vector.sealOptions.encryption.algorithm) == [])
        #expect(fields.prefix == Token.currentPrefix)
    }

    @Test("problems() is empty for the sample and for freshly sealed tokens")
    func noProblemsInSample() throws {
        #expect(try Token(sample).problems().isEmpty)
        let sealed = try Sealer(password: Password(Fixture.password), options: .ironSession, clock: Fixture.clock).seal(json: utf8("{}"))
        #expect(try Token(sealed).problems().isEmpty)
    }

    @Test("problems() names the field at fault", arguments: [
        (.prefix, "Fe26.1", "prefix"),
        (.prefix, "Xx99", "prefix"),
        (.passwordId, "a-b", "password id"),
        (.encryptionSalt, "0a1", "encryption salt"),
        (.encryptionSalt, "0A1B", "encryption salt"),
        (.encryptionSalt, "zz", "encryption salt"),
        (.iv, Base64URL.encode([UInt8](repeating: 1, count: 15)), "IV"),
        (.iv, Base64URL.encode([UInt8](repeating: 1, count: 17)), "IV"),
        (.iv, "AQEBAQEBAQEBAQEBAQEB+Q", "IV"),
        (.ciphertext, "AgICAgICAgICAgICAgICAg+", "ciphertext"),
        (.ciphertext, "AgICAgICAgICAgICAgICAg==", "ciphertext"),
        (.ciphertext, Base64URL.encode([UInt8](repeating: 2, count: 20)), "ciphertext"),
        (.ciphertext, "", "ciphertext"),
        (.expiration, "12a", "expiration"),
        (.expiration, "-1", "expiration"),
        (.integritySalt, "abc", "integrity salt"),
        (.hmac, Base64URL.encode([UInt8](repeating: 3, count: 31)), "HMAC is 31 bytes"),
        (.hmac, hmac32 + "A", "HMAC"),
        (.hmac, "a/b", "HMAC"),
    ] as [(TokenField, String, String)])
    func problemsNameTheField(_ tokenField: TokenField, _ value: String, _ field: String) throws {
        let problems = try token(tokenField.keyPath, value).problems()
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix(field) == true, "\(problems)")
    }

    @Test("problems() lists every problem, in field order")
    func problemsInOrder() throws {
        var fields = try Token(sample)
        fields.prefix = "Fe26.1"
        fields.hmac = "x"
        fields.expiration = "soon"
        fields.versionSuffix = "x"
        let problems = fields.problems()
        #expect(problems.count == 4)
        #expect(problems[0].hasPrefix("prefix"))
        #expect(problems[1].hasPrefix("expiration"))
        #expect(problems[2].hasPrefix("HMAC"))
        #expect(problems[3].hasPrefix("version suffix"))
    }

    @Test("a CTR ciphertext of any length is fine for CTR, not for CBC")
    func problemsDependOnCipher() throws {
        let fields = try token(\.ciphertext, Base64URL.encode([UInt8](repeating: 2, count: 20)))
        #expect(fields.problems(algorithm: .aes128CTR).isEmpty)
        #expect(fields.problems(algorithm: .aes256CBC).count == 1)
    }

    @Test("payloadByteRange: 1 to 16 bytes less than the ciphertext for CBC, exactly its length for CTR")
    func payloadByteRange() throws {
        let cbc = try Token(sample)
        #expect(cbc.ciphertextByteCount == 32)
        #expect(cbc.payloadByteRange(algorithm: .aes256CBC) == 16...31)
        #expect(cbc.payloadByteRange() == 16...31)
        #expect(cbc.payloadByteRange(algorithm: .aes128CTR) == 32...32)

        let twenty = try token(\.ciphertext, Base64URL.encode([UInt8](repeating: 2, count: 20)))
        #expect(twenty.ciphertextByteCount == 20)
        #expect(twenty.payloadByteRange(algorithm: .aes128CTR) == 20...20)
        #expect(twenty.payloadByteRange(algorithm: .aes256CBC) == nil)

        let empty = try token(\.ciphertext, "")
        #expect(empty.payloadByteRange(algorithm: .aes128CTR) == 0...0)
        #expect(empty.payloadByteRange(algorithm: .aes256CBC) == nil)

        let malformed = try token(\.ciphertext, "AgICAgICAgICAgICAgICAg+")
        #expect(malformed.ciphertextByteCount == nil)
        #expect(malformed.payloadByteRange(algorithm: .aes128CTR) == nil)
        #expect(try token(\.ciphertext, "Zh").ciphertextByteCount == nil)
        #expect(try token(\.ciphertext, "AAAAA").ciphertextByteCount == nil)
    }

    @Test("payloadByteRange of real tokens contains the sealed length", arguments: [(EncryptionAlgorithm.aes256CBC, 0), (.aes256CBC, 15), (.aes256CBC, 16), (.aes256CBC, 17), (.aes128CTR, 1), (.aes128CTR, 33)])
    func payloadByteRangeOfSealedTokens(_ algorithm: EncryptionAlgorithm, _ length: Int) throws {
        let sealer = try Sealer(password: Password(Fixture.password), options: makeOptions(algorithm), clock: Fixture.clock)
        let fields = try Token(sealRaw(sealer, [UInt8](repeating: 0x31, count: length)))
        let range = try #require(fields.payloadByteRange(algorithm: algorithm))
        #expect(range.contains(length))
        #expect(range.count == (algorithm == .aes256CBC ? 16 : 1))
    }

    @Test("expirationMilliseconds: JavaScript's value, saturating at Int64.max rather than passing for no expiration", arguments: [
        ("1700000000000", 1_700_000_000_000 as Int64?), ("0", 0), ("007", 7), ("", nil), ("12a", nil), ("-1", nil), ("+1", nil),
        (" 1", nil), ("9223372036854775807", Int64.max), ("9223372036854775808", Int64.max), ("99999999999999999999", Int64.max),
    ])
    func expirationMilliseconds(_ expiration: String, _ expected: Int64?) throws {
        #expect(try token(\.expiration, expiration).expiresAt?.millisecondsSince1970 == expected)
    }

    @Test("Expiry.read over bytes agrees with the reading over any digits, on both sides of 18 digits", arguments: [
        "0", "007", "1700000000000", "999999999999999999", "1000000000000000000", "9223372036854775807", "9223372036854775808",
        "99999999999999999999", "000000000000000000000000001",
    ])
    func expiryReadBoundaries(_ digits: String) {
        let bytes = Array(digits.utf8)
        let fromSpan = Expiry.read(bytes.span), fromDigits = Expiry.read(digits.utf8)
        #expect(fromSpan.value == fromDigits.value && fromSpan.milliseconds == fromDigits.milliseconds)
        #expect(fromSpan.value == Double(digits))
        #expect(fromSpan.milliseconds == (Int64(digits) ?? .max))
        let checked = Expiry.readIfDigits(bytes.span)
        #expect(checked?.value == fromSpan.value && checked?.milliseconds == fromSpan.milliseconds)
        // One byte that is no digit, at each place: the bytes either side of '0'-'9' among them.
        for place in bytes.indices {
            for other: UInt8 in [0x2F, 0x3A, 0x00, 0xFF, 0x20, 0x2D, 0x2B, 0x2E] {
                var wrong = bytes
                wrong[place] = other
                #expect(Expiry.readIfDigits(wrong.span) == nil, "\(wrong)")
            }
        }
    }

    @Test("ivBytes is nil for non-canonical base64url")
    func ivBytes() throws {
        #expect(try token(\.iv, "AQ+B").ivBytes == nil)
        #expect(try token(\.iv, "Zh").ivBytes == nil)
        #expect(try token(\.iv, "Zg").ivBytes == [0x66])
    }

    @Test("Token reads the fields the Sealer wrote")
    func readsSealedToken() throws {
        var options = SealOptions.ironSession
        options.ttl = .milliseconds(5000)
        let sealer = try Sealer(password: Password(Fixture.password, id: "r2"), options: options, clock: Fixture.clock)
        let parameters = SealParameters(insecure: .init(encryptionSalt: "aa", iv: try InitializationVector([UInt8](repeating: 4, count: 16)), integritySalt: "bb"))
        let fields = try Token(sealer.seal(json: utf8("[]"), parameters: parameters))
        #expect(fields.prefix == "Fe26.2")
        #expect(fields.passwordId == "r2")
        #expect(fields.encryptionSalt == "aa")
        #expect(fields.integritySalt == "bb")
        #expect(fields.ivBytes == [UInt8](repeating: 4, count: 16))
        #expect(fields.expiresAt?.millisecondsSince1970 == Fixture.now + 5000)
        #expect(fields.ciphertextByteCount == 16)
        #expect(fields.versionSuffix == "2")
        #expect(try Base64URL.decode(utf8(fields.hmac)).count == 32)
    }
}

@Suite("TokenFields: the split, against a plain reading of @hapi/iron's")
struct TokenFieldsSplitTests {
    /// The split as iron-session 8 and @hapi/iron write it: `split("~")`, then the first part's
    /// `split("*")`, which must give eight fields.
    private func reference(_ bytes: [UInt8]) -> (fields: [Range<Int>], bodyEnd: Int, suffix: Range<Int>?)? {
        let tildes = bytes.indices.filter { bytes[$0] == 0x7E }
        let bodyEnd = tildes.first ?? bytes.count
        let suffix = tildes.first.map { ($0 + 1)..<(tildes.count > 1 ? tildes[1] : bytes.count) }
        let stars = (0..<bodyEnd).filter { bytes[$0] == 0x2A }
        guard stars.count == 7 else { return nil }
        let starts = [0] + stars.map { $0 + 1 }, ends = stars + [bodyEnd]
        return (zip(starts, ends).map { $0..<$1 }, bodyEnd, suffix)
    }

    /// Random texts of marks and other bytes (bytes above 0x7F too, whose top bit a word-wide
    /// search must not confuse with a mark), at every length around the eight-byte steps.
    @Test func randomTextsSplitAsTheReferenceDoes() {
        var random = SeededGenerator(seed: 0x1A0_2026)
        let alphabet: [UInt8] = [0x2A, 0x2A, 0x2A, 0x7E, 0x41, 0x30, 0xAA, 0xFE, 0x29, 0x2B, 0x7D, 0x7F, 0x00, 0x01]
        var agreed = 0, split = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...70, using: &random)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &random)! }
            let expected = reference(bytes)
            do {
                let fields = try TokenFields(bytes.span)
                guard let expected else {
                    Issue.record("split \(bytes) that the reference refuses")
                    return
                }
                #expect(TokenFields.Field.allCases.map(fields.range) == expected.fields, "\(bytes)")
                #expect(fields.bodyEnd == expected.bodyEnd && fields.suffix == expected.suffix, "\(bytes)")
                split += 1
            } catch {
                #expect(expected == nil, "refused \(bytes) that the reference splits")
                #expect(error.kind == .incorrectComponentCount)
            }
            agreed += 1
        }
        #expect(agreed == 20_000)
        #expect(split > 500) // the texts are not all refused
    }

    @Test func marksAtEveryPlaceOfAWord() throws {
        for gap in 0..<20 {
            let body = (0..<7).map { _ in String(repeating: "x", count: gap) }.joined(separator: "*") + "*" + String(repeating: "y", count: gap)
            for suffix in ["", "~", "~2", "~2~", "~2~3*"] {
                let text = body + suffix
                let fields = try TokenFields(Array(text.utf8).span)
                let expected = reference(Array(text.utf8))!
                #expect(TokenFields.Field.allCases.map(fields.range) == expected.fields, "\(text)")
                #expect(fields.suffix == expected.suffix, "\(text)")
            }
        }
    }
}
