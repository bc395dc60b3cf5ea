import Iron

/// A source of bytes: standard input, a file, or memory in tests.
public protocol ByteInput: AnyObject {
    /// Reads up to `count` bytes and appends them to `buffer`; returns how many (0 at the end).
    func read(upTo count: Int, appendingTo buffer: inout [UInt8]) throws -> Int
}

/// A sink of bytes: standard output or error, or memory in tests.
public protocol ByteOutput: AnyObject {
    /// Writes (or buffers) bytes.
    func write(_ bytes: Span<UInt8>) throws
    /// Writes what is buffered.
    func flush() throws
    /// Writes `pieces` one after another (what is buffered first): a batch's output, in as few
    /// system calls as the stream allows.
    func write(pieces: [[UInt8]]) throws
}

extension ByteOutput {
    public func write(pieces: [[UInt8]]) throws {
        for piece in pieces { try write(piece.span) }
    }

    func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    func write(_ bytes: [UInt8]) throws {
        try write(bytes.span)
    }
}

extension ByteInput {
    /// Reads everything; `nil` when there is more than `limit` bytes.
    func readAll(limit: Int) throws -> [UInt8]? {
        var result: [UInt8] = []
        while try read(upTo: 65536, appendingTo: &result) > 0 {
            if result.count > limit { return nil }
        }
        return result
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

    public func read(upTo count: Int, appendingTo buffer: inout [UInt8]) throws -> Int {
        let count = min(count, bytes.count - position, chunk)
        guard count > 0 else { return 0 }
        buffer.append(contentsOf: bytes[position..<position + count])
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

    public func write(_ bytes: Span<UInt8>) throws {
        if failWrites { throw SystemError(operation: "write", code: SystemError.noSpace) }
        Bytes.append(bytes, to: &self.bytes)
    }

    public func flush() throws {
        if failWrites { throw SystemError(operation: "write", code: SystemError.noSpace) }
    }
}

/// Everything `run` touches outside itself: streams, environment, terminal, clock, CPUs, and the
/// hooks tests use to provoke failures. Tests build one in memory; `main.swift` uses ``standard()``.
public struct IO {
    /// Standard input.
    public var stdin: any ByteInput
    /// Standard output.
    public var stdout: any ByteOutput
    /// Standard error.
    public var stderr: any ByteOutput
    /// The environment variables.
    public var environment: [String: String]
    /// What ``stdout`` is, in messages: "standard output", or the file of `--output`.
    public var stdoutName = "standard output"
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
    /// Writes a replacement file's bytes to its descriptor, returning 0 or an `errno`; tests
    /// make it fail as a full disk would.
    public var writeFile: (Int32, [UInt8]) -> Int32
    /// How long a batch runs before it shows progress on a terminal, and then how often, in seconds.
    public var progressTiming: (delay: Double, interval: Double)

    /// Creates an IO.
    public init(stdin: any ByteInput, stdout: any ByteOutput, stderr: any ByteOutput, environment: [String: String] = [:],
                stdinIsTerminal: Bool = false, stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false,
                promptPassword: ((String) -> [UInt8]?)? = nil, clock: any IronClock = SystemClock(), processorCount: Int = 2,
                writeFile: @escaping (Int32, [UInt8]) -> Int32 = IO.writeAll, progressTiming: (delay: Double, interval: Double) = (1, 0.25)) {
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
        self.writeFile = writeFile
        self.progressTiming = progressTiming
    }

    /// Writes every byte to a descriptor; returns 0 or an `errno`. The default ``writeFile``.
    public static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
        AtomicFile.writeAll(descriptor, bytes)
    }

    /// The process's own streams, environment and terminal.
    public static func standard() -> IO {
        IO(
            stdin: FileDescriptorInput(0),
            stdout: FileDescriptorOutput(1),
            stderr: FileDescriptorOutput(2, bufferSize: 4096),
            environment: ProcessEnvironment.variables(),
            stdinIsTerminal: Terminal.isTerminal(0),
            stdoutIsTerminal: Terminal.isTerminal(1),
            stderrIsTerminal: Terminal.isTerminal(2),
            promptPassword: Terminal.promptWithoutEcho,
            clock: SystemClock(),
            processorCount: ProcessEnvironment.processorCount()
        )
    }
}

extension IO {
    /// Writes to standard output; a failure (closed pipe, full disk) is exit 74.
    func writeOutput(_ bytes: [UInt8]) throws {
        do {
            try stdout.write(bytes)
        } catch {
            throw CLIError(.ioError, "cannot write to \(stdoutName): \(describe(error))")
        }
    }

    /// Writes `pieces` to standard output one after another; a failure is exit 74.
    func writeOutput(pieces: [[UInt8]]) throws {
        do {
            try stdout.write(pieces: pieces)
        } catch {
            throw CLIError(.ioError, "cannot write to \(stdoutName): \(describe(error))")
        }
    }

    /// Writes what standard output buffers; a failure is exit 74.
    func flushOutput() throws {
        do {
            try stdout.flush()
        } catch {
            throw CLIError(.ioError, "cannot write to \(stdoutName): \(describe(error))")
        }
    }
}
