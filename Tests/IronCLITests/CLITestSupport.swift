import Foundation
import Iron
@testable import IronCLI

/// What one in-process run of `iron` did.
struct CLIResult {
    let status: Int32
    let stdoutBytes: [UInt8]
    let stderr: String
    var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// 2026-11-29T00:00:00Z: after the vectors' expired tokens, before their 2101 ones.
let testNow: Int64 = 1_795_910_400_000

let testPassword = "public-password-0123456789abcdef"

/// Runs `iron` in process with memory streams.
func iron(_ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:], now: Int64 = testNow,
          stdinIsTerminal: Bool = false, stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false, prompt: ((String) -> [UInt8]?)? = nil,
          stdoutFails: Bool = false, processors: Int = 2, writeFile: @escaping (Int32, [UInt8]) -> Int32 = IO.writeAll,
          progressTiming: (delay: Double, interval: Double) = (1, 0.25), stdinFile: StdinFile? = nil) -> CLIResult {
    let stdout = MemoryOutput()
    stdout.failWrites = stdoutFails
    let stderr = MemoryOutput()
    let io = IO(stdin: stdinFile.map { FileDescriptorInput($0.descriptor) } ?? MemoryInput(stdin, chunkSize: 4093), stdout: stdout, stderr: stderr, environment: environment,
                stdinIsTerminal: stdinIsTerminal, stdoutIsTerminal: stdoutIsTerminal, stderrIsTerminal: stderrIsTerminal,
                promptPassword: prompt, clock: FixedClock(millisecondsSince1970: now), processorCount: processors, writeFile: writeFile,
                progressTiming: progressTiming)
    let status = run(["iron"] + arguments, io: io)
    return CLIResult(status: status, stdoutBytes: stdout.bytes, stderr: stderr.text)
}

func iron(_ arguments: String..., stdin: String = "", environment: [String: String] = [:], now: Int64 = testNow,
          stdoutIsTerminal: Bool = false) -> CLIResult {
    iron(arguments, stdin: Array(stdin.utf8), environment: environment, now: now, stdoutIsTerminal: stdoutIsTerminal)
}

/// A regular file opened as standard input would be (`iron ... < FILE`), from `offset` on as if
/// something had read its start; closed when the value is released.
final class StdinFile {
    let descriptor: Int32
    private let directory = TemporaryDirectory()

    init(_ bytes: [UInt8], offset: Int = 0) {
        let path = directory.url.appendingPathComponent("stdin").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        descriptor = open(path, O_RDONLY)
        precondition(descriptor >= 0 && lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset))
    }

    /// A folder opened as standard input would be (`iron ... < FOLDER`): reading it fails.
    init(folder: Void) {
        descriptor = open(directory.path, O_RDONLY)
        precondition(descriptor >= 0)
    }

    deinit { close(descriptor) }
}

/// A temporary folder, removed when the value is released.
final class TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("iron-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        _ = try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes a file with the given mode and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String, mode: Int = 0o600) -> String {
        let path = url.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: mode])
        return path
    }

    func read(_ name: String) -> String? {
        (try? Data(contentsOf: url.appendingPathComponent(name))).map { String(decoding: $0, as: UTF8.self) }
    }

    func mode(_ name: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: url.appendingPathComponent(name).path)[.posixPermissions]) as? Int
    }
}

/// A password file holding `testPassword`, and the arguments that name it.
struct PasswordFixture {
    let directory = TemporaryDirectory()
    let path: String
    var arguments: [String] { ["--password-file", path] }

    init(_ contents: String = testPassword + "\n") {
        path = directory.write("password", contents)
    }
}

/// Seals `json` with the library directly (a reference independent of the CLI).
func referenceToken(_ json: String, password: String = testPassword, options: SealOptions = .ironSession, now: Int64 = testNow) throws -> String {
    try Sealer(password: Password(password), options: options, clock: FixedClock(millisecondsSince1970: now)).seal(json: Array(json.utf8))
}

extension String {
    var lines: [String] { split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}
