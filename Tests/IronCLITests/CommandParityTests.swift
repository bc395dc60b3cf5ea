import Foundation
import Testing
import Iron
import IronTestSupport
@testable import IronCLI

/// The command line's side of issue 9: the same verdict as the JavaScript libraries at every
/// edge, and no input that kills the process.
@Suite("Parity at the edges, through the command")
struct CommandParityTests {
    let password = PasswordFixture()

    func fields(_ plaintext: String = #"{"a":1}"#, _ change: (inout FieldToken) -> Void = { _ in }) throws -> String {
        var fields = FieldToken(password: testPassword, plaintext: plaintext)
        change(&fields)
        return try fields.build()
    }

    // MARK: 1. Time values never crash

    @Test("--now reads any number of fractional digits and keeps milliseconds, as Date.parse does")
    func fractionalDigits() throws {
        let now = "2026-11-29T12:00:00.1234Z"
        #expect(TimeText.parseTime(now) == 1_795_953_600_123)
        #expect(TimeText.parseTime("2026-11-29T12:00:00.987654321987654321Z") == 1_795_953_600_987)
        #expect(TimeText.parseTime("2026-11-29T12:00:00.5Z") == 1_795_953_600_500)
        let sealed = iron(["seal", "--format", "iron", "--ttl", "1h", "--now", now] + password.arguments, stdin: utf8(#"{"a":1}"#))
        #expect(sealed.status == 0, "\(sealed.stderr)")
        let token = try Token(sealed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(token.expiration == "1795957200123")
        #expect(iron(["unseal", "--now", now] + password.arguments, stdin: sealed.stdoutBytes).status == 0)
        #expect(iron(["inspect", "--now", now], stdin: sealed.stdoutBytes).status == 0)
    }

    @Test("extreme times and expirations are reported, never trapped on", arguments: [
        ["--now", "0000-01-01T00:00:00Z"], ["--now", "9999-12-31T23:59:59.999Z"], ["--now", "999999999999999999"],
        ["--now", "0000-01-01T00:00:00.000000000000000000000001+23:59"],
    ])
    func extremes(_ now: [String]) throws {
        let huge = try fields { $0.expiration = "9223372036854775807" }
        let enormous = try fields { $0.expiration = "99999999999999999999999" }
        for token in [huge, enormous] {
            #expect(iron(["inspect"] + now, stdin: utf8(token)).status == 0)
            #expect(iron(["inspect", "--json"] + now, stdin: utf8(token)).status == 0)
            #expect([0, 2].contains(iron(["unseal"] + now + password.arguments, stdin: utf8(token)).status))
        }
        for ttl in ["9223372036854775807ms", "106751991167w", "999999999999999999"] {
            let result = iron(["seal", "--ttl", ttl] + now + password.arguments, stdin: utf8("{}"))
            #expect([0, 64].contains(result.status), "\(result.stderr)")
        }
    }

    // MARK: 3. The reader's rule

    @Test("bytes that could continue a token make it altered: exit 1, the library's message, nothing on stdout", arguments: [
        ("{t}=", "bad hmac value"), ("{t}==", "bad hmac value"), ("{t}+", "bad hmac value"), ("{t}/", "bad hmac value"),
        ("{t}%3D", "bad hmac value"), ("{t}%3d%3D", "bad hmac value"), ("{t}.abc", "bad hmac value"),
        ("x{t}", "wrong mac prefix"), ("7{t}", "wrong mac prefix"), ("+{t}", "wrong mac prefix"), ("%2B{t}", "wrong mac prefix"),
        ("Cookie: session=x{t}", "wrong mac prefix"), ("session={t}==; other=1", "bad hmac value"),
    ])
    func altered(_ template: String, _ message: String) throws {
        let token = try referenceToken(#"{"user":1}"#, options: .default)
        let input = template.replacingOccurrences(of: "{t}", with: token)
        let result = iron(["unseal"] + password.arguments, stdin: utf8(input))
        #expect(result.status == 1, "\(input): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("iron: error: \(message)"), "\(result.stderr)")
    }

    @Test("after iron-session's suffix, parseInt stops at the version, so iron-session opens ~2= and so do we")
    func afterSuffix() throws {
        let token = try referenceToken(#"{"user":1}"#)
        for input in [token + "=", token + "==", token + "%3D", token + "+x"] {
            let result = iron(["unseal", "--json"] + password.arguments, stdin: utf8(input))
            #expect(result.status == 0, "\(input): \(result.stderr)")
            #expect(try JSONValue(parsing: result.stdoutBytes)["version"] == .number("2"))
        }
        #expect(iron(["unseal"] + password.arguments, stdin: utf8("x" + token)).status == 1)
    }

    @Test("real delimiters keep working", arguments: [
        "{t}\n", " \t{t} ", "\"{t}\"", "'{t}'", "{t};", "{t},", "{t}&x=1", "<a>{t}</a>", "({t})", "See {t}.", "See {t}. Next",
        "session={t}; Path=/", "https://app.example/login?seal={t}&next=/", "`{t}`", "{t}\r\n",
    ])
    func delimiters(_ template: String) throws {
        for token in [try referenceToken(#"{"user":1}"#), try referenceToken(#"{"user":1}"#, options: .default)] {
            let input = template.replacingOccurrences(of: "{t}", with: token)
            let result = iron(["unseal"] + password.arguments, stdin: utf8(input))
            #expect(result.status == 0, "\(input): \(result.stderr)")
            #expect(result.stdout == #"{"user":1}"# + "\n")
        }
    }

    @Test("a lone token whose id or salt holds other printable bytes is taken whole")
    func wholeToken() throws {
        let dottedId = try fields { $0.id = "1.0" }
        let customSalt = try fields { $0.encryptionSalt = "my.salt"; $0.integritySalt = "other:salt!" }
        for token in [dottedId, customSalt] {
            let result = iron(["unseal"] + password.arguments, stdin: utf8(token + "\n"))
            #expect(result.status == 0, "\(token): \(result.stderr)")
            #expect(result.stdout == #"{"a":1}"# + "\n")
        }
        let lines = iron(["unseal", "--lines"] + password.arguments, stdin: utf8(dottedId + "\n" + customSalt + "\n"))
        #expect(lines.stdout == "{\"a\":1}\n{\"a\":1}\n", "\(lines.stderr)")
    }

    // MARK: 4. --lines keeps one record per line

    @Test("unseal --lines compacts a payload holding raw newlines, with and without --json")
    func linesCompact() throws {
        let token = try fields("{\n  \"a\": [1,\n 2]\r\n}")
        let plain = iron(["unseal", "--lines"] + password.arguments, stdin: utf8(token + "\n" + token + "\n"))
        #expect(plain.stdout == "{\"a\":[1,2]}\n{\"a\":[1,2]}\n")
        let json = iron(["unseal", "--lines", "--json"] + password.arguments, stdin: utf8(token + "\n"))
        #expect(json.stdout.hasPrefix(#"{"payload":{"a":[1,2]},"#))
        #expect(json.stdout.filter { $0 == "\n" }.count == 1)
        // A single token keeps the exact decrypted text.
        #expect(iron(["unseal"] + password.arguments, stdin: utf8(token)).stdout == "{\n  \"a\": [1,\n 2]\r\n}\n")
    }

    // MARK: 6. inspect and unseal judge expiry alike

    @Test("30 s after the expiration both say not expired, and inspect names the skew; past the skew both say expired")
    func skew() throws {
        let token = try fields { $0.expiration = String(testNow - 30_000) }
        let inspected = iron(["inspect", "--json"], stdin: utf8(token))
        let record = try JSONValue(parsing: inspected.stdoutBytes)
        #expect(record["expired"] == .bool(false))
        #expect(record["withinSkew"] == .bool(true))
        #expect(iron(["inspect"], stdin: utf8(token)).stdout.contains("skew"))
        #expect(iron(["unseal"] + password.arguments, stdin: utf8(token)).status == 0)

        let strict = try JSONValue(parsing: iron(["inspect", "--json", "--skew", "10"], stdin: utf8(token)).stdoutBytes)
        #expect(strict["expired"] == .bool(true))
        #expect(strict["withinSkew"] == .bool(false))
        #expect(iron(["unseal", "--skew", "10"] + password.arguments, stdin: utf8(token)).status == 2)
    }

    // MARK: 7. Expired means authentic

    @Test("a forged token with a past expiration is rejected (1), an authentic one expired (2), in unseal and reseal")
    func expiredMeansAuthentic() throws {
        let past = String(testNow - 86_400_000)
        let forged = try fields { $0.expiration = past; $0.integrityPassword = "some-other-password-0123456789abcdef" }
        let authentic = try fields { $0.expiration = past }
        for command in ["unseal", "reseal"] {
            let rejected = iron([command] + password.arguments, stdin: utf8(forged))
            #expect(rejected.status == 1, "\(command): \(rejected.stderr)")
            #expect(rejected.stderr.hasPrefix("iron: error: bad hmac value"))
            #expect(iron([command] + password.arguments, stdin: utf8(authentic)).status == 2)
        }
    }

    // MARK: 8. Password maps as the JavaScript libraries read them

    func withPasswordFile(_ contents: String, _ body: ([String]) throws -> Void) rethrows {
        let file = PasswordFixture(contents)
        try body(file.arguments)
    }

    @Test("{secret: \"\"} is an empty password; {secret: null} falls back to encryption/integrity")
    func secretNullish() throws {
        try withPasswordFile(#"{"1":{"secret":"","encryption":"\#(testPassword)","integrity":"\#(testPassword)"}}"#) { (arguments: [String]) throws in
            let result = iron(["seal", "--format", "iron"] + arguments, stdin: utf8("{}"))
            #expect(result.status == 78)
            #expect(result.stderr.hasPrefix("iron: error: empty password"))
        }
        try withPasswordFile(#"{"1":{"secret":null,"encryption":"\#(testPassword)","integrity":"\#(testPassword)"}}"#) { (arguments: [String]) throws in
            let sealed = iron(["seal", "--format", "iron"] + arguments, stdin: utf8("{}"))
            #expect(sealed.status == 0, "\(sealed.stderr)")
            #expect(try Token(sealed.stdout.trimmingCharacters(in: .newlines)).passwordId == "1")
            #expect(iron(["unseal"] + arguments, stdin: sealed.stdoutBytes).status == 0)
        }
    }

    @Test("the array form seals with its first entry, as iron-store does")
    func ironStoreArray() throws {
        let other = "another-password-for-rotation-0123456789"
        try withPasswordFile(#"[{"id":2,"password":"\#(testPassword)"},{"id":3,"password":"\#(other)"}]"#) { (arguments: [String]) throws in
            let sealed = iron(["seal"] + arguments, stdin: utf8("{}"))
            #expect(sealed.status == 0, "\(sealed.stderr)")
            #expect(try Token(sealed.stdout.trimmingCharacters(in: .newlines)).passwordId == "2")
        }
    }

    @Test("in iron-session format a map iron-session refuses exits 78 naming the id", arguments: [
        (#"{"a":"\#(testPassword)"}"#, "\"a\""), (#"{"02":"\#(testPassword)"}"#, "\"02\""),
        (#"{"1":"\#(testPassword)","2":"too-short"}"#, "\"2\""), (#"{"1":{"secret":"\#(testPassword)"}}"#, "\"1\""),
    ])
    func ironSessionMapRules(_ map: String, _ id: String) throws {
        try withPasswordFile(map) { (arguments: [String]) throws in
            let result = iron(["seal"] + arguments, stdin: utf8("{}"))
            #expect(result.status == 78, "\(map): \(result.stderr)")
            #expect(result.stderr.contains(id), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("a password file with one password object is that password with its id")
    func passwordObject() throws {
        try withPasswordFile(#"{"id":"k1","secret":"\#(testPassword)"}"#) { (arguments: [String]) throws in
            let sealed = iron(["seal", "--format", "iron"] + arguments, stdin: utf8(#"{"u":1}"#))
            #expect(sealed.status == 0, "\(sealed.stderr)")
            #expect(try Token(sealed.stdout.trimmingCharacters(in: .newlines)).passwordId == "k1")
            #expect(iron(["unseal"] + arguments, stdin: sealed.stdoutBytes).stdout == #"{"u":1}"# + "\n")
        }
    }

    @Test("a single password opens a ~2 token only under id 1, as iron-session's {1: password}; plain tokens under any id")
    func singlePasswordSessionRule() throws {
        let session = try fields { $0.id = "2"; $0.suffix = "2" }
        let result = iron(["unseal"] + password.arguments, stdin: utf8(session))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("iron: error: cannot find password"))
        let plain = try fields { $0.id = "2" }
        #expect(iron(["unseal"] + password.arguments, stdin: utf8(plain)).status == 0)
    }

    // MARK: 9 and 10. Suffixes and __proto__

    @Test("~0000000000000000002 is version 2 in --json")
    func paddedVersion() throws {
        let token = try fields(#"{"__proto__":1}"#) { $0.id = "1"; $0.suffix = "0000000000000000002" }
        let result = iron(["unseal", "--json"] + password.arguments, stdin: utf8(token))
        #expect(result.status == 0, "\(result.stderr)")
        let record = try JSONValue(parsing: result.stdoutBytes)
        #expect(record["version"] == .number("2"))
    }

    @Test("a plain token whose __proto__ a later duplicate key replaced opens")
    func prototypeReplaced() throws {
        let token = try fields(#"{"a":{"__proto__":{"x":1}},"a":1}"#)
        let result = iron(["unseal"] + password.arguments, stdin: utf8(token))
        #expect(result.status == 0, "\(result.stderr)")
    }
}
