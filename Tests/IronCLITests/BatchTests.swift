import Foundation
import Testing
import Iron
import IronTestSupport
@testable import IronCLI

@Suite("--lines batches")
struct BatchTests {
    let password = PasswordFixture()

    func payloads(_ count: Int) -> [String] { (0..<count).map { #"{"user":{"id":\#($0),"admin":false}}"# } }

    @Test("seal --lines then unseal --lines gives the input back, line for line, in order", arguments: [1, 2])
    func roundTrip(jobs: Int) {
        let input = payloads(500).joined(separator: "\n") + "\n"
        let sealed = iron(["seal", "--lines", "--jobs", String(jobs)] + password.arguments, stdin: Array(input.utf8))
        #expect(sealed.status == 0)
        let tokens = sealed.stdout.split(separator: "\n")
        #expect(tokens.count == 500)
        #expect(Set(tokens).count == 500)
        let unsealed = iron(["unseal", "--lines", "--jobs", String(jobs)] + password.arguments, stdin: sealed.stdoutBytes)
        #expect(unsealed.status == 0)
        #expect(unsealed.stdout == input)
    }

    @Test("--jobs 1 and --jobs 4 give the same payloads in the same order across chunk boundaries")
    func jobsKeepOrder() {
        let input = payloads(10_000).joined(separator: "\n")
        let one = iron(["seal", "--lines", "--jobs", "1", "--format", "iron"] + password.arguments, stdin: Array(input.utf8))
        let four = iron(["seal", "--lines", "--jobs", "4", "--format", "iron"] + password.arguments, stdin: Array(input.utf8))
        let back1 = iron(["unseal", "--lines", "--jobs", "4"] + password.arguments, stdin: one.stdoutBytes)
        let back4 = iron(["unseal", "--lines", "--jobs", "1"] + password.arguments, stdin: four.stdoutBytes)
        #expect(back1.stdout == input + "\n")
        #expect(back4.stdout == back1.stdout)
    }

    @Test("a bad line stops the run with its line number and the single-input status")
    func badLineStops() {
        let input = ["1", "2", "{bad", "4"].joined(separator: "\n")
        let result = iron(["seal", "--lines"] + password.arguments, stdin: Array(input.utf8))
        #expect(result.status == 65)
        #expect(result.stdout.split(separator: "\n").count == 2)
        #expect(result.stderrLines.first?.hasPrefix("iron: error: line 3: the input is not JSON") == true)
    }

    @Test("--keep-going writes an empty line for each bad line, reports each, and exits non-zero")
    func keepGoing() throws {
        let good = try referenceToken("1")
        let input = [good, "garbage", good, "Fe26.2**a*b*c**d*e", good].joined(separator: "\n")
        let result = iron(["unseal", "--lines", "--keep-going"] + password.arguments, stdin: Array(input.utf8))
        #expect(result.status == 65)
        #expect(result.stdout == "1\n\n1\n\n1\n")
        #expect(result.stderrLines.count == 2)
        #expect(result.stderrLines[0].hasPrefix("iron: error: line 2: no iron token found"))
        #expect(result.stderrLines[1].hasPrefix("iron: error: line 4: bad hmac value"))
    }

    @Test("empty input gives no output and status 0", arguments: ["seal", "unseal", "inspect", "reseal"])
    func emptyInput(_ command: String) {
        let result = iron([command, "--lines"] + (command == "inspect" ? [] : password.arguments), stdin: [])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test("a final line without newline and CRLF lines are handled")
    func lineEndings() {
        let result = iron(["seal", "--lines", "--format", "iron"] + password.arguments, stdin: Array("[1]\r\n[2]\r\n[3]".utf8))
        #expect(result.status == 0)
        let back = iron(["unseal", "--lines"] + password.arguments, stdin: Array(result.stdout.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(back.stdout == "[1]\n[2]\n[3]\n")
    }

    @Test("an empty line gives an empty line and is no failure, so the output stays aligned")
    func emptyLine() {
        let result = iron(["seal", "--lines"] + password.arguments, stdin: Array("1\n\n\t \r\n3\n".utf8))
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(\.isEmpty) == [false, true, true, false, true])
    }

    @Test("--link works per line")
    func linkPerLine() {
        let result = iron(["seal", "--lines", "--ttl", "15m", "--link", "https://x.test/l?t={token}"] + password.arguments, stdin: Array("1\n2\n".utf8))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("https://x.test/l?t=Fe26.2%2A1%2A") })
        #expect(iron(["unseal", "--lines"] + password.arguments, stdin: result.stdoutBytes).stdout == "1\n2\n")
    }

    @Test("inspect --lines prints one JSON record per token; reseal --lines rotates each")
    func inspectAndReseal() throws {
        let tokens = try (0..<3).map { try referenceToken("\($0)") }.joined(separator: "\n")
        let inspected = iron(["inspect", "--lines"], stdin: Array(tokens.utf8))
        #expect(inspected.status == 0)
        for line in inspected.stdout.split(separator: "\n") {
            #expect(try JSONValue(parsing: Array(line.utf8))["prefix"] == .string("Fe26.2"))
        }
        let map = PasswordFixture("{\"1\": \"\(testPassword)\", \"2\": \"public-rotation-two-bbbbbbbbbbbbbbbb\"}")
        let resealed = iron(["reseal", "--lines"] + map.arguments, stdin: Array(tokens.utf8))
        #expect(resealed.status == 0)
        for line in resealed.stdout.split(separator: "\n") { #expect(try Token(String(line)).passwordId == "2") }
        #expect(iron(["unseal", "--lines"] + map.arguments, stdin: resealed.stdoutBytes).stdout == "0\n1\n2\n")
    }

    @Test("--pretty and an operand do not go with --lines")
    func conflicts() {
        #expect(iron(["unseal", "--lines", "--pretty"] + password.arguments).status == 64)
        #expect(iron(["unseal", "--lines", "Fe26.2"] + password.arguments).status == 64)
    }

    @Test("a line longer than --max-size stops the batch with 65")
    func longLine() {
        let result = iron(["seal", "--lines", "--max-size", "100"] + password.arguments, stdin: Array(("\"" + String(repeating: "x", count: 70_000) + "\"\n").utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains("line 1 is longer than 100 bytes"))
    }
}

@Suite("Password sources")
struct PasswordSourceTests {
    @Test("--password-env, IRON_PASSWORD and a prompt each work")
    func sources() throws {
        let token = try referenceToken("1")
        #expect(iron(["unseal", token, "--password-env", "APP_SECRET"], environment: ["APP_SECRET": testPassword]).stdout == "1\n")
        #expect(iron(["unseal", token], environment: ["IRON_PASSWORD": testPassword]).stdout == "1\n")
        var asked = ""
        let prompted = iron(["unseal", token], prompt: { asked = $0; return Array(testPassword.utf8) })
        #expect(prompted.stdout == "1\n")
        #expect(asked == "iron: password: ")
    }

    @Test("--password-fd reads a descriptor")
    func fileDescriptor() throws {
        let token = try referenceToken("1")
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data((testPassword + "\n").utf8))
        try pipe.fileHandleForWriting.close()
        let fd = pipe.fileHandleForReading.fileDescriptor
        #expect(iron(["unseal", token, "--password-fd", String(fd)]).stdout == "1\n")
        #expect(iron(["unseal", token, "--password-fd", "999"]).status == 66)
        #expect(iron(["unseal", token, "--password-fd", "x"]).status == 64)
    }

    @Test("with no source and no terminal: exit 78 with a hint")
    func noSource() {
        let result = iron(["unseal", "Fe26.2**a*b*c**d*e"], prompt: { _ in nil })
        #expect(result.status == 78)
        #expect(result.stderr == "iron: error: no password: none was given and there is no terminal to ask on\niron: hint: give the password with --password-file FILE, --password-env NAME, --password-fd N, IRON_PASSWORD_FILE or IRON_PASSWORD\n")
    }

    @Test("a flag source beats IRON_PASSWORD; two flag sources are a usage error")
    func precedence() throws {
        let token = try referenceToken("1")
        let file = PasswordFixture()
        #expect(iron(["unseal", token] + file.arguments, environment: ["IRON_PASSWORD": "wrong-password-wrong-password-wrong"]).stdout == "1\n")
        let both = iron(["unseal", token, "--password-env", "X"] + file.arguments)
        #expect(both.status == 64)
        #expect(both.stderr.contains("give one password source"))
    }

    @Test("one trailing newline (LF or CRLF) is not part of the password; more are", arguments: ["\n", "\r\n", ""])
    func trailingNewline(_ ending: String) throws {
        let token = try referenceToken("1")
        let one = PasswordFixture(testPassword + ending), two = PasswordFixture(testPassword + "\n\n")
        #expect(iron(["unseal", token] + one.arguments).status == 0)
        #expect(iron(["unseal", token] + two.arguments).status == 1)
    }

    @Test("empty, short and malformed password configurations exit 78", arguments: [
        ("", "empty password in password file"),
        ("\n", "empty password in password file"),
        ("short\n", "password string too short (min 32 characters required)"),
        ("{\"1\": }", "malformed password map in password file"),
        ("[{\"password\": \"x\"}]", "malformed password map in password file"),
        ("{}", "malformed password map in password file"),
    ])
    func badConfiguration(_ contents: String, _ message: String) throws {
        let token = try referenceToken("1")
        let file = PasswordFixture(contents)
        let result = iron(["unseal", token] + file.arguments)
        #expect(result.status == 78)
        #expect(result.stderrLines.first?.contains(message) == true, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a password file readable by others gets a warning")
    func permissiveFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("pw", testPassword, mode: 0o644)
        let result = iron(["unseal", try referenceToken("1"), "--password-file", path])
        #expect(result.status == 0)
        #expect(result.stderr == "iron: warning: password file \(path) is readable by others (mode 0644); run: chmod 600 \(path)\n")
        #expect(iron(["unseal", try referenceToken("1"), "--password-file", directory.write("pw2", testPassword, mode: 0o640)]).stderr.contains("readable by its group"))
    }

    @Test("a missing password file exits 66; a missing variable 78")
    func missing() {
        #expect(iron("unseal", "x", "--password-file", "/nonexistent/pw").status == 66)
        #expect(iron("unseal", "x", "--password-env", "NOPE").status == 78)
    }

    @Test("iron-session's array form and separate secrets work as password files")
    func mapForms() throws {
        let token = try Sealer(password: Password(testPassword, id: "2"), options: .ironSession, clock: FixedClock(millisecondsSince1970: testNow)).seal(json: Array("1".utf8))
        let array = PasswordFixture("[{\"id\": 2, \"password\": \"\(testPassword)\"}]")
        #expect(iron(["unseal", token] + array.arguments).stdout == "1\n")
        let split = try Sealer(password: Password(id: "s", encryption: .init(testPassword), integrity: .init("public-integrity-secret-iiiiiiiiiiiii")), options: .default).seal(json: Array("2".utf8))
        let separate = PasswordFixture("{\"s\": {\"encryption\": \"\(testPassword)\", \"integrity\": \"public-integrity-secret-iiiiiiiiiiiii\"}}")
        #expect(iron(["unseal", split] + separate.arguments).stdout == "2\n")
    }
}

@Suite("Batch progress")
struct ProgressTests {
    @Test("a long batch shows a progress line on a terminal, and clears it; nothing when stderr is not a terminal")
    func progressLine() {
        let password = PasswordFixture()
        let input = Array(String(repeating: "{\"a\":1}\n", count: 10_000).utf8)
        let shown = iron(["seal", "--lines"] + password.arguments, stdin: input, stderrIsTerminal: true, progressTiming: (0, 0))
        #expect(shown.status == 0)
        #expect(shown.stderr.contains("\r\u{1B}[Kiron: 8192 lines, "))
        #expect(shown.stderr.hasSuffix("\r\u{1B}[K"))
        // "N lines, R/s, E s": the rate and elapsed time depend on the machine.
        #expect(shown.stderr.contains("/s, ") && shown.stderr.contains(" s\r"))
        let hidden = iron(["seal", "--lines"] + password.arguments, stdin: input, stderrIsTerminal: false, progressTiming: (0, 0))
        #expect(hidden.stderr.isEmpty)
    }
}

@Suite("The default --jobs: affinity and cgroup quotas")
struct ProcessorLimitTests {
    @Test("cgroup v2 cpu.max: a quota rounds up to whole processors; max is none", arguments: [
        ("200000 100000\n", 2), ("150000 100000", 2), ("50000 100000", 1), ("max 100000\n", nil), ("garbage", nil), ("0 100000", nil),
    ] as [(String, Int?)])
    func cpuMax(_ text: String, _ expected: Int?) {
        #expect(ProcessorLimits.fromCPUMax(text) == expected)
    }

    @Test("cgroup v1: quota and period in microseconds; -1 is none")
    func v1() {
        #expect(ProcessorLimits.fromV1(quota: "250000\n", period: "100000\n") == 3)
        #expect(ProcessorLimits.fromV1(quota: "-1\n", period: "100000\n") == nil)
    }

    @Test("the affinity mask of /proc/self/status counts its bits")
    func affinity() {
        #expect(ProcessorLimits.fromAffinityMask("\t3") == 2)
        #expect(ProcessorLimits.fromAffinityMask("ff,00000001") == 9)
        #expect(ProcessorLimits.fromAffinityMask("0") == nil)
        #expect(ProcessorLimits.fromAffinityMask("zz") == nil)
    }

    @Test("this process: at least one, at most the processors online")
    func thisProcess() {
        let count = ProcessEnvironment.processorCount()
        #expect(count >= 1)
    }
}

@Suite("--lines from a regular file (mapped)")
struct MappedBatchTests {
    let password = PasswordFixture()

    /// The same run with the input in memory (read) and in a regular file (mapped).
    func bothWays(_ arguments: [String], _ input: [UInt8], offset: Int = 0) -> (read: CLIResult, mapped: CLIResult) {
        (iron(arguments + password.arguments, stdin: Array(input[offset...])),
         iron(arguments + password.arguments, stdinFile: StdinFile(input, offset: offset)))
    }

    @Test("many lines across chunks, with --jobs 1 and 3: the same output, in order", arguments: [1, 3])
    func sameOutput(jobs: Int) {
        let input = (0..<20_000).map { #"{"id":\#($0)}"# }.joined(separator: "\n") + "\n"
        let (read, mapped) = bothWays(["seal", "--lines", "--jobs", String(jobs), "--format", "iron"], Array(input.utf8))
        #expect(read.status == 0 && mapped.status == 0)
        #expect(mapped.stdout.split(separator: "\n").count == 20_000)
        let back = iron(["unseal", "--lines", "--jobs", String(jobs)] + password.arguments, stdinFile: StdinFile(mapped.stdoutBytes))
        #expect(back.stdout == input)
    }

    @Test("a byte order mark, CRLF, blank lines and a last line without a newline read as from a pipe")
    func edges() {
        let input = Array("\u{FEFF}1\r\n\n  \n\"two\"\r\n3".utf8)
        let (read, mapped) = bothWays(["seal", "--lines", "--format", "iron"], input)
        #expect(read.status == 0 && mapped.status == 0)
        let back = iron(["unseal", "--lines"] + password.arguments, stdinFile: StdinFile(mapped.stdoutBytes))
        #expect(back.stdout == "1\n\n\n\"two\"\n3\n")
        #expect(mapped.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == read.stdout.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    @Test("input a previous reader left part-way (not at a page boundary) starts where it was left")
    func offset() {
        let input = Array((0..<3000).map { String($0) }.joined(separator: "\n").utf8)
        let start = input.firstIndex(of: 0x0A)! + 1 + 4096 // the start of a line past the first page
        let lineStart = input[start...].firstIndex(of: 0x0A)! + 1
        let (read, mapped) = bothWays(["seal", "--lines", "--format", "iron"], input, offset: lineStart)
        #expect(read.status == 0 && mapped.status == 0)
        let back = iron(["unseal", "--lines"] + password.arguments, stdin: mapped.stdoutBytes)
        #expect(back.stdout == String(decoding: input[lineStart...], as: UTF8.self) + "\n")
    }

    @Test("a line longer than --max-size stops the batch with 65, read or mapped, wherever it lies")
    func longLine() {
        for input in ["1\n" + String(repeating: "2", count: 150) + "\n3\n", "1\n" + String(repeating: "2", count: 150)] {
            let (read, mapped) = bothWays(["seal", "--lines", "--max-size", "100"], Array(input.utf8))
            for result in [read, mapped] {
                #expect(result.status == 65)
                #expect(result.stderr.contains("line 2 is longer than 100 bytes"))
            }
        }
    }

    @Test("input that cannot be read (a folder) is 66 with the reason, for standard input and a FILE, on 1 or 2 threads", arguments: ["1", "2"])
    func unreadable(jobs: String) {
        let piped = iron(["unseal", "--lines", "--jobs", jobs] + password.arguments, stdinFile: StdinFile(folder: ()))
        #expect(piped.status == 66)
        #expect(piped.stderr == "iron: error: cannot read standard input: Is a directory\n")
        let folder = TemporaryDirectory()
        let named = iron(["seal", "--lines", "--jobs", jobs, folder.path] + password.arguments)
        #expect(named.status == 66)
        #expect(named.stderr == "iron: error: cannot read \(folder.path): Is a directory\n")
    }

    @Test("a bad line stops a mapped batch at that line; --keep-going goes on", arguments: [false, true])
    func failures(keepGoing: Bool) throws {
        let good = try referenceToken("1")
        let input = Array(([good, good, "garbage"] + Array(repeating: good, count: 5000)).joined(separator: "\n").utf8)
        let (read, mapped) = bothWays(["unseal", "--lines", "--jobs", "2"] + (keepGoing ? ["--keep-going"] : []), input)
        #expect(mapped.status == 65)
        #expect(mapped.stdout == read.stdout)
        #expect(mapped.stderr == read.stderr)
        #expect(mapped.stdout == (keepGoing ? "1\n1\n\n" + String(repeating: "1\n", count: 5000) : "1\n1\n"))
    }
}

@Suite("--lines chunks and pieces, at random")
struct RandomBatchTests {
    let password = PasswordFixture()

    /// Lines of tokens with blank, blank-looking, CRLF-ended and bad lines among them, a byte order
    /// mark now and then, a last newline or not: however a batch cuts them into chunks and pieces,
    /// read 4093 bytes at a time or mapped, on one thread or three, the output and the messages are
    /// those of one thread reading.
    @Test("random batches give the same output, messages and status read or mapped, on 1 or 3 threads", arguments: 0..<8)
    func sameEverywhere(seed: UInt64) throws {
        var random = SeededGenerator(seed: 0x1F0E_2026 &+ seed)
        let tokens = try (0..<20).map { try referenceToken(#"{"n":\#($0),"pad":"\#(String(repeating: "x", count: Int($0) * 37))"}"#) }
        var lines: [String] = []
        for _ in 0..<Int.random(in: 1...1200, using: &random) {
            switch Int.random(in: 0..<24, using: &random) {
            case 0: lines.append("")
            case 1: lines.append(" \t")
            case 2: lines.append(tokens.randomElement(using: &random)! + "\r")
            case 3: lines.append("garbage")
            default: lines.append(tokens.randomElement(using: &random)!)
            }
        }
        lines.append(tokens[0]) // a last line that is not blank, so that the lines can be counted
        var text = lines.joined(separator: "\n") + (Bool.random(using: &random) ? "\n" : "")
        if seed % 3 == 0 { text = "\u{FEFF}" + text }
        let input = Array(text.utf8)
        let arguments = ["unseal", "--lines", "--keep-going"] + password.arguments
        let reference = iron(arguments + ["--jobs", "1"], stdin: input)
        #expect(reference.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == lines.count + 1)
        for jobs in ["1", "3"] {
            for result in [iron(arguments + ["--jobs", jobs], stdin: input), iron(arguments + ["--jobs", jobs], stdinFile: StdinFile(input))] {
                #expect(result.status == reference.status)
                #expect(result.stdout == reference.stdout)
                #expect(result.stderr == reference.stderr)
            }
        }
    }
}

@Suite("Gathered output")
struct GatheredOutputTests {
    @Test("write(pieces:) to a file: 3,000 pieces of 0 to 99 bytes (more than one writev's 1,024), after buffered bytes, in order")
    func manyPieces() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("out", "")
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var random = SeededGenerator(seed: 7)
        let pieces = (0..<3000).map { k in [UInt8](repeating: UInt8(k % 251), count: Int.random(in: 0..<100, using: &random)) }
        let output = FileDescriptorOutput(descriptor)
        try output.write(Array("first ".utf8).span)
        try output.write(pieces: pieces)
        try output.write(pieces: [Array("small".utf8)]) // under a quarter of the buffer: buffered
        try output.flush()
        let written = try #require(FileManager.default.contents(atPath: path))
        #expect([UInt8](written) == Array("first ".utf8) + pieces.flatMap { $0 } + Array("small".utf8))
    }
}

@Suite("--lines pieces: each line in exactly one piece")
struct PieceTests {
    /// Random chunks of short and long lines (some longer than a piece, some empty), cut into 1 to
    /// 70 pieces: the pieces follow one another with no gap or overlap, from 0 to the end, and
    /// each begins where a line begins.
    @Test func piecesCutAChunkAtLineStartsOnly() {
        var random = SeededGenerator(seed: 2026_11_29)
        for _ in 0..<2_000 {
            let lines = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                [UInt8](repeating: 0x61, count: Int.random(in: 0...(Bool.random(using: &random) ? 5 : 300), using: &random))
            }
            var chunk = Array(lines.joined(separator: [0x0A]))
            if Bool.random(using: &random) && !chunk.isEmpty { chunk.append(0x0A) }
            let count = Int.random(in: 1...70, using: &random)
            let pieces = (0..<count).map { LineBatch.piece($0, of: count, in: chunk.span) }
            #expect(pieces.first?.lowerBound == 0)
            #expect(pieces.last?.upperBound == chunk.count)
            for k in 1..<count { #expect(pieces[k].lowerBound == pieces[k - 1].upperBound) }
            for piece in pieces where !piece.isEmpty && piece.lowerBound > 0 {
                #expect(chunk[piece.lowerBound - 1] == 0x0A, "piece \(piece) of \(chunk.count) bytes starts inside a line")
            }
        }
    }
}
