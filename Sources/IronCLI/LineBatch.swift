#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch

/// Turns one input line into one output line; one worker per thread, reused for every line.
protocol LineWorker: AnyObject {
    /// Appends the output for `line` (without its newline) to `output`, or throws a ``CLIError``.
    /// Warnings for the line go to `warnings`.
    func process(_ line: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws
}

/// `--lines`: reads lines in chunks, spreads each chunk over the workers' threads, and writes the
/// results in input order. Memory stays bounded by the chunk size whatever the input size.
struct LineBatch {
    let io: IO
    let input: any ByteInput
    let keepGoing: Bool
    let maximumLineBytes: Int
    let workers: [any LineWorker]

    private struct Failure {
        let line: Int
        let error: CLIError
    }

    /// The result of one worker on its part of a chunk.
    private final class Part: @unchecked Sendable {
        var output: [UInt8] = []
        var warnings: [(Int, String)] = []
        var failures: [Failure] = []
        var stoppedEarly = false
    }

    /// Runs the batch; returns the exit status.
    func run() throws -> ExitCode {
        let diagnostics = Diagnostics(io: io)
        let chunkLines = 4096 * max(1, workers.count)
        let chunkBytes = 1 << 20
        var pending: [UInt8] = []
        var readBuffer = [UInt8](repeating: 0, count: 1 << 16)
        var atEnd = false
        var lineNumber = 0
        var firstFailure: ExitCode?
        let progress = Progress(io: io)

        while !atEnd || !pending.isEmpty {
            // Fill the chunk: up to chunkLines complete lines or chunkBytes bytes.
            var ranges: [Range<Int>] = []
            var scanFrom = 0
            var lineStart = 0
            while true {
                pending.withUnsafeBytes { bytes in
                    while ranges.count < chunkLines, scanFrom < bytes.count,
                          let found = memchr(bytes.baseAddress! + scanFrom, 0x0A, bytes.count - scanFrom) {
                        let newline = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
                        ranges.append(lineStart..<newline)
                        lineStart = newline + 1
                        scanFrom = lineStart
                    }
                }
                if ranges.count >= chunkLines || atEnd { break }
                scanFrom = pending.count
                if pending.count - lineStart > maximumLineBytes {
                    throw CLIError(.dataError, "line \(lineNumber + ranges.count + 1) is longer than \(maximumLineBytes) bytes", hints: ["raise the limit with --max-size"])
                }
                if pending.count >= chunkBytes && !ranges.isEmpty { break }
                let count = try readBuffer.withUnsafeMutableBytes { try input.read(into: $0) }
                if count == 0 {
                    atEnd = true
                } else {
                    pending.append(contentsOf: readBuffer[0..<count])
                }
            }
            if atEnd && lineStart < pending.count && ranges.count < chunkLines {
                ranges.append(lineStart..<pending.count) // a final line without newline
                lineStart = pending.count
            }
            if ranges.isEmpty {
                if atEnd { break }
                continue
            }

            let parts = process(pending, ranges, firstLine: lineNumber + 1)
            lineNumber += ranges.count
            pending.removeSubrange(0..<lineStart)

            for part in parts {
                for (line, warning) in part.warnings { diagnostics.warning("line \(line): \(warning)") }
                try io.writeOutput(part.output)
                for failure in part.failures {
                    diagnostics.error("line \(failure.line): \(failure.error.message)")
                    if !keepGoing { for hint in failure.error.hints.prefix(2) { diagnostics.hint(hint) } }
                    if firstFailure == nil { firstFailure = failure.error.exitCode }
                }
                if part.stoppedEarly {
                    try io.flushOutput()
                    progress.finish()
                    return firstFailure ?? .software
                }
            }
            progress.update(lines: lineNumber)
        }
        try io.flushOutput()
        progress.finish()
        return firstFailure ?? .ok
    }

    private func process(_ bytes: [UInt8], _ ranges: [Range<Int>], firstLine baseLine: Int) -> [Part] {
        let jobs = ranges.count < 64 ? 1 : min(workers.count, ranges.count)
        let parts = (0..<jobs).map { _ in Part() }
        let per = (ranges.count + jobs - 1) / jobs
        let keepGoing = self.keepGoing
        let workers = WorkerList(self.workers)
        bytes.withUnsafeBufferPointer { all in
            let shared = SendableBuffer(all)
            let body: @Sendable (Int) -> Void = { index in
                let part = parts[index]
                let worker = workers.workers[index]
                let lower = index * per
                let upper = min(ranges.count, lower + per)
                part.output.reserveCapacity((upper - lower) * 256)
                var warnings: [String] = []
                for k in lower..<upper {
                    var range = ranges[k]
                    if range.count > 0 && shared.buffer[range.upperBound - 1] == 0x0D { range = range.lowerBound..<(range.upperBound - 1) }
                    let line = UnsafeBufferPointer(rebasing: shared.buffer[range])
                    let mark = part.output.count
                    do {
                        try worker.process(line, into: &part.output, warnings: &warnings)
                    } catch {
                        part.output.removeSubrange(mark...)
                        part.failures.append(Failure(line: baseLine + k, error: error as? CLIError ?? CLIError(.software, "\(error)")))
                        if !keepGoing {
                            part.stoppedEarly = true
                            return
                        }
                    }
                    for warning in warnings { part.warnings.append((baseLine + k, warning)) }
                    warnings.removeAll()
                    part.output.append(0x0A)
                }
            }
            if jobs == 1 {
                body(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: jobs, execute: body)
            }
        }
        return parts
    }
}

/// The workers of a batch: each thread touches only its own.
struct WorkerList: @unchecked Sendable {
    let workers: [any LineWorker]
    init(_ workers: [any LineWorker]) { self.workers = workers }
}

struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }
}

func describe(_ error: any Error) -> String {
    if let error = error as? SystemError { return String(cString: strerror(error.code)) }
    return "\(error)"
}

/// The progress line of long batches, on a terminal only.
final class Progress {
    /// A batch shows progress once it has run this long (seconds), then at most this often.
    nonisolated(unsafe) static var delay: Double = 1
    nonisolated(unsafe) static var interval: Double = 0.25

    private let io: IO
    private let start = Progress.monotonic()
    private var lastReport: Double = 0
    private var shown = false

    init(io: IO) { self.io = io }

    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    func update(lines: Int) {
        guard io.stderrIsTerminal else { return }
        let now = Progress.monotonic()
        let elapsed = now - start
        guard elapsed >= Progress.delay, now - lastReport >= Progress.interval else { return }
        lastReport = now
        shown = true
        let rate = Int(Double(lines) / elapsed)
        try? io.stderr.write("\r\u{1B}[Kiron: \(lines) lines, \(rate)/s, \(Int(elapsed)) s")
        try? io.stderr.flush()
    }

    func finish() {
        guard shown else { return }
        try? io.stderr.write("\r\u{1B}[K")
        try? io.stderr.flush()
    }
}
