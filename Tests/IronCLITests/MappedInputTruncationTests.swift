import Foundation
import Testing
import IronTestSupport

@Suite("A mapped input file cut short, end to end")
struct MappedInputTruncationTests {
    let password = PasswordFixture()

    /// `--lines` maps a regular file on standard input; another process truncating it while the
    /// binary is mid-file makes the lost pages raise SIGBUS, which must end in one error line and
    /// exit 74, not a crash. The child is held mid-file deterministically: its output goes to a
    /// pipe nobody reads, so it blocks once the pipe is full, far before the end of its input.
    @Test("seal --lines from a file truncated mid-batch prints one error line and exits 74")
    func truncatedWhileMapped() throws {
        let directory = TemporaryDirectory()
        // 60,000 lines (700 KB): the first chunk is 64 KiB of input, and its tokens alone are many
        // times a pipe's size.
        let lineCount = 60_000
        let inputPath = directory.write("input.jsonl", (0..<lineCount).map { #"{"id":\#($0)}"# }.joined(separator: "\n") + "\n")
        let input = try #require(FileHandle(forReadingAtPath: inputPath))
        defer { try? input.close() }

        let process = Process()
        process.executableURL = BinaryRun.binary
        process.arguments = ["seal", "--lines", "--jobs", "1"] + password.arguments
        process.environment = ["PATH": "/usr/bin:/bin"]
        let output = Pipe(), errors = Pipe()
        process.standardInput = input // the file itself, so that the binary maps it
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Whatever goes wrong below, the child does not outlive the test.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 8, execute: watchdog)
        defer {
            if process.isRunning { kill(pid, SIGKILL) }
            process.waitUntilExit()
            watchdog.cancel()
        }

        // Wait until the pipe is full: from then on the child is blocked writing, mid-file.
        let reader = output.fileHandleForReading.fileDescriptor
        let blocked = waitUntilPipeIsFull(reader, while: { process.isRunning }, deadline: Date().addingTimeInterval(5))
        try #require(process.isRunning, "the binary ended before its output filled the pipe")
        try #require(blocked, "the binary's output never filled the pipe")

        #expect(truncate(inputPath, 0) == 0, "truncate: \(String(cString: strerror(errno)))")

        // Drain both pipes until the child closes them, then collect its status.
        let group = DispatchGroup()
        nonisolated(unsafe) var stderrData = Data()
        DispatchQueue.global().async(group: group) { stderrData = errors.fileHandleForReading.readDataToEndOfFile() }
        let stdoutData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()

        let stderr = String(decoding: stderrData, as: UTF8.self)
        #expect(process.terminationReason == .exit, "ended by signal \(process.terminationStatus): \(stderr)")
        #expect(process.terminationStatus == 74, "\(stderr)")
        #expect(stderr.split(separator: "\n", omittingEmptySubsequences: false) == ["iron: error: the input file was cut short while it was read", ""])
        #expect(!stderr.contains("Fatal error"))
        // It stopped mid-file: whole tokens were written before, but not one per input line.
        let tokens = String(decoding: stdoutData, as: UTF8.self).split(separator: "\n")
        #expect(!tokens.isEmpty && tokens.count < lineCount, "\(tokens.count) lines written")
        #expect(tokens.dropLast().allSatisfy { $0.hasPrefix("Fe26.2*") })
    }

    /// Polls the unread bytes of a pipe until it holds as much as it can (Linux: its capacity;
    /// elsewhere: some bytes, unchanged for 100 ms). `false` when `running` turns false or the
    /// deadline passes first.
    private func waitUntilPipeIsFull(_ descriptor: Int32, while running: () -> Bool, deadline: Date) -> Bool {
        #if os(Linux)
        let capacity = fcntl(descriptor, 1032 /* F_GETPIPE_SZ */)
        #else
        let capacity: Int32 = -1
        #endif
        var last: Int32 = -1, since = Date()
        while running() && Date() < deadline {
            var unread: Int32 = 0
            guard ioctl(descriptor, UInt(FIONREAD), &unread) == 0 else { return false }
            if capacity > 0 {
                if unread >= capacity { return true }
            } else if unread > 0 && unread == last {
                if Date().timeIntervalSince(since) >= 0.1 { return true }
            } else {
                (last, since) = (unread, Date())
            }
            usleep(2_000)
        }
        return false
    }
}
