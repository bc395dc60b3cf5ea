import Testing
import IronTestSupport
@testable import Iron

/// The edges where the library once gave another verdict than @hapi/iron or iron-session
/// (issue 9). Tokens are built field by field so that each test states exactly what differs.
@Suite("Parity with the JavaScript libraries at the edges")
struct LibraryParityTests {
    let password = Fixture.password
    let now = Fixture.now

    func unsealer(_ passwords: PasswordSet? = nil, expiryCheck: Unsealer.ExpiryCheck = .hapiOrder) throws -> Unsealer {
        try Unsealer(passwords ?? .single(Password(password)), options: .default, clock: Fixture.clock, expiryCheck: expiryCheck)
    }

    func token(_ plaintext: String = #"{"a":1}"#, _ change: (inout FieldToken) -> Void = { _ in }) throws -> String {
        var fields = FieldToken(password: password, plaintext: plaintext)
        change(&fields)
        return try fields.build()
    }

    // MARK: 2. Empty salts

    @Test("an empty integrity salt never verifies: Bad hmac value, as @hapi/iron draws a random salt")
    func emptyIntegritySalt() throws {
        let sealed = try token { $0.integritySalt = "" }
        #expect(thrownError { _ = try unsealer().unseal(sealed) }?.kind == .badHMAC)
    }

    @Test("an empty encryption salt never decrypts")
    func emptyEncryptionSalt() throws {
        let sealed = try token { $0.encryptionSalt = "" }
        #expect(thrownError { _ = try unsealer().unseal(sealed) }?.kind == .decryptionFailed)
    }

    @Test("the sealer refuses to write an empty salt")
    func sealerRefusesEmptySalts() throws {
        let sealer = try Sealer(password: Password(password), clock: Fixture.clock)
        for parameters in [SealParameters(insecure: .init(encryptionSalt: "")), SealParameters(insecure: .init(integritySalt: ""))] {
            #expect(thrownError { _ = try sealer.seal(json: utf8("{}"), parameters: parameters) }?.kind == .invalidOptions)
        }
    }

    @Test("a raw key still seals and opens with empty salts, as a Node Buffer password does")
    func rawKeyEmptySalts() throws {
        let key = Password(key: Array(repeating: 7, count: 32))
        let sealed = try Sealer(password: key, clock: Fixture.clock).seal(json: utf8(#"{"k":1}"#))
        #expect(try Unsealer(password: key, clock: Fixture.clock).unseal(sealed).text == #"{"k":1}"#)
    }

    // MARK: 7. Expired means authentic

    @Test("a forged token with a past expiration: Expired seal in @hapi/iron's order, Bad hmac value when verifying first")
    func forgedExpired() throws {
        let forged = try token { $0.expiration = String(now - 3_600_000); $0.integrityPassword = Fixture.otherPassword }
        #expect(thrownError { _ = try unsealer().unseal(forged) }?.kind == .expired)
        #expect(thrownError { _ = try unsealer(expiryCheck: .verifyFirst).unseal(forged) }?.kind == .badHMAC)
        let authentic = try token { $0.expiration = String(now - 3_600_000) }
        #expect(thrownError { _ = try unsealer(expiryCheck: .verifyFirst).unseal(authentic) }?.kind == .expired)
        #expect(thrownError { _ = try unsealer(expiryCheck: .verifyFirst).unseal(authentic) }?.reason == "Expired seal")
    }

    // MARK: 8. Password maps as the JavaScript libraries read them

    @Test("secret ?? encryption: an empty secret is an empty password; a null secret falls back")
    func secretNullishCoalescing() throws {
        let other = Fixture.otherPassword
        let empty = try PasswordMap(json: utf8(#"{"1":{"secret":"","encryption":"\#(other)","integrity":"\#(other)"}}"#))
        #expect(thrownError { _ = try Sealer(passwords: empty) }?.kind == .emptyPassword)
        let null = try PasswordMap(json: utf8(#"{"1":{"secret":null,"encryption":"\#(other)","integrity":"\#(other)"}}"#))
        #expect(null["1"]?.encryption == Password.Secret(other))
        #expect(null["1"]?.integrity == Password.Secret(other))
    }

    @Test("the array form is iron-store's: the first entry seals, the first of a duplicate id wins")
    func ironStoreArray() throws {
        let a = password, b = Fixture.otherPassword
        let map = try PasswordMap(json: utf8(#"[{"id":2,"password":"\#(a)"},{"id":3,"password":"\#(b)"}]"#))
        #expect(map.sealingId == "2")
        #expect(try Sealer(passwords: map).passwordId == "2")
        let duplicate = try PasswordMap(json: utf8(#"[{"id":1,"password":"\#(a)"},{"id":1,"password":"\#(b)"}]"#))
        #expect(duplicate["1"]?.encryption == Password.Secret(a))
        // Written back, a list stays a list in its order (a new password goes first, to seal).
        #expect(try PasswordMap(json: map.json()) == map)
        #expect(String(decoding: map.json(pretty: false), as: UTF8.self).hasPrefix(#"[{"id":2,"password":"#))
        var rotated = map
        rotated.set(Password(Fixture.integrityPassword), for: "4")
        #expect(rotated.sealingId == "4")
        #expect(try PasswordMap(json: rotated.json()).sealingId == "4")
        // An object map still seals with its highest numeric id (iron-session's rule).
        let object = try PasswordMap(json: utf8(#"{"2":"\#(a)","3":"\#(b)"}"#))
        #expect(object.sealingId == "3")
    }

    @Test("one password object is one password with its id, not a map of the ids id and secret")
    func passwordObject() throws {
        let set = try PasswordSet(text: utf8(#"{"id":"k1","secret":"\#(password)"}"#))
        guard case .single(let single) = set else { Issue.record("read as \(set)"); return }
        #expect(single.id == "k1")
        let split = try PasswordSet(text: utf8(#"{"id":"k2","encryption":"\#(password)","integrity":"\#(Fixture.otherPassword)"}"#))
        guard case .single(let pair) = split else { Issue.record("read as \(split)"); return }
        #expect(pair.id == "k2" && pair.integrity == Password.Secret(Fixture.otherPassword))
        let sealed = try Sealer(password: single, clock: Fixture.clock).seal(json: utf8("{}"))
        #expect(try Token(sealed).passwordId == "k1")
        #expect(try unsealer(set).unseal(sealed).text == "{}")
    }

    @Test("a single password is {1: password} for an iron-session token, any id for a plain one")
    func singlePasswordSessionRule() throws {
        let session = try token { $0.id = "2"; $0.suffix = "2" }
        #expect(thrownError { _ = try unsealer().unseal(session) }?.kind == .passwordNotFound)
        let sessionOne = try token { $0.id = "1"; $0.suffix = "2" }
        #expect(try unsealer().unseal(sessionOne).text == #"{"a":1}"#)
        let plain = try token { $0.id = "2" }
        #expect(try unsealer().unseal(plain).text == #"{"a":1}"#)
    }

    // MARK: 9. Version suffixes as parseInt reads them

    @Test("version suffixes: parseInt's reading", arguments: [
        ("0000000000000000002", 2), ("2", 2), (" 2", 2), ("\u{A0}\u{FEFF}2", 2), ("+2", 2), ("2.5", 2), ("2abc", 2),
        ("-2", -2), ("00", 0),
    ] as [(String, Int)])
    func version(_ suffix: String, _ expected: Int) {
        #expect(Token.ironSessionVersion(suffix) == expected)
    }

    @Test("version suffixes parseInt reads as NaN are no version", arguments: ["", "abc", "\u{85}2", "-", " ", "x2"])
    func noVersion(_ suffix: String) {
        #expect(Token.ironSessionVersion(suffix) == nil)
    }

    @Test("any ~ suffix means iron-session's reading: __proto__ is accepted")
    func prototypeUnderAnySuffix() throws {
        for suffix in ["2", "abc", "1", "0000000000000000002"] {
            let sealed = try token(#"{"__proto__":{"x":1}}"#) { $0.id = "1"; $0.suffix = suffix }
            #expect(try unsealer().unseal(sealed).text == #"{"__proto__":{"x":1}}"#)
        }
        let padded = try token(#"{"user":1}"#) { $0.id = "1"; $0.suffix = "0000000000000000002" }
        #expect(try unsealer().unseal(padded).ironSessionData() == utf8(#"{"user":1}"#))
    }

    // MARK: 10. __proto__ judged on the parsed value

    @Test("__proto__ as Bourne judges it, on the parsed value", arguments: [
        (#"{"a":{"__proto__":{"x":1}},"a":1}"#, true),
        (#"{"a":[{"__proto__":1}],"a":[]}"#, true),
        (#"{"a":1,"a":{"__proto__":{"x":1}}}"#, false),
        (#"{"__proto__":1,"__proto__":2}"#, false),
        (#"{"a":{"b":{"__proto__":1},"b":2},"c":[{"\u005f_proto__":0}]}"#, false),
        (#"{"a":{"b":{"__proto__":1},"b":2}}"#, true),
        (#"[{"x":{"__proto__":null}}]"#, false),
        (#"{"x":"__proto__","__proto":1}"#, true),
    ] as [(String, Bool)])
    func prototype(_ payload: String, _ opens: Bool) throws {
        let sealed = try token(payload)
        if opens {
            #expect(try unsealer().unseal(sealed).text == payload)
        } else {
            #expect(thrownError { _ = try unsealer().unseal(sealed) }?.reason == "Failed parsing sealed object JSON: Object contains forbidden prototype property")
        }
    }
}
