import Foundation
import Iron
import IronTestSupport
import Testing
@testable import IronCLI

/// A `save[]` case of `Fixtures/iron-session-cookies.json` as command-line options.
struct SetCookieCase: Sendable, CustomStringConvertible {
    let name: String
    let cookieName: String
    let token: String
    let flags: [String]
    let setCookie: String
    let destroySetCookie: String
    var description: String { name }

    static let all: [SetCookieCase] = {
        let data = try! Data(contentsOf: Vector.fixturesDirectory.appendingPathComponent("iron-session-cookies.json"))
        let fixture = try! JSONValue(parsing: Array(data))
        guard case .array(let saves)? = fixture["save"], case .array(let destroys)? = fixture["destroy"] else { fatalError("no save or destroy cases") }
        let cleared = Dictionary(uniqueKeysWithValues: destroys.map { ($0["name"]!.stringValue!, $0["setCookie"]!.stringValue!) })
        return saves.map { item in
            let name = item["name"]!.stringValue!
            return SetCookieCase(name: name, cookieName: item["cookieName"]!.stringValue!, token: item["token"]!.stringValue!,
                                 flags: flags(item["options"]!), setCookie: item["setCookie"]!.stringValue!, destroySetCookie: cleared[name]!)
        }
    }()

    /// iron-session's options as `iron seal` flags.
    private static func flags(_ options: JSONValue) -> [String] {
        var flags: [String] = []
        if case .number(let seconds)? = options["ttl"] { flags += ["--ttl", seconds] }
        guard case .object(let members)? = options["cookieOptions"] ?? .object([]) else { fatalError("cookieOptions") }
        for member in members {
            switch (member.key, member.value) {
            case ("maxAge", .string("(undefined)")): flags.append("--session-cookie")
            case ("maxAge", .number(let seconds)): flags += ["--cookie-max-age", seconds]
            case ("secure", .bool(false)): flags.append("--no-secure")
            case ("httpOnly", .bool(false)): flags.append("--no-http-only")
            case ("partitioned", .bool(true)): flags.append("--partitioned")
            case ("domain", .string(let text)): flags += ["--cookie-domain", text]
            case ("path", .string(let text)): flags += ["--cookie-path", text]
            case ("priority", .string(let text)): flags += ["--priority", text]
            case ("sameSite", .bool(true)): flags += ["--same-site", "strict"]
            case ("sameSite", .string(let text)): flags += ["--same-site", text]
            case ("expires", .string(let text)): flags += ["--cookie-expires", text]
            default: fatalError("unknown cookie option \(member.key)")
            }
        }
        return flags
    }
}

@Suite("iron seal --set-cookie and --cookie-header: iron-session's headers")
struct SetCookieCommandTests {
    let password = PasswordFixture()

    @Test("the Set-Cookie of save() for each of iron-session's option sets, byte for byte but the token", arguments: SetCookieCase.all)
    func save(_ vector: SetCookieCase) throws {
        let result = iron(["seal", "--set-cookie", vector.cookieName] + vector.flags + password.arguments, stdin: Array(#"{"user":{"id":230}}"#.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let header = result.stdout.trimmingCharacters(in: .newlines)
        let prefix = vector.cookieName + "="
        #expect(header.hasPrefix(prefix))
        let token = String(header.dropFirst(prefix.count).prefix { $0 != ";" })
        #expect(header.replacingOccurrences(of: token, with: vector.token) == vector.setCookie)
        // The token is the session: iron-session's format, this payload, the ttl the cookie implies.
        let parsed = try Token(token)
        #expect(parsed.versionSuffix == "2" && parsed.passwordId == "1")
        let unsealed = try Unsealer(password: Password(testPassword), options: .default, clock: FixedClock(millisecondsSince1970: testNow)).unseal(token)
        #expect(unsealed.text == #"{"user":{"id":230}}"#)
        var seconds: Int64 = 1_209_600
        if let flag = vector.flags.firstIndex(of: "--ttl") { seconds = Int64(vector.flags[flag + 1])! }
        if vector.flags.contains("--session-cookie") { seconds = 0 }
        #expect(parsed.expiresAt?.millisecondsSince1970 == (seconds == 0 ? nil : testNow + seconds * 1000))
    }

    @Test("--destroy prints the header of destroy(), with no input and no password", arguments: SetCookieCase.all)
    func destroy(_ vector: SetCookieCase) {
        let result = iron(["seal", "--set-cookie", vector.cookieName, "--destroy"] + vector.flags)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == vector.destroySetCookie + "\n")
    }

    @Test("--cookie-header prints what a browser would send, for curl -H")
    func cookieHeader() throws {
        let result = iron(["seal", "--cookie-header", "myapp_session"] + password.arguments, stdin: Array("{}".utf8))
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Cookie: myapp_session=Fe26.2*1*") && result.stdout.hasSuffix("~2\n"))
        let token = String(result.stdout.dropFirst("Cookie: myapp_session=".count).dropLast())
        #expect(iron(["unseal", "--cookie", "myapp_session"] + password.arguments, stdin: Array(result.stdout.utf8)).stdout == "{}\n")
        #expect(try Token(token).passwordId == "1")
    }

    @Test("a header over 4096 bytes is refused with its length, as iron-session refuses it")
    func tooLarge() {
        let big = Array("{\"a\":\"\(String(repeating: "x", count: 3000))\"}".utf8)
        let result = iron(["seal", "--set-cookie", "s"] + password.arguments, stdin: big)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.first?.hasPrefix("iron: error: iron-session: Cookie length is too big (") == true)
        #expect(result.stderrLines.first?.hasSuffix(" bytes), browsers will refuse it. Try to remove some data.") == true)
    }

    @Test("cookie options that make no sense together are usage errors", arguments: [
        ["--same-site", "lax"], ["--destroy"], ["--set-cookie", "s", "--cookie-header", "s"], ["--set-cookie", "s", "--link", "https://x/{token}"],
        ["--set-cookie", "s", "--format", "iron"], ["--set-cookie", "s", "--session-cookie", "--ttl", "1h"], ["--set-cookie", "bad name"],
        ["--set-cookie", "s", "--cookie-path", "/a;b"], ["--set-cookie", "s", "--cookie-expires", "tomorrow"],
    ])
    func conflicts(_ flags: [String]) {
        let result = iron(["seal"] + flags + password.arguments, stdin: Array("{}".utf8))
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1 && result.stderrLines[0].hasPrefix("iron: error: "))
    }
}
