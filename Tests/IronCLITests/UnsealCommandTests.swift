import Foundation
import Testing
import Iron
@testable import IronCLI

@Suite("iron unseal")
struct UnsealCommandTests {
    let password = PasswordFixture()

    func unseal(_ input: String, _ extra: [String] = [], terminal: Bool = false) -> CLIResult {
        iron(["unseal"] + password.arguments + extra, stdin: Array(input.utf8), stdoutIsTerminal: terminal)
    }

    @Test("piped output is the exact decrypted text; a terminal gets it indented")
    func outputModes() throws {
        let token = try referenceToken(#"{"b":1.0,"a":[1,{}]}"#)
        #expect(unseal(token).stdout == "{\"b\":1.0,\"a\":[1,{}]}\n")
        #expect(unseal(token, terminal: true).stdout == "{\n  \"b\": 1.0,\n  \"a\": [\n    1,\n    {}\n  ]\n}\n")
        #expect(unseal(token, ["--pretty"]).stdout == unseal(token, terminal: true).stdout)
        #expect(unseal(token, ["--compact"], terminal: true).stdout == "{\"b\":1.0,\"a\":[1,{}]}\n")
        #expect(unseal(token, ["--pretty", "--compact"]).status == 64)
    }

    @Test("--json prints the payload with what the token says of itself")
    func jsonOutput() throws {
        let session = try referenceToken(#"{"a":1}"#)
        let result = unseal(session, ["--json"])
        let expiration = testNow + 1_209_600_000
        #expect(result.stdout == "{\"payload\":{\"a\":1},\"passwordId\":\"1\",\"expiration\":\(expiration),\"expiresAt\":\"\(TimeText.iso8601(expiration))\",\"version\":2,\"format\":\"iron-session\"}\n")
        let plain = try referenceToken("[true]", options: .default)
        #expect(unseal(plain, ["--json"]).stdout == "{\"payload\":[true],\"passwordId\":null,\"expiration\":null,\"expiresAt\":null,\"version\":null,\"format\":\"iron\"}\n")
        let pretty = unseal(plain, ["--json"], terminal: true).stdout
        #expect(pretty.hasPrefix("{\n  \"payload\": [\n    true\n  ],\n"))
    }

    @Test("the token is found in what people paste", arguments: [
        "TOKEN",
        "  TOKEN  \n",
        "\"TOKEN\"",
        "Cookie: theme=dark; my-session=TOKEN; other=1",
        "Set-Cookie: my-session=TOKEN; Path=/; HttpOnly; Secure; SameSite=Lax",
        "https://example.com/login?token=TOKEN&next=%2Fhome",
        "curl -H 'cookie: my-session=TOKEN' https://example.com",
        "log line: user 7 presented TOKEN at 12:00",
        "TOKEN\nTOKEN\n",
    ])
    func extraction(_ template: String) throws {
        let token = try referenceToken(#"{"found":true}"#)
        let result = unseal(template.replacingOccurrences(of: "TOKEN", with: token))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\"found\":true}\n")
    }

    @Test("percent-encoded tokens are decoded")
    func percentEncoded() throws {
        let token = try referenceToken(#"{"found":"encoded"}"#)
        let encoded = token.replacingOccurrences(of: "*", with: "%2A").replacingOccurrences(of: "~", with: "%7e")
        #expect(unseal("https://example.com/?t=\(encoded)").stdout == "{\"found\":\"encoded\"}\n")
    }

    @Test("several tokens exit 65 with a hint naming --cookie; --cookie picks one")
    func severalTokens() throws {
        let a = try referenceToken(#"{"which":"a"}"#), b = try referenceToken(#"{"which":"b"}"#)
        let header = "Cookie: first=\(a); second=\(b)"
        let result = unseal(header)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "iron: error: the input holds 2 different tokens\niron: hint: pick one with --cookie NAME (names here: first, second)\niron: hint: or show them all with --all\n")
        #expect(unseal(header, ["--cookie", "second"]).stdout == "{\"which\":\"b\"}\n")
        let missing = unseal(header, ["--cookie", "third"])
        #expect(missing.status == 65)
        #expect(missing.stderr == "iron: error: no cookie named third holds a token in the input (cookies holding tokens: first, second)\n")
    }

    @Test("no token, or no input, exits 65")
    func noToken() {
        let none = unseal("Cookie: theme=dark")
        #expect(none.status == 65)
        #expect(none.stderr.hasPrefix("iron: error: no iron token found in the input\niron: hint: a token starts with Fe26.2*"))
        #expect(unseal("").stderr == "iron: error: no input: expected a token (Fe26.2*...)\n")
        #expect(unseal(" \n").status == 65)
    }

    @Test("the TOKEN operand is used instead of standard input; - means standard input")
    func operand() throws {
        let token = try referenceToken("1")
        #expect(iron(["unseal", token] + password.arguments).stdout == "1\n")
        #expect(iron(["unseal", "-"] + password.arguments, stdin: Array(token.utf8)).stdout == "1\n")
    }

    @Test("an expired token exits 2 with a hint; --ignore-expiration reads it with a warning")
    func expired() throws {
        var options = SealOptions.ironSession
        options.ttl = .milliseconds(3_600_000)
        let token = try referenceToken(#"{"old":true}"#, options: options, now: testNow - 3 * 3_600_000)
        let result = unseal(token)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "iron: error: expired seal: the token expired at 2026-11-28T22:00:00.000Z (expired 2 hours ago)\niron: hint: use --ignore-expiration to read it anyway\n")
        let ignored = unseal(token, ["--ignore-expiration"])
        #expect(ignored.status == 0)
        #expect(ignored.stdout == "{\"old\":true}\n")
        #expect(ignored.stderr.contains("iron: warning: the token expired at 2026-11-28T22:00:00.000Z"))
        // --now and --skew move the judgement.
        #expect(unseal(token, ["--now", "2026-11-28T21:00:00Z"]).status == 0)
        #expect(unseal(token, ["--skew", "10800"]).status == 0)
        #expect(unseal(token, ["--skew", "7199"]).status == 2)
    }

    @Test("--ignore-expiration still verifies the HMAC")
    func ignoreExpirationVerifies() throws {
        var options = SealOptions.ironSession
        options.ttl = .milliseconds(1000)
        let token = try referenceToken("1", password: "another-password-0123456789abcdef", options: options, now: 0)
        let result = unseal(token, ["--ignore-expiration"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("iron: error: bad hmac value"))
    }

    @Test("a rejected token exits 1 and prints nothing on stdout", arguments: [
        ("Fe26.2*1*a*b*c*d*e", "incorrect number of sealed components"),
        ("Fe26.1*1*a*b*c**e*f", "wrong mac prefix"),
        ("Fe26.2*1*a*b*c*12x*e*f", "invalid expiration"),
        ("Fe26.2*1*a*b*c**e*f", "bad hmac value"),
    ])
    func rejected(_ token: String, _ message: String) {
        let result = unseal(token)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first?.hasPrefix("iron: error: \(message)") == true)
    }

    @Test("a token for an id the map lacks exits 3 and names the ids it has")
    func unknownId() throws {
        let map = PasswordFixture(#"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa"}"#)
        let token = try Sealer(password: Password("public-rotation-two-bbbbbbbbbbbbbbbb", id: "2"), options: .ironSession, clock: FixedClock(millisecondsSince1970: testNow)).seal(json: Array("{}".utf8))
        let result = iron(["unseal", token] + map.arguments)
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("iron: error: cannot find password: the token names id \"2\"; the password map has ids \"1\""))
    }

    @Test("a token without ~2 whose payload has persistent gets a note about iron-session")
    func legacyNote() throws {
        let token = try referenceToken(#"{"persistent":{"user":1}}"#, options: .default)
        let result = unseal(token)
        #expect(result.status == 0)
        #expect(result.stderr.contains("iron: note: this token has no ~2 suffix: iron-session 8 treats it as a pre-v6 token and reads only its \"persistent\" field"))
        #expect(unseal(try referenceToken(#"{"persistent":1}"#)).stderr.isEmpty)
    }

    @Test("no message ever contains the password")
    func noSecretInMessages() throws {
        let secret = "a-very-secret-password-0123456789-zyx"
        let file = PasswordFixture(secret + "\n")
        let token = try referenceToken("1")
        var stderr = ""
        for input in [token, "Fe26.2**x*y*z**a*b", "garbage", "", token + token] {
            for extra in [[], ["--json"], ["--ignore-expiration"], ["--cookie", "x"], ["--iterations", "2"]] {
                stderr += iron(["unseal"] + file.arguments + extra, stdin: Array(input.utf8)).stderr
                stderr += iron(["reseal"] + file.arguments + extra, stdin: Array(input.utf8)).stderr
            }
            stderr += iron(["seal"] + file.arguments, stdin: Array(input.utf8)).stderr
            stderr += iron(["unseal", "--password-env", "P"], stdin: Array(input.utf8), environment: ["P": secret]).stderr
        }
        stderr += iron(["unseal", "--password", secret]).stderr
        stderr += iron(["seal", "--password-env", "P", "--min-password-length", "99"], stdin: Array("1".utf8), environment: ["P": secret]).stderr
        #expect(!stderr.isEmpty)
        #expect(!stderr.contains(secret))
        #expect(!stderr.contains("a-very-secret"))
    }
}
