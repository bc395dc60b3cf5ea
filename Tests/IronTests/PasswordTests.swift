import Testing
import IronTestSupport
@testable import Iron

private let p1 = "password-number-one-is-long-enough-1111"
private let p2 = "password-number-two-is-long-enough-2222"

private func map(_ json: String) throws -> PasswordMap {
    try PasswordMap(json: utf8(json))
}

/// The reason a seal/unseal step gave, or `nil` if it succeeded.
private func reason(_ body: () throws -> Void) -> String? {
    caughtError(IronError.self, body)?.reason
}

@Suite("Passwords and rotation maps")
struct PasswordTests {
    // MARK: PasswordMap(json:)

    @Test("an object of id to password string; ids are normalised and ordered numerically")
    func objectOfStrings() throws {
        let passwords = try map(#"{"2":"\#(p2)","1":"\#(p1)"}"#)
        #expect(passwords.ids == ["1", "2"])
        #expect(passwords["1"] == Password(p1, id: "1"))
        #expect(passwords["2"] == Password(p2, id: "2"))
        #expect(passwords["2"]?.id == "2")
        #expect(passwords["3"] == nil)
        #expect(passwords.newestId == "2")
    }

    @Test("values {\"secret\": ...} and {\"encryption\": ..., \"integrity\": ...}")
    func objectValues() throws {
        let passwords = try map(#"{"a":{"secret":"\#(p1)"},"b":{"encryption":"\#(p1)","integrity":"\#(p2)"}}"#)
        #expect(passwords["a"] == Password(p1, id: "a"))
        let b = try #require(passwords["b"])
        #expect(b.id == "b")
        #expect(b.encryption == Password.Secret(p1))
        #expect(b.integrity == Password.Secret(p2))
        #expect(b.encryption != b.integrity)
    }

    @Test("iron-session's array [{\"id\": 2, \"password\": ...}], ids numbers or strings")
    func ironSessionArray() throws {
        let passwords = try map(#"[{"id":2,"password":"\#(p2)"},{"id":"k","password":"\#(p1)"},{"id":1,"password":{"secret":"\#(p1)"}}]"#)
        #expect(passwords.ids == ["1", "2", "k"])
        #expect(passwords["2"] == Password(p2, id: "2"))
        #expect(passwords["k"] == Password(p1, id: "k"))
        #expect(passwords["1"] == Password(p1, id: "1"))
        #expect(passwords.newestId == "2")
    }

    @Test("malformed maps are refused with kind invalidPasswordMap", arguments: [
        "{", "not json", "5", "\"\(p1)\"", "null", "true", "{}", "[]", "[5]", #"{"1":5}"#, #"{"1":null}"#, #"{"1":["x"]}"#,
        #"{"1":"\#(p1)","1":"\#(p2)"}"#, #"[{"password":"\#(p1)"}]"#, #"[{"id":1}]"#, #"[{"id":1.5,"password":"\#(p1)"}]"#,
        #"[{"id":-1,"password":"\#(p1)"}]"#, #"[{"id":true,"password":"\#(p1)"}]"#, #"[{"id":"","password":"\#(p1)"}]"#,
        #"{"":"\#(p1)"}"#, #"{"1":{"other":"x"}}"#,
        #"{"1":{"secret":5}}"#, #"{"1":{"encryption":"\#(p1)","integrity":7}}"#,
    ])
    func malformedMaps(_ json: String) {
        let error = thrownError { try map(json) }
        #expect(error?.kind == .invalidPasswordMap)
    }

    @Test("an invalid-JSON map carries the JSON reader's position")
    func malformedMapPosition() throws {
        let error = thrownError { try map("{\n \"1\": x}") }
        #expect(error?.json?.line == 2)
        #expect(error?.json?.column == 7)
    }

    @Test("an empty password string is left out, so lookups say 'Cannot find password: ID'")
    func emptyStringIsMissing() throws {
        let passwords = try map(#"{"1":"","2":"\#(p2)"}"#)
        #expect(passwords["1"] == nil)
        #expect(passwords.ids == ["2"])
        let error = thrownError { try passwords.password(forTokenId: "1") }
        #expect(error?.kind == .passwordNotFound)
        #expect(error?.reason == "Cannot find password: 1")
        #expect(error?.passwordId == "1")

        // Unsealing a token that names id 1.
        let token = try Sealer(password: Password(p1, id: "1"), clock: Fixture.clock).seal(json: utf8("{}"))
        let unsealer = try Unsealer(passwords: passwords, clock: Fixture.clock)
        #expect(reason { _ = try unsealer.unseal(token) } == "Cannot find password: 1")
    }

    @Test("{\"secret\": \"\"} is kept and fails as 'Empty password' when used")
    func emptySecretIsKept() throws {
        let passwords = try map(#"{"1":{"secret":""},"2":"\#(p2)"}"#)
        let one = try #require(passwords["1"])
        #expect(one.encryption.isEmpty && one.integrity.isEmpty)
        let token = try Sealer(password: Password(p1, id: "1"), clock: Fixture.clock).seal(json: utf8("{}"))
        let unsealer = try Unsealer(passwords: passwords, clock: Fixture.clock)
        let error = thrownError { try unsealer.unseal(token) }
        #expect(error?.reason == "Empty password")
        #expect(error?.kind == .emptyPassword)
    }

    // MARK: Ids

    @Test("newestId is the highest numeric id; non-numeric and leading-zero ids are not numbers", arguments: [
        (["1", "2", "10"], "10" as String?),
        (["a", "b", "default"], nil),
        (["007", "3"], "3"),
        (["010", "9", "abc"], "9"),
        (["0"], "0"),
        (["00", "01"], nil),
        (["18446744073709551615", "5"], "18446744073709551615"),
        (["18446744073709551616", "5"], "5"),
        (["-1", "1.5", "2"], "2"),
    ])
    func newestId(_ ids: [String], _ expected: String?) {
        let passwords = PasswordMap(Dictionary(uniqueKeysWithValues: ids.map { ($0, Password(p1)) }))
        #expect(passwords.newestId == expected)
    }

    @Test("ids lists numeric ids in increasing order, then the others sorted")
    func idsOrder() {
        let passwords = PasswordMap(Dictionary(uniqueKeysWithValues: ["b", "10", "2", "a", "010", "default"].map { ($0, Password(p1)) }))
        #expect(passwords.ids == ["2", "10", "010", "a", "b", "default"])
        #expect(PasswordMap.numericValue("42") == 42)
        #expect(PasswordMap.numericValue("042") == nil)
        #expect(PasswordMap.numericValue("") == nil)
        #expect(PasswordMap.numericValue("4 2") == nil)
    }

    @Test("password(forTokenId: \"\") looks up \"default\"")
    func defaultLookup() throws {
        let passwords = PasswordMap(["default": Password(p1), "1": Password(p2)])
        #expect(try passwords.password(forTokenId: "") == Password(p1, id: "default"))
        #expect(try passwords.password(forTokenId: "1") == Password(p2, id: "1"))
        let withoutDefault = PasswordMap(["1": Password(p2)])
        let error = thrownError { try withoutDefault.password(forTokenId: "") }
        #expect(error?.reason == "Cannot find password: ")
        #expect(error?.passwordId == "")
        thrownError { try passwords.password(forTokenId: "default2") }
    }

    @Test("the map's keys are the passwords' ids; set and remove")
    func mapEditing() {
        var passwords = PasswordMap(["k": Password(p1, id: "other")])
        #expect(passwords["k"]?.id == "k")
        passwords.set(Password(p2, id: "zzz"), for: "7")
        #expect(passwords["7"] == Password(p2, id: "7"))
        #expect(passwords.newestId == "7")
        passwords.remove(id: "7")
        #expect(passwords["7"] == nil)
        #expect(passwords.newestId == nil)
    }

    @Test("isValidId is ^\\w+$ in ASCII", arguments: [
        ("a", true), ("a_B9", true), ("_", true), ("0", true), ("", false), ("a-b", false), ("a b", false),
        ("é", false), ("a*b", false), ("a~", false), ("a.b", false), ("a\n", false),
    ])
    func idValidation(_ id: String, _ valid: Bool) {
        #expect(Password.isValidId(id) == valid)
    }

    // MARK: Secrets

    @Test("descriptions never show the secret")
    func descriptionsHideSecrets() throws {
        let secret = "TOP-SECRET-do-not-print-this-anywhere-0123"
        let integrity = "ANOTHER-SECRET-never-print-this-either-456"
        let single = Password(secret, id: "k1")
        let separate = Password(id: "k2", encryption: .init(secret), integrity: .init(integrity))
        let key = Password(key: Array(secret.utf8))
        let passwords = PasswordMap(["k1": single, "k2": separate])
        let texts = [
            single.description, separate.description, key.description, passwords.description,
            "\(single)", String(describing: separate), String(reflecting: single), String(reflecting: separate),
            single.encryption.description, single.encryption.debugDescription, String(reflecting: single.encryption),
            "\(key.encryption)", String(describing: [single]), String(describing: passwords),
        ]
        for text in texts {
            #expect(!text.contains(secret), "\(text)")
            #expect(!text.contains(integrity), "\(text)")
            #expect(!text.contains("TOP-SECRET"), "\(text)")
        }
        #expect(single.encryption.description == "secret(42 characters)")
        #expect(key.encryption.description == "key(42 bytes)")
        #expect(single.description.contains("k1"))
        #expect(separate.description.contains("encryption") && separate.description.contains("integrity"))
    }

    @Test("Secret(utf8:) turns invalid UTF-8 into U+FFFD, as Node reading a file does")
    func secretFromInvalidUTF8() {
        let secret = Password.Secret(utf8: utf8("abc") + [0xFF] + utf8("def") + [0xED, 0xA0, 0x80])
        #expect(secret == Password.Secret("abc\u{FFFD}def\u{FFFD}\u{FFFD}\u{FFFD}"))
        #expect(secret.length == 10)
        #expect(secret.byteCount == 18)
        let valid = Password.Secret(utf8: utf8("é😀"))
        #expect(valid == Password.Secret("é😀"))
        #expect(valid.length == 3)
        #expect(valid.byteCount == 6)
    }

    @Test("a secret's length is in UTF-16 code units, its byteCount in UTF-8")
    func secretLengths() {
        let emoji = Password.Secret(String(repeating: "😀", count: 16))
        #expect(emoji.length == 32)
        #expect(emoji.byteCount == 64)
        #expect(Password.Secret("é").length == 1)
        #expect(Password.Secret("é").byteCount == 2)
        #expect(Password.Secret("").isEmpty)
        #expect(!Password.Secret("x").isRawKey)
        let key = Password.Secret.key([UInt8](repeating: 1, count: 32))
        #expect(key.isRawKey && key.length == 32 && key.byteCount == 32)
    }

    @Test("secret equality compares kind and bytes")
    func secretEquality() {
        #expect(Password.Secret("abc") == Password.Secret("abc"))
        #expect(Password.Secret("abc") != Password.Secret("abd"))
        #expect(Password.Secret("abc") != Password.Secret("abcd"))
        #expect(Password.Secret("abc") != Password.Secret.key(utf8("abc")))
        #expect(Password.Secret.key([1, 2]) == Password.Secret.key([1, 2]))
        #expect(Password(p1, id: "1") != Password(p1, id: "2"))
        #expect(Password(p1) == Password(id: nil, encryption: .init(p1), integrity: .init(p1)))
    }

    @Test("PasswordMap.json() round-trips through PasswordMap(json:), compact and pretty")
    func jsonRoundTrip() throws {
        let tricky = "quote\" backslash\\ newline\n tab\t ctrl\u{1} é 😀 / and long enough"
        let original = PasswordMap([
            "1": Password(p1),
            "10": Password(p2),
            "2": Password(id: nil, encryption: .init(p1), integrity: .init(p2)),
            "default": Password(tricky),
        ])
        for pretty in [true, false] {
            let json = original.json(pretty: pretty)
            let read = try PasswordMap(json: json)
            #expect(read == original)
            #expect(read.ids == ["1", "2", "10", "default"])
        }
        let compactText = String(decoding: original.json(pretty: false), as: UTF8.self)
        #expect(compactText.hasPrefix(#"{"1":"\#(p1)","2":{"encryption":"\#(p1)","integrity":"\#(p2)"},"10":"#))
    }

    @Test("an id that appears twice is refused even when its first value is the empty string")
    func duplicateAfterEmptyValue() throws {
        // {"1":"P","1":""} is refused as "appears twice"; the mirror image must be refused too.
        #expect(thrownError { _ = try map(#"{"1":"\#(p1)","1":""}"#) }?.kind == .invalidPasswordMap)
        #expect(thrownError { _ = try map(#"{"1":"","1":"\#(p1)"}"#) }?.kind == .invalidPasswordMap)
        #expect(thrownError { _ = try map(#"[{"id":1,"password":""},{"id":1,"password":"\#(p1)"}]"#) }?.kind == .invalidPasswordMap)
    }

    @Test("PasswordMap.json() round-trips an entry whose secret is empty ({\"secret\": \"\"})")
    func jsonRoundTripEmptySecret() throws {
        let original = try map(#"{"1":{"secret":""},"2":"\#(p2)"}"#)
        #expect(original.ids == ["1", "2"])
        let read = try PasswordMap(json: original.json(pretty: false))
        #expect(read == original)
        #expect(read.ids == ["1", "2"])
    }

    @Test("PasswordMap.json() leaves raw keys out")
    func jsonLeavesOutRawKeys() throws {
        let passwords = PasswordMap(["1": Password(p1), "2": Password(key: [UInt8](repeating: 7, count: 32))])
        let read = try PasswordMap(json: passwords.json())
        #expect(read.ids == ["1"])
    }
}

@Suite("Secrets in reflection")
struct SecretReflectionTests {
    @Test("dump of a password never shows its secret's bytes or text")
    func dumpHidesSecret() {
        let secret = "public-password-for-dump-0123456789"
        var text = ""
        dump(Password(secret, id: "1"), to: &text)
        dump(PasswordMap(["1": Password(secret)]), to: &text)
        #expect(!text.contains(secret))
        #expect(!text.contains(String(Array(secret.utf8)[0])))
        #expect(text.contains("secret(35 characters)"))
    }
}
