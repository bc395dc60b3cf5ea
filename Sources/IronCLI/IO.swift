#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Iron

/// A source of bytes: standard input, a file, or memory in tests.
public protocol ByteInput: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A sink of bytes: standard output or error, or memory in tests.
public protocol ByteOutput: AnyObject {
    /// Writes (or buffers) bytes.
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Writes what is buffered.
    func flush() throws
}

extension ByteOutput {
    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}

extension ByteInput {
    /// Reads everything, refusing more than `limit` bytes.
    func readAll(limit: Int) throws -> [UInt8]? {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
            if result.count > limit { return nil }
        }
    }
}

/// An error of the operating system, with `errno`.
struct SystemError: Error {
    let operation: String
    let code: Int32
    var message: String { "\(operation): \(String(cString: strerror(code)))" }
}

/// Reads a file descriptor.
public final class FileDescriptorInput: ByteInput {
    let descriptor: Int32
    /// Wraps a descriptor; it is not closed.
    public init(_ descriptor: Int32) { self.descriptor = descriptor }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw SystemError(operation: "read", code: errno)
        }
    }
}

/// Writes to a file descriptor through a buffer.
public final class FileDescriptorOutput: ByteOutput {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int

    /// Wraps a descriptor; it is not closed.
    public init(_ descriptor: Int32, bufferSize: Int = 1 << 16) {
        self.descriptor = descriptor
        capacity = bufferSize
        buffer.reserveCapacity(bufferSize)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > capacity {
            try flush()
            if bytes.count >= capacity {
                try writeFully(bytes)
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { try writeFully($0) }
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError(operation: "write", code: errno)
            }
            offset += written
        }
    }
}

/// Bytes in memory, for tests.
public final class MemoryInput: ByteInput {
    private let bytes: [UInt8]
    private var position = 0
    private let chunk: Int

    /// Serves `bytes`, at most `chunkSize` per read.
    public init(_ bytes: [UInt8], chunkSize: Int = .max) {
        self.bytes = bytes
        chunk = chunkSize
    }

    /// Serves the UTF-8 of `text`.
    public convenience init(_ text: String) { self.init(Array(text.utf8)) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - position, chunk)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<position + count]))
        }
        position += count
        return count
    }
}

/// Collects what is written, for tests.
public final class MemoryOutput: ByteOutput {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []
    /// When set, writes fail as a full disk or closed pipe would.
    public var failWrites = false
    /// Creates an empty sink.
    public init() {}
    /// The bytes as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if failWrites { throw SystemError(operation: "write", code: ENOSPC) }
        self.bytes.append(contentsOf: bytes)
    }

    public func flush() throws {
        if failWrites { throw SystemError(operation: "write", code: ENOSPC) }
    }
}

/// Everything `run` touches outside itself: streams, environment, terminal, clock, CPUs.
/// Tests build one in memory; `main.swift` uses ``standard()``.
public struct IO {
    /// Standard input.
    public var stdin: any ByteInput
    /// Standard output.
    public var stdout: any ByteOutput
    /// Standard error.
    public var stderr: any ByteOutput
    /// The environment variables.
    public var environment: [String: String]
    /// Whether standard input is a terminal.
    public var stdinIsTerminal: Bool
    /// Whether standard output is a terminal.
    public var stdoutIsTerminal: Bool
    /// Whether standard error is a terminal.
    public var stderrIsTerminal: Bool
    /// Asks for a password on the terminal without echo; `nil` when there is no terminal.
    public var promptPassword: ((String) -> [UInt8]?)?
    /// The clock.
    public var clock: any IronClock
    /// The number of cores, the default for `--jobs`.
    public var processorCount: Int

    /// Creates an IO.
    public init(stdin: any ByteInput, stdout: any ByteOutput, stderr: any ByteOutput, environment: [String: String] = [:],
                stdinIsTerminal: Bool = false, stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false,
                promptPassword: ((String) -> [UInt8]?)? = nil, clock: any IronClock = SystemClock(), processorCount: Int = 2) {
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.environment = environment
        self.stdinIsTerminal = stdinIsTerminal
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
        self.promptPassword = promptPassword
        self.clock = clock
        self.processorCount = processorCount
    }

    /// The process's own streams, environment and terminal.
    public static func standard() -> IO {
        var environment: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return IO(
            stdin: FileDescriptorInput(0),
            stdout: FileDescriptorOutput(1),
            stderr: FileDescriptorOutput(2, bufferSize: 4096),
            environment: environment,
            stdinIsTerminal: isatty(0) == 1,
            stdoutIsTerminal: isatty(1) == 1,
            stderrIsTerminal: isatty(2) == 1,
            promptPassword: Terminal.promptWithoutEcho,
            clock: SystemClock(),
            processorCount: max(1, cores)
        )
    }
}

extension IO {
    /// Writes to standard output; a failure (closed pipe, full disk) is exit 74.
    func writeOutput(_ bytes: [UInt8]) throws {
        do {
            try stdout.write(bytes)
        } catch {
            throw CLIError(.ioError, "cannot write to standard output: \(describe(error))")
        }
    }

    /// Writes what standard output buffers; a failure is exit 74.
    func flushOutput() throws {
        do {
            try stdout.flush()
        } catch {
            throw CLIError(.ioError, "cannot write to standard output: \(describe(error))")
        }
    }
}

/// The controlling terminal, for the password prompt.
enum Terminal {
    /// Prints `prompt` on /dev/tty and reads a line with echo off. `nil` when there is no terminal.
    static func promptWithoutEcho(_ prompt: String) -> [UInt8]? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return nil }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ICANON)
        _ = prompt.withCString { Glibc.write(descriptor, $0, strlen($0)) }
        guard tcsetattr(descriptor, TCSAFLUSH, &quiet) == 0 else { return nil }
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &saved)
            _ = Glibc.write(descriptor, "\n", 1)
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = Glibc.read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == 0x0A { break }
            line.append(byte)
            if line.count > 1 << 20 { break }
        }
        return line
    }
}
