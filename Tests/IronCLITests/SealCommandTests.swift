import Foundation
import Testing
import Iron
@testable import IronCLI

@Suite("iron seal")
struct SealCommandTests {
    let password = PasswordFixture()

    func seal(_ extra: [String], _ json: String) -> CLIResult {
        iron(["seal"] + password.arguments + extra, stdin: Array(json.utf8))
    }

    func unsealed(_ token: String, _ extra: [String] = []) throws -> Unsealed {
        var options = SealOptions.default
        if extra.contains("aes-128-ctr") { options.encryption.algorithm = .aes128CTR }
        return try Unsealer(password: Password(testPassword), options: options, clock: FixedClock(millisecondsSince1970: testNow)).unseal(token.trimmingCharacters(in: .newlines))
    }

    @Test("the default is iron-session: ~2 suffix, id 1, 14 days")
    func defaultFormat() throws {
        let result = seal([], #"{"user":{"id":230}}"#)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasSuffix("~2\n"))
        let token = try Token(result.stdout.trimmingCharacters(in: .newlines))
        #expect(token.passwordId == "1")
        #expect(token.expiresAt?.millisecondsSince1970 == testNow + 14 * 86_400_000)
        #expect(try unsealed(result.stdout).text == #"{"user":{"id":230}}"#)
    }

    @Test("--format iron writes a plain @hapi/iron token without id or expiration")
    func ironFormat() throws {
        let result = seal(["--format", "iron"], "[1,2]")
        let token = try Token(result.stdout.trimmingCharacters(in: .newlines))
        #expect(token.versionSuffix == nil && token.passwordId.isEmpty && token.expiration.isEmpty)
        let withId = try Token(seal(["--format", "iron", "--id", "k1"], "1").stdout.trimmingCharacters(in: .newlines))
        #expect(withId.passwordId == "k1")
    }

    @Test("whitespace is removed and everything else kept byte for byte")
    func bytesKept() throws {
        let result = seal([], "{ \"b\" : 1.0,\n \"a\" : [ 1e2 , \"\\u0041\\/\" ] }\n")
        #expect(try unsealed(result.stdout).text == #"{"b":1.0,"a":[1e2,"\u0041\/"]}"#)
    }

    @Test("--ttl takes 0, seconds and units", arguments: [("0", nil), ("90", Int64(90_000)), ("500ms", Int64(500)), ("15m", Int64(900_000)), ("12h", Int64(43_200_000)), ("14d", Int64(1_209_600_000))])
    func ttl(_ text: String, _ milliseconds: Int64?) throws {
        let result = seal(["--ttl", text], "{}")
        #expect(result.status == 0)
        let token = try Token(result.stdout.trimmingCharacters(in: .newlines))
        #expect(token.expiresAt?.millisecondsSince1970 == milliseconds.map { testNow + $0 })
    }

    @Test("--now mints as of another time", arguments: ["2030-01-01T00:00:00Z", "1893456000000"])
    func now(_ text: String) throws {
        let result = seal(["--now", text, "--ttl", "1h"], "{}")
        #expect(try Token(result.stdout.trimmingCharacters(in: .newlines)).expiresAt?.millisecondsSince1970 == 1_893_456_000_000 + 3_600_000)
    }

    @Test("bad option values are usage errors", arguments: [
        ["--ttl", "soon"], ["--now", "tomorrow"], ["--iterations", "0"], ["--salt-bits", "0"], ["--id", "a-b"], ["--link", "https://x/?t="], ["--max-size", "lots"], ["--jobs", "0", "--lines"],
    ])
    func badValues(_ extra: [String]) {
        let result = seal(extra, "{}")
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first?.hasPrefix("iron: error: ") == true)
    }

    @Test("input that is not JSON exits 65 with line and column")
    func invalidJSON() {
        let result = seal([], "{\n  \"a\": tru\n}")
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "iron: error: the input is not JSON: invalid literal: expected 'true' at line 2, column 8\n")
        #expect(seal([], "").stderr.contains("no JSON value"))
        #expect(seal([], "{} {}").status == 65)
    }

    @Test("the crypto flags apply, and the unseal side needs the same ones")
    func cryptoFlags() throws {
        let ctr = seal(["--algorithm", "aes-128-ctr", "--format", "iron"], #"{"a":1}"#)
        #expect(try unsealed(ctr.stdout, ["aes-128-ctr"]).text == #"{"a":1}"#)
        let token = ctr.stdout.trimmingCharacters(in: .newlines)
        #expect(iron(["unseal", token, "--algorithm", "aes-128-ctr"] + password.arguments).stdout == "{\"a\":1}\n")
        let mismatched = iron(["unseal", token] + password.arguments)
        #expect(mismatched.status == 1)
        #expect(mismatched.stdout.isEmpty)
        let iterated = seal(["--iterations", "3", "--salt-bits", "64"], "1").stdout.trimmingCharacters(in: .newlines)
        #expect(try Token(iterated).encryptionSalt.count == 16)
        #expect(iron(["unseal", iterated, "--iterations", "3"] + password.arguments).status == 0)
        #expect(iron(["unseal", iterated] + password.arguments).status == 1)
        let split = seal(["--encryption-iterations", "2", "--integrity-salt-bits", "128", "--encryption-salt-bits", "8"], "1").stdout.trimmingCharacters(in: .newlines)
        #expect(try Token(split).integritySalt.count == 32)
        #expect(try Token(split).encryptionSalt.count == 2)
        #expect(iron(["unseal", split, "--encryption-iterations", "2"] + password.arguments).status == 0)
    }

    @Test("a map seals with its highest numeric id, or --id")
    func mapSealing() throws {
        let map = PasswordFixture(#"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa", "2": "public-rotation-two-bbbbbbbbbbbbbbbb", "10": "public-rotation-ten-cccccccccccccccc"}"#)
        let newest = iron(["seal"] + map.arguments, stdin: Array("{}".utf8))
        #expect(try Token(newest.stdout.trimmingCharacters(in: .newlines)).passwordId == "10")
        let chosen = iron(["seal", "--id", "2"] + map.arguments, stdin: Array("{}".utf8))
        #expect(try Token(chosen.stdout.trimmingCharacters(in: .newlines)).passwordId == "2")
        let missing = iron(["seal", "--id", "7"] + map.arguments, stdin: Array("{}".utf8))
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("the password map has no id \"7\" (ids: 1, 2, 10)"))
        let named = PasswordFixture(#"{"blue": "public-rotation-one-aaaaaaaaaaaaaaaa"}"#)
        let noNumeric = iron(["seal", "--format", "iron"] + named.arguments, stdin: Array("{}".utf8))
        #expect(noNumeric.status == 78)
        #expect(noNumeric.stderr.contains("choose one with --id ID"))
        let refused = iron(["seal"] + named.arguments, stdin: Array("{}".utf8))
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("password id \"blue\" is not a decimal integer"))
    }

    @Test("a token over 4096 bytes gets a warning saying by how much")
    func cookieSizeWarning() throws {
        let big = "\"" + String(repeating: "x", count: 4000) + "\""
        let result = seal([], big)
        #expect(result.status == 0)
        let size = result.stdout.utf8.count - 1
        #expect(result.stderr == "iron: warning: the token is \(size) bytes, \(size - 4096) more than the 4096 a browser keeps in a cookie\n")
        #expect(seal([], "\"small\"").stderr.isEmpty)
    }

    @Test("--link prints the template with the percent-encoded token")
    func link() throws {
        let result = seal(["--link", "https://example.com/login?token={token}&x=1"], #"{"user":1}"#)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("https://example.com/login?token=Fe26.2%2A1%2A"))
        #expect(result.stdout.hasSuffix("~2&x=1\n"))
        #expect(!result.stdout.contains("*"))
        // The link unseals as pasted.
        #expect(iron(["unseal", result.stdout] + password.arguments).stdout == "{\"user\":1}\n")
    }

    @Test("a FILE operand is read; a missing file exits 66")
    func fileOperand() {
        let file = password.directory.write("session.json", #"{"from":"file"}"#)
        let result = iron(["seal", file] + password.arguments)
        #expect(result.status == 0)
        #expect(iron(["unseal", result.stdout] + password.arguments).stdout == "{\"from\":\"file\"}\n")
        let missing = iron(["seal", "/nonexistent/session.json"] + password.arguments)
        #expect(missing.status == 66)
        #expect(missing.stderr == "iron: error: cannot read file /nonexistent/session.json: No such file or directory\n")
    }

    @Test("--max-size and --max-depth limit the input with exit 65")
    func limits() {
        let sized = seal(["--max-size", "10"], #"{"a":"0123456789"}"#)
        #expect(sized.status == 65)
        #expect(sized.stderr.contains("larger than the limit of 10 bytes"))
        let deep = seal(["--max-depth", "3"], "[[[[1]]]]")
        #expect(deep.status == 65)
        #expect(deep.stderr.contains("nesting deeper than 3 levels"))
        #expect(seal(["--max-depth", "4"], "[[[[1]]]]").status == 0)
        #expect(seal(["--max-size", "1KiB"], "[1]").status == 0)
    }

    @Test("an output error exits 74")
    func outputError() {
        let result = iron(["seal"] + password.arguments, stdin: Array("{}".utf8), stdoutFails: true)
        #expect(result.status == 74)
        #expect(result.stderr.contains("cannot write to standard output"))
    }

    @Test("--min-password-length below 32 warns and reads short passwords")
    func shortPasswords() {
        let short = PasswordFixture("short-password\n")
        let refused = iron(["seal"] + short.arguments, stdin: Array("{}".utf8))
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("password string too short (min 32 characters required)"))
        let allowed = iron(["seal", "--min-password-length", "8"] + short.arguments, stdin: Array("{}".utf8))
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("iron: warning: --min-password-length 8 is below @hapi/iron's 32"))
    }
}
