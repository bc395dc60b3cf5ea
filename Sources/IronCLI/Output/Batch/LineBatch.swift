import Dispatch
import Iron

/// `--lines`: takes the input in chunks of whole lines, cuts each chunk into pieces that the
/// workers' threads take as they come free (each finding its own lines), and writes the results
/// in input order. Memory stays bounded by the chunk size whatever the input size.
struct LineBatch {
    let io: IO
    let diagnostics: Diagnostics
    let input: any ByteInput
    /// What the input is called in messages: "standard input", or the file's name.
    let inputName: String
    let keepGoing: Bool
    let maximumLineBytes: Int
    let workers: [any LineWorker]

    /// The pieces each worker's share of a chunk is cut into: a thread that is done takes the
    /// next piece, so that no thread idles while another still has lines (a writer or another
    /// process may take a core for a while).
    private static let piecesPerWorker = 32
    /// The output a chunk aims at, and the bounds of its input: a chunk's size follows the last
    /// one's output per input byte, so that sealing short lines (ten times as long as tokens)
    /// and unsealing them take the same memory.
    private static let chunkOutputBytes = 2 << 20
    private static let chunkBytes = (least: 64 << 10, most: 1 << 20)
    /// A chunk this small is done on one thread.
    private static let smallChunkBytes = 16 << 10

    /// Runs the batch; returns the exit status. The workers fill one set of parts while the
    /// other is written: by the writer's thread with one worker (it has a core of its own then),
    /// else by one of the workers' threads, first thing in the next chunk. (With as many threads
    /// as cores, a writer thread of its own competed with them for a core, and the scheduler
    /// left a worker waiting behind it while the other core idled at the end of a chunk.)
    func run() throws -> ExitCode {
        let writer = BatchWriter(io: io, diagnostics: diagnostics, keepGoing: keepGoing)
        let pieces = workers.count == 1 ? 1 : workers.count * LineBatch.piecesPerWorker
        let sets = [PartSet(count: pieces), PartSet(count: pieces)]
        var source = ChunkSource(input: input, maximumLineBytes: maximumLineBytes)
        var size = LineBatch.chunkBytes.least
        var next = 0
        /// Filled and not yet written, when the workers write.
        var pending: (set: PartSet, count: Int)?
        // What was written before a failure to read stays written, and the writer is done with it.
        defer {
            if let pending {
                writer.write(pending.set, count: pending.count)
                pending.set.free.signal() // a semaphore is released at the value it was made with
            }
            _ = try? writer.finish()
        }
        while !writer.stopped {
            let set = sets[next % 2]
            next += 1
            set.free.wait()
            let written = pending
            let taken: (count: Int, read: Int)?
            do {
                taken = try source.next(about: size) { chunk, read in (process(chunk, into: set, after: read, writing: written, with: writer), chunk.count) }
            } catch {
                set.free.signal() // a semaphore is released at the value it was made with
                throw (error as? SystemError).map { CLIError(.noInput, "cannot read \(inputName): \($0.reason)") } ?? error
            }
            guard let (count, read) = taken else {
                set.free.signal()
                break
            }
            let output = set.parts.prefix(count).reduce(0) { $0 + $1.output.count }
            size = LineBatch.chunkSize(after: read, gave: output)
            if workers.count == 1 {
                writer.submit(set, count: count)
            } else {
                if let written { written.set.free.signal() }
                pending = (set, count)
            }
            if set.parts.prefix(count).contains(where: \.stoppedEarly) { break }
        }
        if let last = pending {
            pending = nil
            writer.write(last.set, count: last.count)
            last.set.free.signal()
        }
        return try writer.finish()
    }

    /// The input size for the next chunk, from what the last one read and wrote.
    private static func chunkSize(after read: Int, gave written: Int) -> Int {
        let perByte = max(Double(written) / Double(max(read, 1)), 1.0 / 16)
        return min(chunkBytes.most, max(chunkBytes.least, Int(Double(chunkOutputBytes) / perByte)))
    }

    /// Processes a chunk on the workers' threads into the parts of `set`, one piece per part,
    /// taken in order by whichever thread is free; returns how many parts hold the chunk.
    /// Thread 0 first hands back `read`, the input before the chunk, and writes `written`, the
    /// last chunk's set, if there is one: work that would otherwise keep the other threads
    /// waiting between chunks.
    private func process(_ chunk: Span<UInt8>, into set: PartSet, after read: ReadInput, writing written: (set: PartSet, count: Int)?, with writer: BatchWriter) -> Int {
        let jobs = chunk.count < LineBatch.smallChunkBytes ? 1 : workers.count
        let pieces = jobs == 1 ? 1 : set.parts.count
        let parts = set.parts
        for part in parts.prefix(pieces) { part.reset() }
        let (keepGoing, limit, workers) = (self.keepGoing, maximumLineBytes, WorkerList(self.workers))
        // The next piece to take; none once a line failed and the batch stops there (the pieces
        // before it were all taken already, so the writer, stopping at it, misses nothing).
        let next = Locked(0)
        return SharedBytes.with(chunk) { bytes in
            let body: @Sendable (Int) -> Void = { thread in
                if thread == 0 {
                    read.release()
                    if let written {
                        writer.write(written.set, count: written.count)
                        if writer.stopped { next.withLock { $0 = pieces } }
                    }
                }
                while let piece = next.withLock({ (next) -> Int? in
                    guard next < pieces else { return nil }
                    next += 1
                    return next - 1
                }) {
                    let stopped = bytes.withSpan { chunk in
                        LineBatch.process(chunk.extracting(LineBatch.piece(piece, of: pieces, in: chunk)), worker: workers.workers[thread],
                                          part: parts[piece], keepGoing: keepGoing, maximumLineBytes: limit)
                    }
                    if stopped { next.withLock { $0 = pieces } }
                }
            }
            if jobs == 1 {
                body(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: jobs, execute: body)
            }
            return pieces
        }
    }

    /// Piece `index` of `count`: the lines whose first byte lies in that share of the chunk's
    /// bytes. The thread that takes a piece finds its lines, so that no thread looks through the
    /// chunk (and takes its page faults) while the others wait. A piece within a long line is
    /// empty.
    ///
    /// The shares shrink from first to last (piece k ends where (1 − (k+1)/count)² of the chunk
    /// is left): large pieces while there is much to do, small ones at the end, so that the
    /// threads finish a chunk together. (Equal shares left the last thread up to a whole piece
    /// behind: 2–3% of a chunk of short lines.)
    static func piece(_ index: Int, of count: Int, in chunk: Span<UInt8>) -> Range<Int> {
        lineStart(atOrAfter: share(index, of: count, in: chunk.count), in: chunk)..<lineStart(atOrAfter: share(index + 1, of: count, in: chunk.count), in: chunk)
    }

    /// Where the shares before piece `index` end.
    private static func share(_ index: Int, of count: Int, in bytes: Int) -> Int {
        let (whole, left) = (count * count, (count - index) * (count - index))
        return bytes - Int((Double(bytes) * Double(left) / Double(whole)).rounded(.down))
    }

    /// The first offset at or after `offset` where a line starts (just after a newline), or the
    /// chunk's end.
    private static func lineStart(atOrAfter offset: Int, in chunk: Span<UInt8>) -> Int {
        guard offset > 0 && offset < chunk.count else { return offset }
        return Bytes.firstIndex(of: 0x0A, in: chunk, from: offset - 1).map { $0 + 1 } ?? chunk.count
    }

    /// One piece: each line through the worker, its output and a newline into the part. Returns
    /// whether it stopped at a failed line.
    private static func process(_ piece: Span<UInt8>, worker: any LineWorker, part: BatchPart, keepGoing: Bool, maximumLineBytes: Int) -> Bool {
        // The part's output buffer, used as a local while the piece runs (no class access per line).
        var output: [UInt8] = []
        swap(&output, &part.output)
        defer { swap(&output, &part.output) }
        var warnings: [String] = []
        var start = 0
        var line = 0
        defer { part.lines = line }
        while start < piece.count {
            let end = Bytes.firstIndex(of: 0x0A, in: piece, from: start) ?? piece.count
            var range = start..<end
            (start, line) = (end + 1, line + 1)
            if range.count > maximumLineBytes {
                part.failures.append(BatchPart.Failure(line: line - 1, error: CLIError(.dataError, "is longer than \(maximumLineBytes) bytes", hints: ["raise the limit with --max-size"]),
                                                       continuesLine: true))
                part.stoppedEarly = true
                return true
            }
            if range.count > 0 && piece[range.upperBound - 1] == 0x0D { range = range.lowerBound..<(range.upperBound - 1) }
            // A blank line gives a blank line, so that the output stays aligned with the input.
            if range.allSatisfy({ ASCII.isJSONWhitespace(piece[$0]) }) {
                output.append(0x0A)
                continue
            }
            let mark = output.count
            do {
                try worker.process(piece.extracting(range), into: &output, warnings: &warnings)
            } catch {
                output.removeSubrange(mark...)
                part.failures.append(BatchPart.Failure(line: line - 1, error: error as? CLIError ?? CLIError(.software, "\(error)")))
                if !keepGoing {
                    part.stoppedEarly = true
                    return true
                }
            }
            for warning in warnings { part.warnings.append((line - 1, warning)) }
            warnings.removeAll()
            output.append(0x0A)
        }
        return false
    }
}
