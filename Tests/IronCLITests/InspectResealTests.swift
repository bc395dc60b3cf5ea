import Foundation
import Testing
import Iron
@testable import IronCLI

@Suite("iron inspect")
struct InspectCommandTests {
    @Test("plain sentences describe a token without any password")
    func plain() throws {
        let token = try referenceToken(#"{"user":1}"#)
        let result = iron(["inspect", token])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let expiration = testNow + 1_209_600_000
        #expect(result.stdout.contains("This is an iron-session token (version 2, suffix ~2), format Fe26.2 (unverified)."))
        #expect(result.stdout.contains("It was sealed with the password of id \"1\" (unverified)."))
        #expect(result.stdout.contains("It expires in 14 days: at \(TimeText.iso8601(expiration)) (\(expiration) ms) (unverified)."))
        #expect(result.stdout.contains("Unverified: no password was given, so the fields above are only what the token claims."))
        #expect(result.stdout.contains("Its ciphertext is 16 bytes: a payload of 0 to 15 bytes with aes-256-cbc."))
        #expect(result.stdout.contains("bytes: it fits a 4096-byte cookie."))
    }

    @Test("--json has stable fields")
    func json() throws {
        let token = try referenceToken(#"{"user":1}"#)
        let result = iron(["inspect", "--json", token])
        let value = try JSONValue(parsing: result.stdoutBytes)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["prefix", "format", "version", "passwordId", "encryptionSalt", "encryptionSaltBits", "iv", "ciphertextBytes", "algorithm", "payloadBytes", "expiration", "expiresAt", "expiresIn", "expiresInSeconds", "expired", "withinSkew", "hmacSalt", "hmacSaltBits", "hmac", "size", "fitsCookie", "verified", "warnings"])
        #expect(value["prefix"] == .string("Fe26.2"))
        #expect(value["version"] == .number("2"))
        #expect(value["passwordId"] == .string("1"))
        #expect(value["encryptionSaltBits"] == .number("256"))
        #expect(value["ciphertextBytes"] == .number("16"))
        #expect(value["payloadBytes"] == .object([.init("min", .number("0")), .init("max", .number("15"))]))
        #expect(value["expiration"] == .number(String(testNow + 1_209_600_000)))
        #expect(value["expiresIn"] == .string("in 14 days"))
        #expect(value["expiresInSeconds"] == .number("1209600"))
        #expect(value["verified"] == .bool(false))
        #expect(value["expired"] == .bool(false))
        #expect(value["size"] == .number(String(token.utf8.count)))
        #expect(value["fitsCookie"] == .bool(true))
        #expect(value["warnings"] == .array([]))
    }

    @Test("warnings: never expires, no id")
    func warnings() throws {
        let token = try referenceToken("1", options: .default)
        let result = iron(["inspect", token])
        #expect(result.stdout.contains("It never expires (unverified)."))
        #expect(result.stdout.contains("It names no password id (unverified)."))
        #expect(result.stderr.contains("iron: warning: never expires"))
        #expect(result.stderr.contains("iron: warning: no password id"))
    }

    @Test("an expired token is described as expired, with status 0")
    func expired() throws {
        var options = SealOptions.ironSession
        options.ttl = .milliseconds(1000)
        let token = try referenceToken("1", options: options, now: testNow - 2 * 3_600_000)
        let result = iron(["inspect", token])
        #expect(result.status == 0)
        #expect(result.stdout.contains("It expired 2 hours ago: at 2026-11-28T22:00:01.000Z"))
        #expect(iron(["inspect", "--json", token]).stdout.contains("\"expiresIn\":\"expired 2 hours ago\",\"expiresInSeconds\":-7199,\"expired\":true"))
    }

    @Test("a malformed token gets a precise reason and exit 1", arguments: [
        ("Fe26.2*1*ab*AAAAAAAAAAAAAAAAAAAAAA*AAAAAAAAAAAAAAAAAAAAAA**ab*AA", "malformed token: HMAC is 1 bytes (expected 32 for HMAC-SHA256)"),
        ("Fe26.2*1*ab*AAAA*AAAAAAAAAAAAAAAAAAAAAA**ab*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "malformed token: IV is 3 bytes (expected 16)"),
        ("Fe26.2*1*xyz*AAAAAAAAAAAAAAAAAAAAAA*AAAAAAAAAAAAAAAAAAAAAA**ab*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "malformed token: encryption salt is not lowercase hexadecimal"),
        ("Fe26.2*1*ab", "malformed token: it has 3 fields separated by '*'; a token has 8"),
        ("Fe26.3*1*ab*AAAAAAAAAAAAAAAAAAAAAA*AAAAAAAAAAAAAAAAAAAAAA**ab*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "malformed token: prefix \"Fe26.3\" is another version of the format (expected \"Fe26.2\")"),
    ])
    func malformed(_ token: String, _ message: String) {
        let result = iron(["inspect", token])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first == "iron: error: \(message)")
    }

    @Test("--algorithm aes-128-ctr gives the exact payload size")
    func ctrSize() throws {
        var options = SealOptions.default
        options.encryption.algorithm = .aes128CTR
        let token = try referenceToken("\"12345\"", options: options)
        #expect(iron(["inspect", "--algorithm", "aes-128-ctr", token]).stdout.contains("a payload of 7 bytes with aes-128-ctr"))
    }
}

@Suite("iron reseal")
struct ResealCommandTests {
    let map = PasswordFixture(#"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa", "2": "public-rotation-two-bbbbbbbbbbbbbbbb"}"#)

    func oldToken(_ json: String = #"{"user":7}"#, options: SealOptions = .ironSession, now: Int64 = testNow - 86_400_000) throws -> String {
        try Sealer(password: Password("public-rotation-one-aaaaaaaaaaaaaaaa", id: "1"), options: options, clock: FixedClock(millisecondsSince1970: now)).seal(json: Array(json.utf8))
    }

    @Test("seals again with the newest id, keeping payload, expiration and format")
    func rotates() throws {
        let old = try oldToken()
        let result = iron(["reseal", old] + map.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let new = try Token(result.stdout.trimmingCharacters(in: .newlines))
        let before = try Token(old)
        #expect(new.passwordId == "2")
        #expect(new.expiration == before.expiration)
        #expect(new.versionSuffix == "2")
        #expect(new.encryptionSalt != before.encryptionSalt)
        #expect(iron(["unseal"] + map.arguments, stdin: Array(result.stdoutBytes)).stdout == "{\"user\":7}\n")
    }

    @Test("--ttl gives a new expiration from now; --format converts; --id picks")
    func overrides() throws {
        let old = try oldToken()
        let ttl = try Token(iron(["reseal", old, "--ttl", "1h"] + map.arguments).stdout.trimmingCharacters(in: .newlines))
        #expect(ttl.expiresAt?.millisecondsSince1970 == testNow + 3_600_000)
        let plain = try Token(iron(["reseal", old, "--format", "iron"] + map.arguments).stdout.trimmingCharacters(in: .newlines))
        #expect(plain.versionSuffix == nil)
        #expect(plain.passwordId == "2")
        let chosen = try Token(iron(["reseal", old, "--id", "1"] + map.arguments).stdout.trimmingCharacters(in: .newlines))
        #expect(chosen.passwordId == "1")
        let never = try oldToken(options: .default)
        #expect(try Token(iron(["reseal", never] + map.arguments).stdout.trimmingCharacters(in: .newlines)).expiration.isEmpty)
    }

    @Test("an expired token exits 2 unless --ignore-expiration")
    func expired() throws {
        var options = SealOptions.ironSession
        options.ttl = .milliseconds(1000)
        let old = try oldToken(options: options)
        #expect(iron(["reseal", old] + map.arguments).status == 2)
        let forced = iron(["reseal", old, "--ignore-expiration", "--ttl", "1d"] + map.arguments)
        #expect(forced.status == 0)
        #expect(forced.stderr.contains("resealed because of --ignore-expiration"))
    }

    @Test("a token the map cannot open fails with its status and no output")
    func failures() throws {
        let foreign = try Sealer(password: Password("public-rotation-nine-zzzzzzzzzzzzzzz", id: "9"), options: .ironSession).seal(json: Array("1".utf8))
        let result = iron(["reseal", foreign] + map.arguments)
        #expect(result.status == 3)
        #expect(result.stdout.isEmpty)
    }
}
