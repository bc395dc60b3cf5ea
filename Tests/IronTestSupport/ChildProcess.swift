import Foundation

/// What a child process did: its status and output, and whether it was killed for taking too long.
public struct ChildProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var timedOut: Bool
}

/// Runs programs for the tests (shells, mandoc, make, curl, the browsers' scripts): standard input
/// empty, standard output and error collected through files (no pipe to fill up), killed after a
/// timeout. One runner for every test that starts a program.
public enum ChildProcess {
    /// Runs `executable` to completion, or kills it after `timeout` seconds.
    ///
    /// - Parameters:
    ///   - executable: The program's path.
    ///   - arguments: Its arguments.
    ///   - directory: Its working folder, or this process's.
    ///   - environment: Its environment, or this process's.
    ///   - timeout: Seconds before it is killed (SIGKILL: Foundation starts children with signals
    ///     blocked, so SIGTERM may go unheard).
    /// - Returns: The status and what it printed.
    public static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                           environment: [String: String]? = nil, timeout: TimeInterval = 30) throws -> ChildProcessOutput {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("iron-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return ChildProcessOutput(status: process.terminationStatus,
                                  stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                                  stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
                                  timedOut: timedOut)
    }
}
