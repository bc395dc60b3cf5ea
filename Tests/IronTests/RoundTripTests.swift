import Testing
import IronTestSupport
@testable import Iron

/// The error an unseal gives, or `nil` (recording an issue) if it succeeds.
private func unsealError(_ unsealer: Unsealer, _ token: String, now milliseconds: Int64? = nil) -> IronError? {
    let now = milliseconds.map(at)
    return thrownError { try unsealer.unseal(token, now: now) }
}

/// The token with one field replaced.
private func replacing(_ token: String, _ keyPath: WritableKeyPath<Token, String>, with value: String) throws -> String {
    var fields = try Token(token)
    fields[keyPath: keyPath] = value
    return fields.description
}

private let password = Password(Fixture.password)

@Suite("Sealing and unsealing")
struct RoundTripTests {
    /// A JSON text of exactly `length` bytes (none for 0): a digit, or a string literal padded to length.
    static func jsonText(length: Int) -> [UInt8] {
        switch length {
        case 0: return []
        case 1: return utf8("7")
        default:
            let filler = Array("abcdefghijklmnopqrstuvwxyz 0123456789-_.ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
            return [0x22] + (0..<(length - 2)).map { filler[$0 % filler.count] } + [0x22]
        }
    }

    // MARK: Round trips

    @Test("every plaintext length 0...64 round-trips with both ciphers", arguments: EncryptionAlgorithm.allCases, 0...64)
    func everyLength(_ algorithm: EncryptionAlgorithm, _ length: Int) throws {
        let options = makeOptions(algorithm)
        let sealer = try Sealer(password: password, options: options, clock: Fixture.clock)
        let unsealer = try Unsealer(password: password, options: options, clock: Fixture.clock)
        let plaintext = Self.jsonText(length: length)
        #expect(plaintext.count == length)

        let token = try sealRaw(sealer, plaintext)
        let fields = try Token(token)
        let expectedCiphertext = algorithm == .aes256CBC ? (length / 16 + 1) * 16 : length
        #expect(fields.ciphertextByteCount == expectedCiphertext)
        #expect(try #require(fields.payloadByteRange(algorithm: algorithm)).contains(length))
        #expect(fields.problems(algorithm: algorithm).isEmpty)

        if length == 0 {
            // No JSON text has length 0: the empty plaintext decrypts but is refused as not JSON.
            #expect(unsealError(unsealer, token)?.kind == .payloadNotJSON)
            let error = thrownError { try sealer.seal(json: plaintext) }
            #expect(error?.kind == .invalidJSON)
            return
        }
        #expect(try unsealer.unseal(token).payload == plaintext)
        // Through seal(json:), whitespace around the value is removed and nothing else changes.
        let padded = utf8(" \n") + plaintext + utf8("\t\r\n")
        let viaJSON = try sealer.seal(json: padded)
        #expect(try unsealer.unseal(viaJSON).payload == plaintext)
    }

    @Test("the unsealed payload is the compact input byte for byte")
    func payloadIsCompactInput() throws {
        let sealer = try Sealer(password: password, clock: Fixture.clock)
        let unsealer = try Unsealer(password: password, clock: Fixture.clock)
        let input = #"{ "b" : 1.0 , "a" : [ 1e2 , -0 ] , "s" : "\u0041\/ é 😀" , "b" : 2 }"#
        let token = try sealer.seal(json: utf8(input))
        let result = try unsealer.unseal(token)
        #expect(result.text == #"{"b":1.0,"a":[1e2,-0],"s":"\u0041\/ é 😀","b":2}"#)
        #expect(result.passwordId == "")
        #expect(result.expiration == nil)
        #expect(result.isExpired == false)
        #expect(result.versionSuffix == nil)
    }

    @Test("changing any single character of a token is rejected for the reason the change implies, never yielding a payload")
    func everySingleCharacterChange() throws {
        var options = SealOptions.default
        options.ttl = .milliseconds(3_600_000)
        let sealer = try Sealer(password: Password(Fixture.password, id: "k_1"), options: options, clock: Fixture.clock)
        let token = try sealer.seal(json: utf8(#"{"user":"ada","n":42}"#))
        // Verifying first, a changed expiration is a bad HMAC too, not an expired seal.
        let unsealer = try Unsealer(password: password, options: options, clock: Fixture.clock, expiryCheck: .verifyFirst)
        #expect(try unsealer.unseal(token).text == #"{"user":"ada","n":42}"#)

        let base64url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let word = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_".utf8)
        let hexDigits = Array("0123456789abcdef".utf8)
        let digits = Array("0123456789".utf8)
        let prefix = base64url + [UInt8(ascii: ".")]
        let alphabets = [prefix, word, hexDigits, base64url, base64url, digits, hexDigits, base64url]

        let characters = Array(token.utf8)
        var field = 0
        var checked = 0
        for (index, character) in characters.enumerated() {
            var replacements: [UInt8]
            if character == UInt8(ascii: "*") {
                replacements = [UInt8(ascii: "."), UInt8(ascii: "A")]
            } else {
                let alphabet = alphabets[field]
                let position = try #require(alphabet.firstIndex(of: character), "character \(character) of field \(field)")
                replacements = [alphabet[(position + 1) % alphabet.count], alphabet[(position + alphabet.count / 2) % alphabet.count]]
            }
            for replacement in replacements where replacement != character {
                var altered = characters
                altered[index] = replacement
                var payload: [UInt8] = []
                do {
                    _ = try unsealer.unseal(token: altered.span, appendingPayloadTo: &payload)
                    Issue.record("a change at \(index) (field \(field)) to '\(Character(Unicode.Scalar(replacement)))' unsealed")
                } catch {
                    let expected: IronError.Kind = character == UInt8(ascii: "*") ? .incorrectComponentCount : field == 0 ? .wrongPrefix : .badHMAC
                    #expect(error.kind == expected, "a change at \(index) (field \(field)): \(error.reason)")
                }
                #expect(payload.isEmpty)
                checked += 1
            }
            if character == UInt8(ascii: "*") { field += 1 }
        }
        #expect(field == 7)
        #expect(checked >= 2 * characters.count - 2)
    }

    @Test("a fresh token has different encryption and integrity salts; two fresh tokens differ")
    func freshSaltsAndIVs() throws {
        let sealer = try Sealer(password: password, clock: Fixture.clock)
        let json = utf8(#"{"a":1}"#)
        let first = try Token(sealer.seal(json: json))
        let second = try Token(sealer.seal(json: json))
        #expect(first.encryptionSalt != first.integritySalt)
        #expect(first.encryptionSalt.utf8.count == 64)
        #expect(first.integritySalt.utf8.count == 64)
        #expect(first != second)
        #expect(first.encryptionSalt != second.encryptionSalt)
        #expect(first.integritySalt != second.integritySalt)
        #expect(first.iv != second.iv)
        #expect(first.ciphertext != second.ciphertext)
    }

    @Test("salt bits round up to whole bytes of hex", arguments: [(1, 2), (8, 2), (9, 4), (12, 4), (128, 32), (256, 64)])
    func saltBits(_ bits: Int, _ hexCount: Int) throws {
        var options = SealOptions.default
        options.encryption.saltBits = bits
        options.integrity.saltBits = bits
        let token = try Token(Sealer(password: password, options: options, clock: Fixture.clock).seal(json: utf8("1")))
        #expect(token.encryptionSalt.utf8.count == hexCount)
        #expect(token.integritySalt.utf8.count == hexCount)
        #expect(try Unsealer(password: password, options: options).unseal(token.description).text == "1")
    }

    @Test("fixed salts, IV and time reproduce a token byte for byte")
    func sealParameters() throws {
        let sealer = try Sealer(password: password, options: makeOptions(.aes256CBC, ttl: 1000), clock: Fixture.clock)
        let parameters = SealParameters(now: at(5000), insecure: .init(encryptionSalt: "abcd", iv: try InitializationVector([UInt8](repeating: 9, count: 16)), integritySalt: "ef01"))
        let first = try sealer.seal(json: utf8("[1]"), parameters: parameters)
        let second = try sealer.seal(json: utf8("[1]"), parameters: parameters)
        #expect(first == second)
        let fields = try Token(first)
        #expect(fields.encryptionSalt == "abcd")
        #expect(fields.integritySalt == "ef01")
        #expect(fields.ivBytes == [UInt8](repeating: 9, count: 16))
        #expect(fields.expiration == "6000")
        thrownError { try InitializationVector([UInt8](repeating: 0, count: 15)) }
    }

    @Test("SealParameters.expiration writes a given expiration, or none, instead of now + ttl")
    func explicitExpiration() throws {
        let sealer = try Sealer(password: password, options: makeOptions(.aes256CBC, ttl: 1000), clock: Fixture.clock)
        let never = try sealer.seal(json: utf8("1"), parameters: SealParameters(expiration: .never))
        #expect(try Token(never).expiration == "")
        #expect(try Unsealer(password: password).unseal(never, now: at(Int64.max / 2)).expiration == nil)

        let fixed = try sealer.seal(json: utf8("1"), parameters: SealParameters(expiration: .at(at(Fixture.now + 99))))
        #expect(try Token(fixed).expiresAt?.millisecondsSince1970 == Fixture.now + 99)
        #expect(try Unsealer(password: password, clock: Fixture.clock).unseal(fixed).expiration == at(Fixture.now + 99))

        let zero = try sealer.seal(json: utf8("1"), parameters: SealParameters(expiration: .at(at(0))))
        #expect(try Token(zero).expiration == "0")
        #expect(unsealError(try Unsealer(password: password, clock: Fixture.clock), zero)?.reason == "Expired seal")

        var output = utf8("x")
        #expect(thrownError { try sealer.seal(json: utf8("1").span, parameters: SealParameters(expiration: .at(at(-1))), appendingTo: &output) }?.kind == .invalidOptions)
        #expect(output == utf8("x"))
    }

    @Test("a clock before 1970 that would give a negative expiration is refused, not written")
    func negativeExpiration() throws {
        let sealer = try Sealer(password: password, options: makeOptions(.aes256CBC, ttl: 10), clock: FixedClock(millisecondsSince1970: -100_000))
        var output: [UInt8] = []
        #expect(thrownError { try sealer.seal(json: utf8("1").span, appendingTo: &output) }?.kind == .invalidOptions)
        #expect(output.isEmpty)
        // Without a ttl nothing is written, so the clock does not matter.
        let noTTL = try Sealer(password: password, clock: FixedClock(millisecondsSince1970: -100_000))
        #expect(try Token(noTTL.seal(json: utf8("1"))).expiration == "")
    }

    @Test("seal(json:appendingTo:) appends; a failed seal leaves the output as it was")
    func appendingOutput() throws {
        let sealer = try Sealer(password: password, clock: Fixture.clock)
        var output = utf8("cookie=")
        try sealer.seal(json: utf8("{}").span, appendingTo: &output)
        #expect(output.starts(with: utf8("cookie=Fe26.2**")))
        let token = String(decoding: output.dropFirst(7), as: UTF8.self)
        #expect(try Unsealer(password: password).unseal(token).text == "{}")

        let before = output
        let error = thrownError { try sealer.seal(json: utf8("{\n\"a\":}").span, appendingTo: &output) }
        #expect(error?.kind == .invalidJSON)
        #expect(error?.json?.line == 2)
        #expect(error?.json?.column == 5)
        #expect(output == before)
    }

    @Test("unseal(token:appendingPayloadTo:) appends the payload")
    func appendingPayload() throws {
        let token = try Sealer(password: password, clock: Fixture.clock).seal(json: utf8("[true]"))
        var output = utf8("> ")
        let result = try Unsealer(password: password).unseal(token: utf8(token).span, appendingPayloadTo: &output)
        #expect(output == utf8("> [true]"))
        #expect(result.payload.isEmpty)
    }

    // MARK: Expiration

    @Test("ttl 0 writes an empty expiration field and the token never expires")
    func ttlZero() throws {
        let token = try Sealer(password: password, clock: Fixture.clock).seal(json: utf8("1"))
        #expect(try Token(token).expiration == "")
        let result = try Unsealer(password: password).unseal(token, now: at(4_000_000_000_000_000))
        #expect(result.expiration == nil)
        #expect(result.isExpired == false)
    }

    @Test("expiration is now + ttl (plus the local time offset)")
    func expirationValue() throws {
        var options = SealOptions.default
        options.ttl = .milliseconds(1234)
        let token = try Sealer(password: password, options: options, clock: Fixture.clock).seal(json: utf8("1"))
        #expect(try Token(token).expiresAt?.millisecondsSince1970 == Fixture.now + 1234)
        options.clockOffset = .milliseconds(5000)
        let shifted = try Sealer(password: password, options: options, clock: Fixture.clock).seal(json: utf8("1"))
        #expect(try Token(shifted).expiresAt?.millisecondsSince1970 == Fixture.now + 6234)
    }

    @Test("the skew boundary is exact: expiration == now - skew*1000 is expired, a millisecond less is not", arguments: [0, 1, 60, 3600] as [Int64])
    func skewBoundary(_ skew: Int64) throws {
        var options = SealOptions.default
        options.ttl = .milliseconds(10_000)
        options.timestampSkew = .seconds(skew)
        let token = try Sealer(password: password, options: options, clock: Fixture.clock).seal(json: utf8(#"{"x":1}"#))
        let expiration = Fixture.now + 10_000
        let boundary = expiration + skew * 1000

        let atBoundary = try Unsealer(password: password, options: options, clock: FixedClock(millisecondsSince1970: boundary))
        let error = unsealError(atBoundary, token)
        #expect(error?.reason == "Expired seal")
        #expect(error?.kind == .expired)

        let justBefore = try Unsealer(password: password, options: options, clock: FixedClock(millisecondsSince1970: boundary - 1))
        let result = try justBefore.unseal(token)
        #expect(result.text == #"{"x":1}"#)
        #expect(result.expiration?.millisecondsSince1970 == expiration)
        #expect(result.isExpired == false)

        // The `now:` argument overrides the clock.
        #expect(unsealError(justBefore, token, now: boundary)?.kind == .expired)
        #expect(try atBoundary.unseal(token, now: at(boundary - 1)).text == #"{"x":1}"#)
    }

    @Test("the default skew is 60 seconds")
    func defaultSkew() throws {
        #expect(SealOptions.default.timestampSkew == .seconds(60))
        let token = try Sealer(password: password, options: makeOptions(.aes256CBC, ttl: 1), clock: Fixture.clock).seal(json: utf8("1"))
        let unsealer = try Unsealer(password: password)
        #expect(unsealError(unsealer, token, now: Fixture.now + 1 + 60_000)?.reason == "Expired seal")
        #expect(try unsealer.unseal(token, now: at(Fixture.now + 60_000)).text == "1")
    }

    @Test("the local time offset moves the unsealing clock too")
    func localtimeOffsetOnUnseal() throws {
        let token = try Sealer(password: password, options: makeOptions(.aes256CBC, ttl: 1000), clock: Fixture.clock).seal(json: utf8("1"))
        var options = SealOptions.default
        options.clockOffset = .milliseconds(-120_000)
        let behind = try Unsealer(password: password, options: options)
        // Without the offset this would be long expired.
        #expect(try behind.unseal(token, now: at(Fixture.now + 1000 + 60_000 + 119_999)).text == "1")
        #expect(unsealError(behind, token, now: Fixture.now + 1000 + 60_000 + 120_000)?.kind == .expired)
    }

    @Test("enforceExpiration: false unseals an expired token and sets isExpired; the HMAC is still checked")
    func unenforcedExpiration() throws {
        let token = try Sealer(password: password, options: makeOptions(.aes256CBC, ttl: 1000), clock: Fixture.clock).seal(json: utf8("[42]"))
        let unsealer = try Unsealer(password: password, clock: FixedClock(millisecondsSince1970: Fixture.now + 1_000_000))
        #expect(unsealError(unsealer, token)?.kind == .expired)
        let result = try unsealer.unseal(token, enforceExpiration: false)
        #expect(result.text == "[42]")
        #expect(result.isExpired)
        #expect(result.expiration == at(Fixture.now + 1000))

        let wrong = try Unsealer(password: Password(Fixture.otherPassword), clock: FixedClock(millisecondsSince1970: Fixture.now + 1_000_000))
        #expect(throws: IronError.badHMAC) { try wrong.unseal(token, enforceExpiration: false) }
        let invalid = try replacing(token, \.expiration, with: "12x")
        #expect(throws: IronError.invalidExpiration) { try unsealer.unseal(invalid, enforceExpiration: false) }
    }

    // MARK: iron-session and rotation

    @Test("iron-session options append ~2, give a single password id 1 and a 14-day ttl")
    func ironSessionOptions() throws {
        let sealer = try Sealer(password: password, options: .ironSession, clock: Fixture.clock)
        #expect(sealer.passwordId == "1")
        let token = try sealer.seal(json: utf8(#"{"user":{"id":230}}"#))
        #expect(token.hasSuffix("~2"))
        let fields = try Token(token)
        #expect(fields.passwordId == "1")
        #expect(fields.versionSuffix == "2")
        #expect(fields.expiresAt?.millisecondsSince1970 == Fixture.now + 1_209_600_000)

        let unsealer = try Unsealer(passwords: PasswordMap(["1": password]), options: .ironSession, clock: Fixture.clock)
        let result = try unsealer.unseal(token)
        #expect(result.text == #"{"user":{"id":230}}"#)
        #expect(result.versionSuffix == "2")
        #expect(result.passwordId == "1")
        #expect(result.ironSessionReadsPersistent == false)
        #expect(result.ironSessionData() == utf8(#"{"user":{"id":230}}"#))

        let withId = try Sealer(password: Password(Fixture.password, id: "7"), options: .ironSession, clock: Fixture.clock)
        #expect(try Token(withId.seal(json: utf8("{}"))).passwordId == "7")
    }

    @Test("a token without ~2 is legacy for iron-session: its data is the 'persistent' member")
    func legacySessionData() throws {
        let sealer = try Sealer(password: password, clock: Fixture.clock)
        let unsealer = try Unsealer(password: password)
        let legacy = try unsealer.unseal(sealer.seal(json: utf8(#"{"persistent":{"a":1},"b":2}"#)))
        #expect(legacy.ironSessionReadsPersistent)
        #expect(legacy.ironSessionData() == utf8(#"{"a":1}"#))
        let without = try unsealer.unseal(sealer.seal(json: utf8(#"{"b":2}"#)))
        #expect(without.ironSessionData() == utf8("{}"))
    }

    @Test("a rotation map seals with the highest numeric id (10 beats 2), and unseals by the token's id")
    func rotationMap() throws {
        let passwords = PasswordMap([
            "1": Password(Fixture.password),
            "2": Password(Fixture.otherPassword),
            "10": Password(Fixture.integrityPassword),
        ])
        let sealer = try Sealer(passwords: passwords, options: .ironSession, clock: Fixture.clock)
        #expect(sealer.passwordId == "10")
        let token = try sealer.seal(json: utf8("{}"))
        #expect(try Token(token).passwordId == "10")
        let unsealer = try Unsealer(passwords: passwords, options: .ironSession, clock: Fixture.clock)
        #expect(try unsealer.unseal(token).passwordId == "10")

        // Tokens of older ids still unseal with the same (caching) unsealer.
        let old = try Sealer(passwords: passwords, id: "2", options: .ironSession, clock: Fixture.clock).seal(json: utf8("[2]"))
        #expect(try Token(old).passwordId == "2")
        #expect(try unsealer.unseal(old).text == "[2]")
        #expect(try unsealer.unseal(token).text == "{}")

        var rotatedOut = passwords
        rotatedOut.remove(id: "10")
        let error = unsealError(try Unsealer(passwords: rotatedOut, options: .ironSession, clock: Fixture.clock), token)
        #expect(error?.reason == "Cannot find password: 10")
        #expect(error?.passwordId == "10")

        var replaced = passwords
        replaced.set(Password(Fixture.password), for: "10")
        #expect(unsealError(try Unsealer(passwords: replaced, options: .ironSession, clock: Fixture.clock), token)?.reason == "Bad hmac value")
    }

    @Test("one unsealer keeps each id's secrets apart, whatever the order of tokens")
    func cacheAcrossIds() throws {
        let pair = Password(id: nil, encryption: .init(Fixture.otherPassword), integrity: .init(Fixture.integrityPassword))
        let passwords = PasswordMap(["1": password, "2": pair, "default": Password(Fixture.integrityPassword)])
        func seal(_ secret: Password, id: String?, _ json: String) throws -> String {
            var secret = secret
            secret.id = id
            return try Sealer(password: secret, clock: Fixture.clock).seal(json: utf8(json))
        }
        let one = try seal(password, id: "1", "[1]")
        let two = try seal(pair, id: "2", "[2]")
        let anonymous = try seal(Password(Fixture.integrityPassword), id: nil, "[0]")
        // Sealed with id 1 but with id 2's secrets: must not open with a cached secret of id 2.
        let forged = try seal(pair, id: "1", "[9]")
        let unsealer = try Unsealer(passwords: passwords, clock: Fixture.clock)
        for _ in 0..<2 {
            #expect(try unsealer.unseal(two).text == "[2]")
            #expect(try unsealer.unseal(one).text == "[1]")
            #expect(unsealError(unsealer, forged)?.reason == "Bad hmac value")
            #expect(try unsealer.unseal(anonymous).text == "[0]")
            #expect(try unsealer.unseal(two).text == "[2]")
        }
    }

    @Test("an unsealer that failed to decrypt one token still decrypts the next")
    func recoversAfterDecryptionFailure() throws {
        let right = Password(id: nil, encryption: .init(Fixture.password), integrity: .init(Fixture.integrityPassword))
        let wrongEncryption = Password(id: nil, encryption: .init(Fixture.otherPassword), integrity: .init(Fixture.integrityPassword))
        let unsealer = try Unsealer(passwords: PasswordMap(["x": wrongEncryption, "y": right]), clock: Fixture.clock)
        var x = right
        x.id = "x"
        var y = right
        y.id = "y"
        for length in [3, 16, 40] {
            let json = utf8("\"" + String(repeating: "z", count: length) + "\"")
            let bad = try Sealer(password: x, clock: Fixture.clock).seal(json: json)
            let good = try Sealer(password: y, clock: Fixture.clock).seal(json: json)
            let kind = unsealError(unsealer, bad)?.kind
            #expect(kind == .decryptionFailed || kind == .payloadNotJSON)
            #expect(try unsealer.unseal(good).payload == json)
        }
    }

    @Test("a single password opens a token whatever id it names; a map looks an empty id up as 'default'")
    func singlePasswordIgnoresId() throws {
        let token = try Sealer(password: Password(Fixture.password, id: "whatever"), clock: Fixture.clock).seal(json: utf8("1"))
        #expect(try Unsealer(password: password).unseal(token).passwordId == "whatever")
        let anonymous = try Sealer(password: password, clock: Fixture.clock).seal(json: utf8("2"))
        #expect(try Unsealer(passwords: PasswordMap(["default": password])).unseal(anonymous).text == "2")
        #expect(unsealError(try Unsealer(passwords: PasswordMap(["1": password])), anonymous)?.reason == "Cannot find password: ")
    }

    @Test("Sealer(passwords:id:) with an unknown id, or no numeric id, throws passwordNotFound")
    func sealerUnknownId() throws {
        let passwords = PasswordMap(["1": password, "a": Password(Fixture.otherPassword)])
        let error = thrownError { try Sealer(passwords: passwords, id: "7") }
        #expect(error?.kind == .passwordNotFound)
        #expect(error?.reason == "Cannot find password: 7")
        #expect(error?.passwordId == "7")
        let named = PasswordMap(["a": password, "b": password])
        #expect(thrownError { _ = try Sealer(passwords: named) }?.kind == .passwordNotFound)
        #expect(try Sealer(passwords: named, id: "b").passwordId == "b")
    }

    @Test("invalid password ids are refused when sealing", arguments: ["a-b", "a b", "é", "a*b", "a.b", "k~2"])
    func invalidPasswordId(_ id: String) {
        let error = thrownError { try Sealer(password: Password(Fixture.password, id: id)) }
        #expect(error?.reason == "Invalid password id")
        #expect(error?.kind == .invalidPasswordId)
        // The id is checked before the password's length.
        #expect(thrownError { _ = try Sealer(password: Password("short", id: id)) }?.reason == "Invalid password id")
    }

    @Test("an empty id writes no id; word ids are written as given")
    func validPasswordIds() throws {
        #expect(try Sealer(password: Password(Fixture.password, id: "")).passwordId == "")
        let token = try Sealer(password: Password(Fixture.password, id: "Key_9"), clock: Fixture.clock).seal(json: utf8("1"))
        #expect(token.hasPrefix("Fe26.2*Key_9*"))
    }

    // MARK: Password forms

    @Test("a 32-byte raw key writes empty salts and round-trips")
    func rawKey() throws {
        let key = Password(key: (0..<32).map { UInt8($0) })
        let token = try Sealer(password: key, clock: Fixture.clock).seal(json: utf8(#"{"k":true}"#))
        let fields = try Token(token)
        #expect(fields.encryptionSalt == "")
        #expect(fields.integritySalt == "")
        #expect(fields.problems().isEmpty)
        #expect(try Unsealer(password: key).unseal(token).text == #"{"k":true}"#)
        #expect(unsealError(try Unsealer(password: Password(key: [UInt8](repeating: 1, count: 32))), token)?.reason == "Bad hmac value")
        #expect(unsealError(try Unsealer(password: password), token)?.reason == "Bad hmac value")
    }

    @Test("a 31-byte raw key is 'Key buffer (password) too small' when sealing and unsealing")
    func rawKeyTooSmall() throws {
        let short = Password(key: [UInt8](repeating: 3, count: 31))
        let error = thrownError { try Sealer(password: short) }
        #expect(error?.reason == "Key buffer (password) too small")
        #expect(error?.kind == .keyTooSmall)
        let token = try Sealer(password: Password(key: [UInt8](repeating: 3, count: 32)), clock: Fixture.clock).seal(json: utf8("1"))
        #expect(unsealError(try Unsealer(password: short), token)?.reason == "Key buffer (password) too small")
    }

    @Test("AES-128-CTR takes a 16-byte raw encryption key; a 32-byte one is refused")
    func rawKeyCTR() throws {
        let options = makeOptions(.aes128CTR)
        let pair = Password(id: nil, encryption: .key([UInt8](repeating: 5, count: 16)), integrity: .key([UInt8](repeating: 6, count: 32)))
        let token = try Sealer(password: pair, options: options, clock: Fixture.clock).seal(json: utf8("[1,2]"))
        #expect(try Token(token).encryptionSalt == "")
        #expect(try Unsealer(password: pair, options: options).unseal(token).text == "[1,2]")
        thrownError { try Sealer(password: Password(key: [UInt8](repeating: 5, count: 32)), options: options) }
    }

    @Test("separate encryption and integrity secrets")
    func separateSecrets() throws {
        let pair = Password(id: "p", encryption: .init(Fixture.password), integrity: .init(Fixture.integrityPassword))
        let token = try Sealer(password: pair, clock: Fixture.clock).seal(json: utf8(#"{"s":1}"#))
        #expect(try Unsealer(password: pair).unseal(token).text == #"{"s":1}"#)
        #expect(unsealError(try Unsealer(password: Password(Fixture.password)), token)?.reason == "Bad hmac value")
        let swapped = Password(id: "p", encryption: .init(Fixture.integrityPassword), integrity: .init(Fixture.password))
        #expect(unsealError(try Unsealer(password: swapped), token)?.reason == "Bad hmac value")
        // Only the integrity secret authenticates; a wrong encryption secret fails after the HMAC.
        let wrongEncryption = Password(id: "p", encryption: .init(Fixture.otherPassword), integrity: .init(Fixture.integrityPassword))
        let kind = unsealError(try Unsealer(password: wrongEncryption), token)?.kind
        #expect(kind == .decryptionFailed || kind == .payloadNotJSON)
    }

    @Test("iterations must match: a token sealed with 3 iterations does not open with 1")
    func iterationsMatter() throws {
        var options = SealOptions.default
        options.encryption.iterations = 3
        options.integrity.iterations = 3
        let token = try Sealer(password: password, options: options, clock: Fixture.clock).seal(json: utf8("1"))
        #expect(try Unsealer(password: password, options: options).unseal(token).text == "1")
        #expect(unsealError(try Unsealer(password: password), token)?.reason == "Bad hmac value")
    }

    @Test("a CTR token read as CBC fails at decryption, after the HMAC")
    func cipherMismatch() throws {
        let token = try Sealer(password: password, options: makeOptions(.aes128CTR), clock: Fixture.clock).seal(json: utf8(#""twenty characters!""#))
        #expect(unsealError(try Unsealer(password: password), token)?.kind == .decryptionFailed)
    }

    // MARK: Order of checks

    @Test("a token with 7 fields is 'Incorrect number of sealed components' even with a wrong prefix")
    func componentCountFirst() throws {
        let unsealer = try Unsealer(password: password)
        for token in ["Fe26.1*a*b*c*d*e*f", "", "Fe26.2", "x*x*x*x*x*x*x*x*x", "Fe26.2******~2", "Fe26.2*a*b*c~2*d*e*f*g"] {
            #expect(unsealError(unsealer, token)?.reason == "Incorrect number of sealed components", "\(token)")
        }
        let empty = try Unsealer(password: Password(""))
        #expect(unsealError(empty, "a*b")?.reason == "Incorrect number of sealed components")
    }

    @Test("prefix before expiration, expiration before password lookup")
    func prefixThenExpiration() throws {
        let token = try Sealer(password: Password(Fixture.password, id: "zz"), options: makeOptions(.aes256CBC, ttl: 1000), clock: Fixture.clock).seal(json: utf8("1"))
        let map = try Unsealer(passwords: PasswordMap(["1": password]), clock: Fixture.clock)
        let badBoth = try replacing(try replacing(token, \.prefix, with: "Fe26.1"), \.expiration, with: "x")
        #expect(unsealError(map, badBoth)?.reason == "Wrong mac prefix")
        #expect(unsealError(map, try replacing(token, \.expiration, with: "12x"))?.reason == "Invalid expiration")
        #expect(unsealError(map, try replacing(token, \.expiration, with: "-5"))?.reason == "Invalid expiration")
        #expect(unsealError(map, try replacing(token, \.expiration, with: "1"))?.reason == "Expired seal")
        #expect(unsealError(map, token)?.reason == "Cannot find password: zz")
    }

    @Test("an expired token with a wrong password says 'Expired seal'")
    func expiredBeforePassword() throws {
        let token = try Sealer(password: password, options: makeOptions(.aes256CBC, ttl: 1000), clock: Fixture.clock).seal(json: utf8("1"))
        let later = FixedClock(millisecondsSince1970: Fixture.now + 1_000_000)
        #expect(unsealError(try Unsealer(password: Password(Fixture.otherPassword), clock: later), token)?.reason == "Expired seal")
        #expect(unsealError(try Unsealer(password: Password("short"), clock: later), token)?.reason == "Expired seal")
    }

    @Test("a map lookup failure beats a short password; the short password is reported once found")
    func lookupBeforeLength() throws {
        let sealer2 = try Sealer(password: Password(Fixture.password, id: "2"), clock: Fixture.clock)
        let sealer1 = try Sealer(password: Password(Fixture.password, id: "1"), clock: Fixture.clock)
        let unsealer = try Unsealer(passwords: PasswordMap(["1": Password("short")]), clock: Fixture.clock)
        #expect(unsealError(unsealer, try sealer2.seal(json: utf8("1")))?.reason == "Cannot find password: 2")
        #expect(unsealError(unsealer, try sealer1.seal(json: utf8("1")))?.reason == "Password string too short (min 32 characters required)")
    }

    @Test("the integrity secret is checked before the HMAC, the encryption secret only after it")
    func integrityBeforeHMACEncryptionAfter() throws {
        let pair = Password(id: nil, encryption: .init(Fixture.password), integrity: .init(Fixture.integrityPassword))
        let token = try Sealer(password: pair, clock: Fixture.clock).seal(json: utf8("1"))
        let tampered = try replacing(token, \.integritySalt, with: "00")

        let emptyEncryption = try Unsealer(password: Password(id: nil, encryption: .init(""), integrity: .init(Fixture.integrityPassword)))
        #expect(unsealError(emptyEncryption, token)?.reason == "Empty password")
        #expect(unsealError(emptyEncryption, tampered)?.reason == "Bad hmac value")

        let shortIntegrity = try Unsealer(password: Password(id: nil, encryption: .init(Fixture.password), integrity: .init("short")))
        #expect(unsealError(shortIntegrity, tampered)?.reason == "Password string too short (min 32 characters required)")
    }

    // MARK: Password lengths

    @Test("the minimum length counts UTF-16 code units: 16 emoji are 32 units")
    func utf16Length() throws {
        let emoji = Password(String(repeating: "😀", count: 16))
        let token = try Sealer(password: emoji, clock: Fixture.clock).seal(json: utf8("1"))
        #expect(try Unsealer(password: emoji).unseal(token).text == "1")
        // 16 characters of 2 UTF-16 units each (a letter and a combining accent) are also 32.
        _ = try Sealer(password: Password(String(repeating: "e\u{301}", count: 16)))

        let thirtyOne = Password(String(repeating: "😀", count: 15) + "a") // 31 units, 61 UTF-8 bytes
        let error = thrownError { try Sealer(password: thirtyOne) }
        #expect(error?.reason == "Password string too short (min 32 characters required)")
        #expect(error?.kind == .passwordTooShort)
        #expect(unsealError(try Unsealer(password: thirtyOne), token)?.reason == "Password string too short (min 32 characters required)")
    }

    @Test("the minimum length is configurable and named in the message")
    func customMinimumLength() throws {
        var options = SealOptions.default
        options.encryption.minimumPasswordLength = 41
        #expect(thrownError { _ = try Sealer(password: password, options: options) }?.reason
            == "Password string too short (min 41 characters required)")
        options.encryption.minimumPasswordLength = 40
        options.integrity.minimumPasswordLength = 4
        _ = try Sealer(password: password, options: options)
        let shortOptions: SealOptions = {
            var o = SealOptions.default
            o.encryption.minimumPasswordLength = 4
            o.integrity.minimumPasswordLength = 4
            return o
        }()
        let token = try Sealer(password: Password("four"), options: shortOptions, clock: Fixture.clock).seal(json: utf8("1"))
        #expect(try Unsealer(password: Password("four"), options: shortOptions).unseal(token).text == "1")
    }

    @Test("an empty password is 'Empty password', even with a minimum length of 0")
    func emptyPassword() throws {
        #expect(thrownError { _ = try Sealer(password: Password("")) }?.reason == "Empty password")
        var options = SealOptions.default
        options.encryption.minimumPasswordLength = 0
        options.integrity.minimumPasswordLength = 0
        #expect(thrownError { _ = try Sealer(password: Password(""), options: options) }?.kind == .emptyPassword)
        let emptyIntegrity = Password(id: nil, encryption: .init(Fixture.password), integrity: .init(""))
        #expect(thrownError { _ = try Sealer(password: emptyIntegrity) }?.reason == "Empty password")
        let token = try Sealer(password: password, clock: Fixture.clock).seal(json: utf8("1"))
        #expect(unsealError(try Unsealer(password: Password("")), token)?.reason == "Empty password")
    }

    // MARK: Payloads

    @Test("a __proto__ key is refused by plain iron and accepted with the ~2 suffix")
    func prototypeKey() throws {
        let json = utf8(#"{"a":1,"__proto__":{"admin":true}}"#)
        let plain = try Sealer(password: password, clock: Fixture.clock).seal(json: json)
        let error = unsealError(try Unsealer(password: password), plain)
        #expect(error?.kind == .payloadNotJSON)
        #expect(error?.reason.hasPrefix("Failed parsing sealed object JSON") == true)

        let session = try Sealer(password: password, options: .ironSession, clock: Fixture.clock).seal(json: json)
        let unsealer = try Unsealer(password: password, options: .ironSession, clock: Fixture.clock)
        #expect(try unsealer.unseal(session).payload == json)
        // The suffix is not covered by the HMAC: without it the same token is plain iron's.
        let stripped = String(session.dropLast(2))
        #expect(unsealError(unsealer, stripped)?.kind == .payloadNotJSON)
        // The escaped spelling is caught too.
        let escaped = try Sealer(password: password, clock: Fixture.clock).seal(json: utf8(#"{"\u005f_proto__":1}"#))
        #expect(unsealError(try Unsealer(password: password), escaped)?.kind == .payloadNotJSON)
        // As a value it is harmless.
        let value = try Sealer(password: password, clock: Fixture.clock).seal(json: utf8(#"{"a":"__proto__"}"#))
        #expect(try Unsealer(password: password).unseal(value).text == #"{"a":"__proto__"}"#)
    }

    @Test("a payload that is not JSON gives payloadNotJSON", arguments: ["{asdasd", "", "[1,]", "{\"a\":1} x", "'a'"])
    func payloadNotJSON(_ plaintext: String) throws {
        let token = try sealRaw(try Sealer(password: password, clock: Fixture.clock), utf8(plaintext))
        let error = unsealError(try Unsealer(password: password), token)
        #expect(error?.kind == .payloadNotJSON)
        #expect(error?.reason.hasPrefix("Failed parsing sealed object JSON: ") == true)
        #expect(error?.json != nil)
    }

    static let invalidUTF8Payloads: [([UInt8], String)] = [
        (utf8(#""a"#) + [0xFF] + utf8(#"b""#), "\"a\u{FFFD}b\""),
        (utf8(#"[""#) + [0xED, 0xA0, 0x80] + utf8(#""]"#), "[\"\u{FFFD}\u{FFFD}\u{FFFD}\"]"),
        (utf8(#"{"k":""#) + [0xE2, 0x82] + utf8(#""}"#), "{\"k\":\"\u{FFFD}\"}"),
        (utf8("\"") + [0xF0, 0x9F, 0x98] + utf8(#"x""#), "\"\u{FFFD}x\""),
        (utf8("\"") + [0xC0, 0xAF] + utf8("\""), "\"\u{FFFD}\u{FFFD}\""),
        (utf8(#"{""#) + [0x80] + utf8(#"":1}"#), "{\"\u{FFFD}\":1}"),
    ]

    @Test("invalid UTF-8 inside a string unseals with U+FFFD, as JavaScript decodes it", arguments: invalidUTF8Payloads)
    func invalidUTF8Payload(_ plaintext: [UInt8], _ expected: String) throws {
        let token = try sealRaw(try Sealer(password: password, clock: Fixture.clock), plaintext)
        let result = try Unsealer(password: password).unseal(token)
        #expect(result.payload == utf8(expected))
        #expect(result.text == expected)
    }

    @Test("invalid UTF-8 outside a string is not JSON")
    func invalidUTF8OutsideString() throws {
        let token = try sealRaw(try Sealer(password: password, clock: Fixture.clock), [0x5B, 0xFF, 0x5D])
        #expect(unsealError(try Unsealer(password: password), token)?.kind == .payloadNotJSON)
    }

    @Test("the unsealer's JSON limits apply to payloads")
    func unsealLimits() throws {
        let token = try Sealer(password: password, clock: Fixture.clock).seal(json: utf8("[[[1]]]"))
        let unsealer = try Unsealer(password: password, limits: JSONLimits(maximumDepth: 2, maximumBytes: 100))
        #expect(unsealError(unsealer, token)?.kind == .payloadNotJSON)
        #expect(try Unsealer(password: password, limits: .unlimited).unseal(token).text == "[[[1]]]")
    }

    // MARK: Options

    @Test("invalid options are refused by both sides")
    func invalidOptions() throws {
        var cases: [SealOptions] = []
        var o = SealOptions.default
        o.encryption.saltBits = 0; cases.append(o)
        o = .default; o.integrity.saltBits = 65_537; cases.append(o)
        o = .default; o.encryption.iterations = 0; cases.append(o)
        o = .default; o.integrity.minimumPasswordLength = -1; cases.append(o)
        o = .default; o.ttl = .milliseconds(-1); cases.append(o)
        o = .default; o.timestampSkew = .seconds(-1); cases.append(o)
        o = .default; o.versionSuffix = 10; cases.append(o)
        for options in cases {
            #expect(thrownError { _ = try Sealer(password: password, options: options) }?.kind == .invalidOptions)
            #expect(thrownError { _ = try Unsealer(password: password, options: options) }?.kind == .invalidOptions)
        }
        #expect(throws: Never.self) { try SealOptions.default.validate() }
        #expect(throws: Never.self) { try SealOptions.ironSession.validate() }
    }
}
