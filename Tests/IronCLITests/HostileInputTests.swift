import Foundation
import Testing
import Iron
@testable import IronCLI

/// Hostile input: every small corruption of a valid token, and pathological documents, each get a
/// documented status, one `iron: error:` line (plus hints), nothing on stdout, and never 70.
@Suite("Hostile input")
struct HostileInputTests {
    static let documented: Set<Int32> = [1, 2, 3, 65]
    let password = PasswordFixture()

    func check(_ result: CLIResult, _ what: String) {
        #expect(Self.documented.contains(result.status), "\(what): status \(result.status) \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(what): printed \(result.stdout)")
        let lines = result.stderrLines
        #expect(lines.first?.hasPrefix("iron: error: ") == true, "\(what): \(result.stderr)")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("iron: hint: ") } && lines.count <= 3, "\(what): \(result.stderr)")
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_*~.".utf8)

    /// A replacement for the byte at `index` that differs from it, cycling through the alphabet.
    static func substitute(_ bytes: [UInt8], at index: Int, variant: Int) -> [UInt8] {
        var copy = bytes
        var candidate = alphabet[(index * 7 + variant * 13) % alphabet.count]
        if candidate == copy[index] { candidate = alphabet[(index * 7 + variant * 13 + 1) % alphabet.count] }
        copy[index] = candidate
        return copy
    }

    @Test("every single-character substitution, deletion and truncation of a token is rejected", arguments: [false, true])
    func corruptions(session: Bool) throws {
        let token = Array(try referenceToken(#"{"user":{"id":230}}"#, options: session ? .ironSession : .default).utf8)
        var tried = 0
        for index in token.indices {
            var variants: [[UInt8]] = [Self.substitute(token, at: index, variant: 0), Self.substitute(token, at: index, variant: 1)]
            var deleted = token
            deleted.remove(at: index)
            variants.append(deleted)
            variants.append(Array(token[..<index]))
            for variant in variants {
                // iron-session's "~X" is not covered by the HMAC: iron-session 8 unseals what precedes
                // the first "~", so a token whose suffix changed or went still opens (as in
                // JavaScript), as a legacy one when the version is no longer 2.
                let body = token.split(separator: UInt8(ascii: "~"), omittingEmptySubsequences: false)[0]
                let stillOpens = variant.split(separator: UInt8(ascii: "~"), omittingEmptySubsequences: false)[0] == body
                let result = iron(["unseal"] + password.arguments, stdin: variant)
                tried += 1
                if stillOpens {
                    #expect(result.status == 0)
                    #expect(result.stdout == "{\"user\":{\"id\":230}}\n")
                } else {
                    check(result, "unseal \(String(decoding: variant, as: UTF8.self))")
                }
            }
        }
        #expect(tried == token.count * 4)
    }

    static let documents: [(String, [UInt8])] = {
        let open = [UInt8](repeating: UInt8(ascii: "["), count: 200_000)
        let close = [UInt8](repeating: UInt8(ascii: "]"), count: 200_000)
        let binary: [UInt8] = (0..<4096).map { (n: Int) -> UInt8 in UInt8(truncatingIfNeeded: (n &* 2_654_435_761) >> 13) }
        var list: [(String, [UInt8])] = []
        list.append(("deeply nested", open))
        list.append(("nested and closed", open + close))
        list.append(("binary", binary))
        list.append(("invalid UTF-8", Array("{\"a\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)))
        list.append(("an encoded lone surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22]))
        list.append(("an overlong encoding", [0x22, 0xC0, 0xAF, 0x22]))
        list.append(("NUL in a string", Array("{\"a\":\"x".utf8) + [0] + Array("\"}".utf8)))
        list.append(("NUL outside", [0, 0x7B, 0x7D]))
        list.append(("empty", []))
        list.append(("whitespace", Array(" \n\t\r ".utf8)))
        list.append(("a byte order mark inside", [0x7B, 0xEF, 0xBB, 0xBF, 0x7D])) // one at the start is skipped (ScriptingTests)
        return list
    }()

    @Test("pathological documents to seal get a one-line error and exit 65", arguments: documents)
    func hostileDocuments(_ name: String, _ input: [UInt8]) {
        let result = iron(["seal"] + password.arguments, stdin: input)
        #expect(result.status == 65, "\(name): \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("iron: error: "), "\(name): \(result.stderr)")
    }

    @Test("a lone surrogate escape is valid JSON, as in JavaScript, and round-trips")
    func escapedLoneSurrogate() {
        let sealed = iron(["seal"] + password.arguments, stdin: Array(#"["\ud800"]"#.utf8))
        #expect(sealed.status == 0)
        #expect(iron(["unseal"] + password.arguments, stdin: sealed.stdoutBytes).stdout == "[\"\\ud800\"]\n")
    }

    @Test("an input over --max-size is refused before it is read whole", arguments: ["seal", "unseal", "inspect"])
    func oversized(_ command: String) {
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: (16 << 20) + 1)
        let result = iron([command] + (command == "inspect" ? [] : password.arguments), stdin: huge)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("iron: error: the input is larger than the limit of 16777216 bytes"))
    }

    @Test("pathological texts to unseal and inspect get a one-line error", arguments: ["unseal", "inspect"])
    func hostileTokens(_ command: String) {
        let inputs: [[UInt8]] = [
            [], [0, 0, 0], [0xFF, 0xFE, 0x80],
            Array("Fe26.2".utf8) + [UInt8](repeating: UInt8(ascii: "*"), count: 100_000),
            Array("Fe26.2*1*".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
            Array(String(repeating: "Fe26.", count: 10_000).utf8),
            Array("Fe26.2**a*b*c*99999999999999999999999999999999*d*e".utf8),
            Array("Fe26.2**a*b*c*-1*d*e".utf8),
            Array("Cookie: a=Fe26.2*x; b=Fe26.2*y".utf8),
        ]
        for input in inputs {
            let result = iron([command] + (command == "inspect" ? [] : password.arguments), stdin: input)
            check(result, "\(command) \(input.prefix(40))")
        }
    }
}

@Suite("Limits on unsealed payloads")
struct PayloadLimitTests {
    @Test("a payload nested deeper than --max-depth exits 65 with a hint; raising the limit reads it")
    func deepPayload() throws {
        let password = PasswordFixture()
        let deep = String(repeating: "[", count: 12_000) + String(repeating: "]", count: 12_000)
        let token = try Sealer(password: Password(testPassword), options: .ironSession, clock: FixedClock(millisecondsSince1970: testNow))
            .seal(json: Array(deep.utf8), limits: .unlimited)
        let refused = iron(["unseal", token] + password.arguments)
        #expect(refused.status == 65)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == "iron: error: the payload is over a limit: nesting deeper than 10000 levels\niron: hint: raise the limit with --max-depth\n")
        let read = iron(["unseal", token, "--max-depth", "20000"] + password.arguments)
        #expect(read.status == 0)
        #expect(read.stdout == deep + "\n")
    }
}
