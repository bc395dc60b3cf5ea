import Dispatch
import Iron

/// The parts of one chunk, one per worker thread. A batch keeps two, so that the workers fill one
/// while the writer empties the other; ``free`` says when the writer is done with it.
final class PartSet: @unchecked Sendable {
    let parts: [BatchPart]
    /// Signalled by the writer once the parts are written: then they may be filled again.
    let free = DispatchSemaphore(value: 1)

    init(count: Int) { parts = (0..<count).map { _ in BatchPart() } }
}

/// Writes a batch's output, warnings and failures in input order, on a thread of its own: while
/// a slow reader (a pipe) takes one chunk, the workers go on with the next.
final class BatchWriter: @unchecked Sendable {
    private struct State {
        var firstFailure: ExitCode?
        var writeError: Error?
        var stopped = false
    }

    private let queue = DispatchQueue(label: "iron.batch-writer")
    private let io: IO
    private let diagnostics: Diagnostics
    private let keepGoing: Bool
    private let progress: Progress
    private let state = Locked(State())
    /// The lines written so far: touched by one write at a time.
    private var linesDone = 0

    init(io: IO, diagnostics: Diagnostics, keepGoing: Bool) {
        self.io = io
        self.diagnostics = diagnostics
        self.keepGoing = keepGoing
        progress = Progress(io: io, shown: !diagnostics.quiet)
    }

    /// Whether writing failed or a failed line ended the batch: no more chunks are needed.
    var stopped: Bool { state.withLock { $0.stopped } }

    /// Writes `set` (the first `count` of its parts) on the writer's thread, once the chunks
    /// before it are written, then frees it.
    func submit(_ set: PartSet, count: Int) {
        queue.async {
            defer { set.free.signal() }
            self.write(set, count: count)
        }
    }

    /// Writes `set` (the first `count` of its parts) on the calling thread: for batches whose
    /// threads take the writing in turns (see ``LineBatch``). Calls must not overlap, and must
    /// come in input order.
    func write(_ set: PartSet, count: Int) {
        guard !stopped else { return }
        do {
            if try emit(set.parts.prefix(count)) {
                state.withLock { $0.stopped = true }
            }
            progress.update(lines: linesDone)
        } catch {
            state.withLock {
                $0.writeError = error
                $0.stopped = true
            }
        }
    }

    /// Waits for everything submitted, flushes, and returns the batch's status: the first failed
    /// line's, else ok.
    ///
    /// - Throws: ``CLIError`` (74) when the output could not be written.
    func finish() throws -> ExitCode {
        queue.sync {}
        progress.finish()
        let (firstFailure, writeError) = state.withLock { ($0.firstFailure, $0.writeError) }
        if let writeError { throw writeError }
        try io.flushOutput()
        return firstFailure ?? .ok
    }

    /// Writes parts in order, numbering their lines; `true` when a part stopped at a failed line.
    private func emit(_ parts: ArraySlice<BatchPart>) throws -> Bool {
        // Outputs of parts with nothing to say on standard error are gathered and written at once.
        var gathered: [[UInt8]] = []
        for part in parts {
            defer { linesDone += part.lines }
            if part.warnings.isEmpty && part.failures.isEmpty && !part.stoppedEarly {
                if !part.output.isEmpty { gathered.append(part.output) }
                continue
            }
            try io.writeOutput(pieces: gathered)
            gathered.removeAll()
            for (offset, warning) in part.warnings {
                let line = linesDone + offset + 1
                if warning.hasPrefix("note: ") {
                    diagnostics.note("line \(line): \(warning.dropFirst(6))")
                } else {
                    diagnostics.warning("line \(line): \(warning)")
                }
            }
            try io.writeOutput(part.output)
            for failure in part.failures {
                let line = linesDone + failure.line + 1
                diagnostics.error("line \(line)\(failure.continuesLine ? " " : ": ")\(failure.error.message)")
                if !keepGoing || part.stoppedEarly { for hint in failure.error.hints.prefix(2) { diagnostics.hint(hint) } }
                state.withLock { if $0.firstFailure == nil { $0.firstFailure = failure.error.exitCode } }
            }
            if part.stoppedEarly { return true }
        }
        try io.writeOutput(pieces: gathered)
        return false
    }
}
