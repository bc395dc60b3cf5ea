import Foundation
import Testing
import Iron
@testable import IronCLI

// Issue 11's "a tool that fits every script": --all, same-name cookies, --quiet, --output,
// --set, --template, blank lines and the BOM, --expires-at, IRON_PASSWORD_FILE, inspect with a
// password, and the messages. Each runs `iron` in process over memory streams.

private let password = ["IRON_PASSWORD": testPassword]

private func token(_ json: String, password: String = testPassword, now: Int64 = testNow) throws -> String {
    try referenceToken(json, password: password, now: now)
}

@Suite("--all and cookies that share a name")
struct SeveralTokensTests {
    @Test("--all prints every token with its name and where it was found; a bad one fails alone")
    func all() throws {
        let a = try token(#"{"which":"a"}"#), b = try token(#"{"which":"b"}"#), forged = try token("{}", password: "another-password-0123456789abcdefgh")
        let header = "Cookie: a=\(a); b=\(b); c=\(forged)\n"
        let result = iron(["unseal", "--all"], stdin: Array(header.utf8), environment: password)
        #expect(result.stdout == "a\ttoken 1 of the input\t{\"which\":\"a\"}\nb\ttoken 2 of the input\t{\"which\":\"b\"}\n")
        #expect(result.stderr == "iron: error: c (token 3 of the input): bad hmac value: wrong password, or the token was altered\n")
        #expect(result.status == 1)

        let json = iron(["unseal", "-a", "--json"], stdin: Array(header.utf8), environment: password)
        let records = try json.stdout.lines.filter { !$0.isEmpty }.map { try JSONValue(parsing: Array($0.utf8)) }
        #expect(records.count == 3)
        #expect(records[0]["cookie"] == .string("a") && records[0]["origin"] == .string("token 1 of the input"))
        #expect(records[1]["payload"] == .object([.init("which", .string("b"))]))
        #expect(records[2]["error"]?["status"] == .number("1"))
        #expect(json.status == 1)
    }

    @Test("inspect --all summarises each token on one line; reseal --all reseals each")
    func inspectAndResealAll() throws {
        let a = try token(#"{"which":"a"}"#), b = try token(#"{"which":"b"}"#)
        let input = Array("a=\(a)&b=\(b)".utf8)
        let inspect = iron(["inspect", "--all"], stdin: input)
        #expect(inspect.status == 0)
        #expect(inspect.stdout.lines.filter { !$0.isEmpty } == [
            "a\ttoken 1 of the input\tiron-session, id \"1\", expires in 14 days (2026-12-13T00:00:00.000Z), \(a.utf8.count) bytes, unverified",
            "b\ttoken 2 of the input\tiron-session, id \"1\", expires in 14 days (2026-12-13T00:00:00.000Z), \(b.utf8.count) bytes, unverified",
        ])
        let reseal = iron(["reseal", "--all"], stdin: input, environment: password)
        let tokens = reseal.stdout.lines.filter { !$0.isEmpty }.map { $0.split(separator: "\t").last.map(String.init) ?? "" }
        #expect(tokens.count == 2)
        let unsealer = try Unsealer(password: Password(testPassword), options: .default, clock: FixedClock(millisecondsSince1970: testNow))
        #expect(try tokens.map { try unsealer.unseal($0).text } == [#"{"which":"a"}"#, #"{"which":"b"}"#])
    }

    @Test("--all with --lines or --pretty is a usage error")
    func allConflicts() {
        #expect(iron(["unseal", "--all", "--lines"], environment: password).status == 64)
        #expect(iron(["unseal", "--all", "--pretty"], environment: password).status == 64)
        #expect(iron(["inspect", "--from-browser", "firefox", "--lines"]).status == 64)
    }

    @Test("cookies of one name: the first wins, as a server reads it, and a note says so")
    func sameName() throws {
        let first = try token(#"{"which":"first"}"#), second = try token(#"{"which":"second"}"#)
        let header = Array("Cookie: s=\(first); other=x; s=\(second)".utf8)
        for extra in [[], ["--cookie", "s"]] {
            let result = iron(["unseal"] + extra, stdin: header, environment: password)
            #expect(result.status == 0)
            #expect(result.stdout == "{\"which\":\"first\"}\n")
            #expect(result.stderr == "iron: note: 2 different cookies are named s; using the first (token 1 of the input), as a server does; --all shows them all\n")
        }
        #expect(iron(["unseal", "-q"], stdin: header, environment: password).stderr.isEmpty)
        // Different names with no --cookie: no rule to choose.
        let mixed = iron(["unseal"], stdin: Array("a=\(first); b=\(second)".utf8), environment: password)
        #expect(mixed.status == 65)
        #expect(mixed.stderrLines == ["iron: error: the input holds 2 different tokens", "iron: hint: pick one with --cookie NAME (names here: a, b)", "iron: hint: or show them all with --all"])
    }

    @Test("--cookie on a bare token says that it found a bare token, and uses it")
    func bareTokenWithCookie() throws {
        let bare = try token(#"{"bare":true}"#)
        let result = iron(["unseal", "--cookie", "session"], stdin: Array(bare.utf8), environment: password)
        #expect(result.status == 0)
        #expect(result.stdout == "{\"bare\":true}\n")
        #expect(result.stderr == "iron: note: the input is a bare token, not a cookie: --cookie session was not needed\n")
        // In a batch, per line.
        let batch = iron(["unseal", "--lines", "--cookie", "session"], stdin: Array("\(bare)\n".utf8), environment: password)
        #expect(batch.stdout == "{\"bare\":true}\n")
        #expect(batch.stderr == "iron: note: line 1: the input is a bare token, not a cookie: --cookie session was not needed\n")
    }
}

@Suite("--quiet, --output and short options")
struct QuietAndOutputTests {
    @Test("--quiet drops warnings and notes, never errors")
    func quiet() throws {
        let directory = TemporaryDirectory()
        let shared = directory.write("password", testPassword, mode: 0o644)
        let loud = iron(["seal", "--password-file", shared], stdin: Array("{}".utf8))
        #expect(loud.stderr.contains("iron: warning: password file"))
        let quiet = iron(["seal", "-q", "--password-file", shared], stdin: Array("{}".utf8))
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.hasPrefix("Fe26.2*"))
        let failing = iron(["unseal", "--quiet"], stdin: Array("no token".utf8), environment: password)
        #expect(failing.status == 65)
        #expect(failing.stderrLines.first == "iron: error: no iron token found in the input")
    }

    @Test("the cookie-size warning is for tokens that go into a cookie, not for links")
    func cookieSizeWarning() {
        let big = Array("{\"a\":\"\(String(repeating: "x", count: 4000))\"}".utf8)
        #expect(iron(["seal"], stdin: big, environment: password).stderr.contains("more than the 4096 a browser keeps"))
        #expect(iron(["seal", "--cookie-header", "s"], stdin: big, environment: password).stderr.contains("more than the 4096"))
        let link = iron(["seal", "--link", "https://example.com/?seal={token}"], stdin: big, environment: password)
        #expect(link.status == 0 && link.stderr.isEmpty)
        #expect(iron(["seal", "--template", "{token}"], stdin: big, environment: password).stderr.isEmpty)
    }

    @Test("-o FILE writes atomically: created 0600, an existing file keeps its mode, a failure leaves it")
    func output() throws {
        let directory = TemporaryDirectory()
        let path = directory.url.appendingPathComponent("token").path
        let created = iron(["seal", "-o", path], stdin: Array("{\"n\":1}".utf8), environment: password)
        #expect(created.status == 0 && created.stdout.isEmpty)
        #expect(directory.mode("token") == 0o600)
        let first = try #require(directory.read("token"))
        #expect(first.hasPrefix("Fe26.2*") && first.hasSuffix("~2\n"))

        _ = directory.write("shared", "old\n", mode: 0o640)
        let shared = directory.url.appendingPathComponent("shared").path
        #expect(iron(["unseal", "--output=\(shared)"], stdin: Array(first.utf8), environment: password).status == 0)
        #expect(directory.read("shared") == "{\"n\":1}\n")
        #expect(directory.mode("shared") == 0o640)

        let failed = iron(["unseal", "-o\(shared)"], stdin: Array("Fe26.2*1*broken".utf8), environment: password)
        #expect(failed.status == 1)
        #expect(failed.stderrLines.last == "iron: hint: \(shared) was left as it was")
        #expect(directory.read("shared") == "{\"n\":1}\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["shared", "token"], "no temporary file is left")

        // --keep-going completes the output, so it is written even with failures.
        let batch = iron(["unseal", "--lines", "--keep-going", "-o", shared], stdin: Array("\(first)bad\n\(first)".utf8), environment: password)
        #expect(batch.status == 65)
        #expect(directory.read("shared") == "{\"n\":1}\n\n{\"n\":1}\n")

        #expect(iron(["password", "--map", path, "-o", shared]).status == 64)
        let link = directory.url.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: shared)
        #expect(iron(["seal", "-o", link], stdin: Array("{}".utf8), environment: password).status == 74)
    }

    @Test("short options bundle and take values inline or next")
    func shortOptions() throws {
        let lines = Array("{\"a\":1}\n{\"a\":2}\n".utf8)
        let result = iron(["seal", "-ql", "-j1", "-t", "15m"], stdin: lines, environment: password)
        #expect(result.status == 0)
        #expect(result.stdout.lines.filter { !$0.isEmpty }.count == 2)
        let expiry = try Token(result.stdout.lines[0]).expiresAt?.millisecondsSince1970
        #expect(expiry == testNow + 900_000)
        let unknown = iron(["unseal", "-z"])
        #expect(unknown.status == 64)
        #expect(unknown.stderrLines.first == "iron: error: unknown option -z for 'iron unseal'")
        #expect(iron(["unseal", "-all"]).stderrLines.first == "iron: error: unknown option -all; did you mean --all?")
    }
}

@Suite("Building the payload and the output line")
struct PayloadAndTemplateTests {
    func unsealed(_ output: String) throws -> String {
        try Unsealer(password: Password(testPassword), options: .default, clock: FixedClock(millisecondsSince1970: testNow))
            .unseal(output.trimmingCharacters(in: .newlines)).text
    }

    @Test("--set builds the payload: JSON when it parses, else a string; --set-string forces a string")
    func set() throws {
        let result = iron(["seal", "--set", "user.id=230", "--set", "user.admin=true", "-s", "name=alice", "--set-string", "zip=01234", "--set", #"tags=["a",1]"#],
                          environment: password, stdinIsTerminal: true)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "no note about reading the terminal: nothing is read")
        #expect(try unsealed(result.stdout) == #"{"user":{"id":230,"admin":true},"name":"alice","zip":"01234","tags":["a",1]}"#)
    }

    @Test("--set merges over standard input's object, keeping each key's place")
    func setMerges() throws {
        let input = Array(#"{"b":1,"user":{"name":"x","id":1},"b":2}"#.utf8)
        let result = iron(["seal", "--set", "user.id=230", "--set", "b=3", "--set", #"a\.b=dot"#], stdin: input, environment: password)
        #expect(try unsealed(result.stdout) == #"{"b":3,"user":{"name":"x","id":230},"a.b":"dot"}"#)
        // Empty input is an empty object.
        #expect(try unsealed(iron(["seal", "--set", "a=1"], environment: password).stdout) == #"{"a":1}"#)
        // Each line of a batch.
        let batch = iron(["seal", "--lines", "--set", "v=2"], stdin: Array("{\"n\":1}\n{\"n\":2}\n".utf8), environment: password)
        #expect(try batch.stdout.lines.filter { !$0.isEmpty }.map(unsealed) == [#"{"n":1,"v":2}"#, #"{"n":2,"v":2}"#])
    }

    @Test("--set refuses what it cannot do", arguments: [
        (["--set", "a"], "{}", Int32(64), "iron: error: --set needs PATH=VALUE, such as user.id=230, not \"a\""),
        (["--set", "a..b=1"], "{}", 64, "iron: error: --set needs a path of non-empty keys separated by '.', not \"a..b\""),
        (["--set", "a=1", "--set", "a.b=2"], "{}", 64, "iron: error: cannot set a.b: a is a number, not an object"),
        (["--set", "a=1"], "[1]", 65, "iron: error: --set sets members of a JSON object, but the input is an array"),
        (["--set", "a=1"], "{", 65, "iron: error: the input is not JSON: "),
    ])
    func setErrors(_ arguments: [String], _ input: String, _ status: Int32, _ message: String) {
        let result = iron(["seal"] + arguments, stdin: Array(input.utf8), environment: password)
        #expect(result.status == status)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first?.hasPrefix(message) == true, "\(result.stderr)")
    }

    @Test("--template writes one line per input line: magic links for a list of users")
    func template() throws {
        let users = Array("{\"email\":\"a@example.com\",\"id\":1,\"roles\":[\"x\"]}\n{\"email\":\"b@example.com\",\"id\":2,\"roles\":[\"y\"]}\n".utf8)
        let result = iron(["seal", "--lines", "--ttl", "15m", "--link", "https://app.example/login?seal={token}",
                           "--template", "{.email},{.id},{.roles.0},{.roles},{{{link}}}"], stdin: users, environment: password)
        #expect(result.status == 0)
        let lines = result.stdout.lines.filter { !$0.isEmpty }
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("a@example.com,1,x,[\"x\"],{https://app.example/login?seal=Fe26.2%2A1%2A"))
        #expect(lines[1].hasPrefix("b@example.com,2,y,[\"y\"],{https://app.example/login?seal=Fe26.2%2A1%2A"))
        #expect(lines.allSatisfy { $0.hasSuffix("~2}") })
        let encoded = String(lines[0].split(separator: "=", maxSplits: 1)[1].dropLast())
        #expect(try unsealed(encoded.removingPercentEncoding!) == #"{"email":"a@example.com","id":1,"roles":["x"]}"#)
    }

    @Test("an unknown placeholder is a usage error before anything is printed", arguments: [
        ("{tokn}", "iron: error: --template has an unknown placeholder {tokn}"),
        ("{link}", "iron: error: --template uses {link}, which needs --link TEMPLATE"),
        ("{token", "iron: error: --template has a '{' with no '}': write {{ for a brace"),
        ("x}", "iron: error: --template has a '}' with no '{': write }} for a brace"),
        ("{.a..b}", "iron: error: --template has a malformed field {.a..b}: keys separated by '.'"),
    ])
    func templateErrors(_ template: String, _ message: String) {
        let result = iron(["seal", "--lines", "--template", template], stdin: Array("{}\n".utf8), environment: password)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first == message)
    }

    @Test("a field the input lacks fails that line; with --keep-going it is an empty line")
    func templateMissingField() {
        let input = Array("{\"email\":\"a@b\"}\n{}\n{\"email\":\"c@d\"}\n".utf8)
        let result = iron(["seal", "--lines", "--keep-going", "--template", "{.email}"], stdin: input, environment: password)
        #expect(result.status == 65)
        #expect(result.stdout == "a@b\n\nc@d\n")
        #expect(result.stderr == "iron: error: line 2: the input has no .email for --template\n")
    }

    @Test("blank lines give blank lines, so the output stays aligned with the input")
    func blankLines() throws {
        let sealed = iron(["seal", "--lines"], stdin: Array("{\"n\":1}\n\n  \n{\"n\":2}\n".utf8), environment: password)
        #expect(sealed.status == 0)
        let lines = sealed.stdout.lines
        #expect(lines.count == 5 && lines[1].isEmpty && lines[2].isEmpty && lines[4].isEmpty)
        let unsealed = iron(["unseal", "--lines"], stdin: Array(sealed.stdout.utf8), environment: password)
        #expect(unsealed.stdout == "{\"n\":1}\n\n\n{\"n\":2}\n")
        #expect(unsealed.status == 0)
        let inspected = iron(["inspect", "--lines", "-q"], stdin: Array(sealed.stdout.utf8))
        #expect(inspected.stdout.lines.map(\.isEmpty) == [false, true, true, false, true])
    }

    @Test("a UTF-8 byte order mark at the start of the input is skipped")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let sealed = iron(["seal"], stdin: bom + Array("{\"n\":1}".utf8), environment: password)
        #expect(sealed.status == 0)
        #expect(try unsealed(sealed.stdout) == #"{"n":1}"#)
        let batch = iron(["seal", "--lines"], stdin: bom + Array("{\"n\":1}\n{\"n\":2}\n".utf8), environment: password)
        #expect(batch.status == 0)
        #expect(iron(["unseal"], stdin: bom + Array(sealed.stdout.utf8), environment: password).stdout == "{\"n\":1}\n")
        #expect(iron(["unseal", "--lines"], stdin: bom + Array(batch.stdout.utf8), environment: password).stdout == "{\"n\":1}\n{\"n\":2}\n")
        // Only at the start: the same bytes later are data.
        #expect(iron(["seal"], stdin: Array("{\"n\":1}".utf8) + bom, environment: password).status == 65)
    }
}

@Suite("--expires-at, IRON_PASSWORD_FILE, inspect with a password")
struct TimeAndPasswordTests {
    @Test("--expires-at sets the expiration; in the past or with --ttl it is refused")
    func expiresAt() throws {
        let result = iron(["seal", "--expires-at", "2026-12-01T12:00:00Z"], stdin: Array("{}".utf8), environment: password)
        #expect(result.status == 0)
        let token = try Token(result.stdout.trimmingCharacters(in: .newlines))
        #expect(token.expiresAt?.millisecondsSince1970 == 1_796_126_400_000)
        #expect(iron(["seal", "--expires-at", "2026-11-28T00:00:00Z"], stdin: Array("{}".utf8), environment: password).status == 64)
        #expect(iron(["seal", "--expires-at", "2026-12-01T00:00:00Z", "--ttl", "1h"], stdin: Array("{}".utf8), environment: password).status == 64)
        #expect(iron(["seal", "--expires-at", "soon"], stdin: Array("{}".utf8), environment: password).status == 64)
        let resealed = iron(["reseal", "--expires-at", "1796212800000"], stdin: Array(result.stdout.utf8), environment: password)
        #expect(try Token(resealed.stdout.trimmingCharacters(in: .newlines)).expiresAt?.millisecondsSince1970 == 1_796_212_800_000)
        #expect(iron(["reseal", "--expires-at", "2020-01-01T00:00:00Z"], stdin: Array(result.stdout.utf8), environment: password).status == 64)
        #expect(iron(["reseal", "--expires-at", "2027-01-01T00:00:00Z", "-t", "1h"], stdin: Array(result.stdout.utf8), environment: password).status == 64)
    }

    @Test("inspect --json: expiresInSeconds, negative once expired; warnings with stable codes")
    func inspectJSON() throws {
        var options = SealOptions.default
        options.ttl = .seconds(90)
        let token = try Sealer(password: Password(testPassword), options: options, clock: FixedClock(millisecondsSince1970: testNow)).seal(json: Array("{}".utf8))
        let fresh = try JSONValue(parsing: iron(["inspect", "--json", token]).stdoutBytes)
        #expect(fresh["expiresInSeconds"] == .number("90"))
        #expect(fresh["warnings"] == .array([.object([.init("code", .string("no-password-id")), .init("message", .string("no password id: the app must look it up as \"default\" in a password map, and rotation cannot tell passwords apart"))])]))
        let later = try JSONValue(parsing: iron(["inspect", "--json", token], now: testNow + 90_500).stdoutBytes)
        #expect(later["expiresInSeconds"] == .number("-1"))
        let never = try JSONValue(parsing: iron(["inspect", "--json", referenceToken("{}", options: .default)]).stdoutBytes)
        #expect(never["expiresInSeconds"] == .null)
        guard case .array(let warnings)? = never["warnings"] else { Issue.record("no warnings"); return }
        #expect(warnings.compactMap { $0["code"]?.stringValue } == ["no-expiration", "no-password-id"])
    }

    @Test("inspect verifies the HMAC only with a password given by an option")
    func inspectVerifies() throws {
        let fixture = PasswordFixture()
        let good = try token(#"{"a":1}"#)
        let verified = iron(["inspect"] + fixture.arguments + [good])
        #expect(verified.status == 0)
        #expect(verified.stdout.contains("It was sealed with the password of id \"1\"."))
        #expect(verified.stdout.contains("Verified: the HMAC matches the password of id \"1\", so the fields above are authentic."))
        #expect(try JSONValue(parsing: iron(["inspect", "--json"] + fixture.arguments + [good]).stdoutBytes)["verified"] == .bool(true))
        let forged = try token(#"{"a":1}"#, password: "another-password-0123456789abcdefgh")
        let rejected = iron(["inspect"] + fixture.arguments + [forged])
        #expect(rejected.status == 1)
        #expect(rejected.stdout.isEmpty)
        #expect(rejected.stderrLines.first == "iron: error: bad hmac value: wrong password, or the token was altered")
        // IRON_PASSWORD is not an option: the fields stay unverified and nothing fails.
        let environment = iron(["inspect", forged], environment: password)
        #expect(environment.status == 0)
        #expect(environment.stdout.contains("(unverified)"))
    }

    @Test("IRON_PASSWORD_FILE: a file of secrets, after the options and never with IRON_PASSWORD")
    func passwordFileVariable() throws {
        let directory = TemporaryDirectory()
        let file = directory.write("secret", testPassword + "\n")
        let token = try token(#"{"from":"file"}"#)
        let viaFile = iron(["unseal", token], environment: ["IRON_PASSWORD_FILE": file])
        #expect(viaFile.status == 0 && viaFile.stdout == "{\"from\":\"file\"}\n")
        let both = iron(["unseal", token], environment: ["IRON_PASSWORD_FILE": file, "IRON_PASSWORD": testPassword])
        #expect(both.status == 78)
        #expect(both.stderrLines.first == "iron: error: both IRON_PASSWORD and IRON_PASSWORD_FILE are set; iron will not guess which to use")
        // An option comes first.
        let other = directory.write("other", "another-password-0123456789abcdefgh")
        #expect(iron(["unseal", "--password-file", file, token], environment: ["IRON_PASSWORD_FILE": other]).status == 0)
        #expect(iron(["unseal", token], environment: ["IRON_PASSWORD_FILE": other]).status == 1)
        let missing = iron(["unseal", token], environment: ["IRON_PASSWORD_FILE": directory.path + "/absent"])
        #expect(missing.status == 66)
        let shared = directory.write("shared", testPassword, mode: 0o640)
        #expect(iron(["unseal", token], environment: ["IRON_PASSWORD_FILE": shared]).stderr.contains("iron: warning: password file \(shared) is readable by its group (mode 0640)"))
    }

    @Test("adding to a map that others may read warns, as reading it does")
    func sharedMapWarns() throws {
        let directory = TemporaryDirectory()
        let map = directory.write("map.json", "{\"1\":\"\(testPassword)\"}\n", mode: 0o644)
        let result = iron(["password", "--map", map])
        #expect(result.status == 0 && result.stdout == "2\n")
        #expect(result.stderr == "iron: warning: password file \(map) is readable by others (mode 0644); run: chmod 600 \(map)\n")
        #expect(directory.mode("map.json") == 0o644, "the mode is kept")
    }
}

@Suite("Messages that help")
struct MessageTests {
    @Test("words people try for a command say which command it is", arguments: [
        ("decode", "iron: error: unknown command 'decode'; iron calls it unseal (to read the payload) or inspect (to see the token's fields)"),
        ("encrypt", "iron: error: unknown command 'encrypt'; iron calls it seal"),
        ("rotate", "iron: error: unknown command 'rotate'; iron calls it password --map (to add a password) and reseal (to move tokens to it)"),
    ])
    func aliases(_ word: String, _ message: String) {
        let result = iron([word])
        #expect(result.status == 64)
        #expect(result.stderrLines.first == message)
    }

    @Test("suggestions only for near misses; another command's option is named as such")
    func suggestions() {
        #expect(iron(["unseal", "--exp"]).stderrLines.first == "iron: error: unknown option --exp for 'iron unseal'")
        #expect(iron(["seal", "--exp", "1"]).stderrLines.first == "iron: error: unknown option --exp for 'iron seal'; did you mean --expires-at?")
        #expect(iron(["unseal", "--jsno"]).stderrLines.first == "iron: error: unknown option --jsno for 'iron unseal'; did you mean --json?")
        #expect(iron(["inspect", "--ttl", "5"]).stderrLines.first == "iron: error: --ttl is not an option of 'iron inspect'; it is an option of 'iron seal' and 'iron reseal'")
        #expect(iron(["password", "--json"]).stderrLines.first == "iron: error: --json is not an option of 'iron password'; it is an option of 'iron unseal' and 'iron inspect'")
    }

    @Test("unseal FILE says to give the file on standard input")
    func operandIsAFile() throws {
        let directory = TemporaryDirectory()
        let jar = directory.write("jar.txt", "# Netscape HTTP Cookie File\n")
        let result = iron(["unseal", jar], environment: password)
        #expect(result.status == 64)
        #expect(result.stderrLines == ["iron: error: the argument is the token itself, not a file to read: \(jar) is a file",
                                       "iron: hint: read it from standard input: iron unseal < \(jar)"])
    }

    @Test("seal on a terminal says once how the input ends")
    func terminalNote() {
        let result = iron(["seal"], stdin: Array("{}".utf8), environment: password, stdinIsTerminal: true)
        #expect(result.status == 0)
        #expect(result.stderr == "iron: note: reading JSON from the terminal; end it with Ctrl-D (or give a FILE, or --set PATH=VALUE)\n")
        #expect(iron(["seal"], stdin: Array("{}".utf8), environment: password).stderr.isEmpty)
    }
}
