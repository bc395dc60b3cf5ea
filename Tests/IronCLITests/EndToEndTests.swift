import Foundation
import Testing
import Iron
import IronTestSupport

/// Runs the built `iron` binary, feeding stdin and draining stdout and stderr while it runs.
struct BinaryRun {
    let status: Int32
    let signaled: Bool
    let stdout: Data
    let stderr: String
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    static var binary: URL {
        // The test bundle sits next to the products of the same build.
        let fromRunner = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("iron")
        if FileManager.default.isExecutableFile(atPath: fromRunner.path) { return fromRunner }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/iron")
    }

    static func run(_ arguments: [String], stdin: Data = Data(), environment: [String: String] = [:], prefix: [String] = [], closeStdoutEarly: Bool = false) throws -> BinaryRun {
        signal(SIGPIPE, SIG_IGN) // a child that exits early must not kill the test runner
        let process = Process()
        if prefix.isEmpty {
            process.executableURL = binary
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: prefix[0])
            process.arguments = Array(prefix.dropFirst()) + [binary.path] + arguments
        }
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        DispatchQueue.global().async(group: group) {
            if closeStdoutEarly {
                out = output.fileHandleForReading.readData(ofLength: 10)
                try? output.fileHandleForReading.close()
            } else {
                out = output.fileHandleForReading.readDataToEndOfFile()
            }
        }
        DispatchQueue.global().async(group: group) { err = errors.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) {
            try? input.fileHandleForWriting.write(contentsOf: stdin)
            try? input.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        group.wait()
        return BinaryRun(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                         stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }
}

@Suite("The built binary, end to end")
struct EndToEndTests {
    let password = PasswordFixture()

    @Test("the binary exists where the tests expect it")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: BinaryRun.binary.path), "build the package first: \(BinaryRun.binary.path)")
    }

    @Test("seal then unseal through pipes")
    func sealUnseal() throws {
        let sealed = try BinaryRun.run(["seal"] + password.arguments, stdin: Data(#"{"user":{"id":230}}"#.utf8))
        #expect(sealed.status == 0)
        #expect(sealed.stdoutText.hasPrefix("Fe26.2*1*"))
        let unsealed = try BinaryRun.run(["unseal"] + password.arguments, stdin: sealed.stdout)
        #expect(unsealed.status == 0)
        #expect(unsealed.stdoutText == "{\"user\":{\"id\":230}}\n")
        #expect(unsealed.stderr.isEmpty)
    }

    @Test("a large batch streams through the binary in order with --jobs 2")
    func batch() throws {
        let input = (0..<20_000).map { #"{"user":{"id":\#($0),"admin":false}}"# }.joined(separator: "\n") + "\n"
        let sealed = try BinaryRun.run(["seal", "--lines", "--jobs", "2"] + password.arguments, stdin: Data(input.utf8))
        #expect(sealed.status == 0)
        let unsealed = try BinaryRun.run(["unseal", "--lines", "--jobs", "2"] + password.arguments, stdin: sealed.stdout)
        #expect(unsealed.status == 0)
        #expect(unsealed.stdoutText == input)
    }

    @Test("the reference vectors through the binary: status and exact plaintext", arguments: Vector.all.filter { ["default-small-object", "unicode-and-emoji", "expired-seal", "tamper-hmac-char", "iron-session-v2-rotation-map", "tamper-password-id-unknown"].contains($0.name) })
    func vectors(_ vector: Vector) throws {
        let file = PasswordFixture(vector.passwordText)
        let result = try BinaryRun.run(["unseal"] + file.arguments + vector.flags, stdin: Data(vector.seal.utf8))
        #expect(result.status == vector.expectedStatus)
        if vector.expect == "ok" { #expect(result.stdoutText == vector.plaintext + "\n") } else { #expect(result.stdout.isEmpty) }
    }

    @Test("a reader that closes the pipe early ends the batch with exit 74, not a signal")
    func closedPipe() throws {
        let input = String(repeating: "{\"a\":1}\n", count: 100_000)
        let result = try BinaryRun.run(["seal", "--lines", "--format", "iron"] + password.arguments, stdin: Data(input.utf8), closeStdoutEarly: true)
        #expect(!result.signaled)
        #expect(result.status == 74)
    }

    @Test("without a password source or a terminal the binary exits 78", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid")))
    func noTerminal() throws {
        let result = try BinaryRun.run(["unseal", "Fe26.2**a*b*c**d*e"], prefix: ["/usr/bin/setsid", "--wait"])
        #expect(result.status == 78)
        #expect(result.stderr.hasPrefix("iron: error: no password"))
    }

    @Test("bad input never kills the binary or reports an internal error", arguments: [
        ["unseal"], ["inspect"], ["seal"], ["unseal", "--lines", "--keep-going"], ["seal", "--lines", "--keep-going"],
    ])
    func hostileInputs(_ arguments: [String]) throws {
        let inputs: [Data] = [Data(), Data([0, 0, 0]), Data([0xFF, 0xFE, 0x80]), Data(String(repeating: "[", count: 200_000).utf8),
                              Data("Fe26.2*".utf8) + Data(repeating: 0x2A, count: 10_000), Data("\"\\ud800\"".utf8)]
        for input in inputs {
            let result = try BinaryRun.run(arguments + (arguments[0] == "inspect" ? [] : password.arguments), stdin: input)
            #expect(!result.signaled)
            #expect([0, 1, 2, 3, 65].contains(result.status), "\(arguments) exited \(result.status): \(result.stderr)")
            for line in result.stderr.split(separator: "\n") { #expect(line.hasPrefix("iron: ")) }
        }
    }

    @Test("--help from the binary matches the in-process help")
    func help() throws {
        let result = try BinaryRun.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdoutText == iron("--help").stdout)
    }
}

@Suite("Every exit path flushes standard error")
struct FlushedErrorTests {
    @Test("bare iron prints its usage on standard error and exits 64")
    func bare() throws {
        let result = try BinaryRun.run([])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Usage:"))
        #expect(result.stderr.contains("iron seal"))
    }

    @Test("errors reach the screen from the binary", arguments: [["decode"], ["seal", "--nope"], ["unseal", "--now", "soon"]])
    func errors(_ arguments: [String]) throws {
        let result = try BinaryRun.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("iron: error: "))
    }
}
