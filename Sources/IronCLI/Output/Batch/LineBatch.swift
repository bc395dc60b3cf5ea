import Dispatch
import Iron

/// `--lines`: reads lines in chunks, spreads each chunk over the workers' threads, and writes the
/// results in input order. Memory stays bounded by the chunk size whatever the input size.
struct LineBatch {
    let io: IO
    let diagnostics: Diagnostics
    let input: any ByteInput
    let keepGoing: Bool
    let maximumLineBytes: Int
    let workers: [any LineWorker]

    /// A chunk of whole lines: where they lie, in the bytes read so far or in the mapped file.
    private struct Chunk {
        /// A regular file's bytes, mapped: lines are read where they lie, until its end.
        var mapped: MappedFile?
        /// The bytes read, when the input is not mapped (or has grown past the mapping).
        var bytes: [UInt8] = []
        var lines: [Range<Int>] = []
        /// Where the first line not yet in `lines` starts.
        var consumed = 0
        var atEnd = false
        /// Whether the start of the input was looked at for a byte order mark.
        var startChecked = false
    }

    /// The pieces each worker's share of a chunk is cut into: a thread that is done takes the
    /// next piece, so that no thread idles while another still has lines (a writer or another
    /// process may take a core for a while).
    private static let piecesPerWorker = 16

    /// Runs the batch; returns the exit status. The workers fill one set of parts while the
    /// writer writes the other.
    func run() throws -> ExitCode {
        let writer = BatchWriter(io: io, diagnostics: diagnostics, keepGoing: keepGoing)
        let pieces = workers.count == 1 ? 1 : workers.count * LineBatch.piecesPerWorker
        let sets = [PartSet(count: pieces), PartSet(count: pieces)]
        var chunk = Chunk(mapped: (input as? FileDescriptorInput).flatMap { MappedFile(descriptor: $0.descriptor) })
        var linesDone = 0
        var next = 0
        // What was written before a failure to read stays written, and the writer is done with it.
        defer { _ = try? writer.finish() }
        while !writer.stopped, try fill(&chunk, firstLine: linesDone + 1) {
            let set = sets[next % 2]
            next += 1
            set.free.wait()
            let count = process(chunk, firstLine: linesDone + 1, into: set)
            linesDone += chunk.lines.count
            chunk.lines.removeAll(keepingCapacity: true)
            if let mapped = chunk.mapped {
                mapped.release(before: chunk.consumed)
            } else {
                chunk.bytes.removeSubrange(0..<chunk.consumed)
                chunk.consumed = 0
            }
            writer.submit(set, count: count, linesDone: linesDone)
            if set.parts.prefix(count).contains(where: \.stoppedEarly) { break }
        }
        return try writer.finish()
    }

    /// The most lines and bytes a chunk holds (a line longer than that is a chunk of its own).
    private var chunkLines: Int { 4096 * max(1, workers.count) }
    private static let chunkBytes = 1 << 20

    /// Finds enough whole lines for a chunk (or all that are left); `false` when there is nothing
    /// left to process.
    private func fill(_ chunk: inout Chunk, firstLine: Int) throws -> Bool {
        if let mapped = chunk.mapped {
            if try fill(&chunk, from: mapped, firstLine: firstLine) { return true }
            // The mapped bytes are done: the rest (the end of a line, and whatever the file
            // gained since it was mapped) is read.
            mapped.withBytes { Bytes.append($0.extracting(chunk.consumed...), to: &chunk.bytes) }
            (chunk.mapped, chunk.consumed) = (nil, 0)
        }
        return try fillByReading(&chunk, firstLine: firstLine)
    }

    /// Takes the lines of a chunk from the mapped file; `false` when no whole line is left in it.
    private func fill(_ chunk: inout Chunk, from mapped: MappedFile, firstLine: Int) throws -> Bool {
        try mapped.withBytes { (bytes) throws in
            if !chunk.startChecked {
                chunk.startChecked = true
                if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { chunk.consumed = 3 }
            }
            let end = min(bytes.count, chunk.consumed + LineBatch.chunkBytes)
            while chunk.lines.count < chunkLines, chunk.consumed < end || chunk.lines.isEmpty,
                  let newline = Bytes.firstIndex(of: 0x0A, in: bytes, from: chunk.consumed) {
                try checkLength(newline - chunk.consumed, line: firstLine + chunk.lines.count)
                chunk.lines.append(chunk.consumed..<newline)
                chunk.consumed = newline + 1
            }
            try checkLength(chunk.lines.isEmpty ? bytes.count - chunk.consumed : 0, line: firstLine)
            return !chunk.lines.isEmpty
        }
    }

    /// Reads until the chunk holds enough whole lines (or the input ends); `false` when there is
    /// nothing left to process.
    private func fillByReading(_ chunk: inout Chunk, firstLine: Int) throws -> Bool {
        var scanned = chunk.consumed
        while true {
            while chunk.lines.count < chunkLines, let newline = Bytes.firstIndex(of: 0x0A, in: chunk.bytes.span, from: scanned) {
                try checkLength(newline - chunk.consumed, line: firstLine + chunk.lines.count)
                chunk.lines.append(chunk.consumed..<newline)
                chunk.consumed = newline + 1
                scanned = chunk.consumed
            }
            scanned = chunk.bytes.count
            if chunk.lines.count >= chunkLines || chunk.atEnd { break }
            try checkLength(chunk.bytes.count - chunk.consumed, line: firstLine + chunk.lines.count)
            if chunk.bytes.count >= LineBatch.chunkBytes && !chunk.lines.isEmpty { break }
            chunk.atEnd = try input.read(upTo: 1 << 16, appendingTo: &chunk.bytes) == 0
            if !chunk.startChecked { skipByteOrderMark(&chunk) }
        }
        if chunk.atEnd && chunk.consumed < chunk.bytes.count && chunk.lines.count < chunkLines {
            try checkLength(chunk.bytes.count - chunk.consumed, line: firstLine + chunk.lines.count)
            chunk.lines.append(chunk.consumed..<chunk.bytes.count) // a final line without newline
            chunk.consumed = chunk.bytes.count
        }
        return !chunk.lines.isEmpty
    }

    /// A line (or the start of one) longer than `--max-size` stops the batch.
    private func checkLength(_ count: Int, line: Int) throws {
        if count > maximumLineBytes {
            throw CLIError(.dataError, "line \(line) is longer than \(maximumLineBytes) bytes", hints: ["raise the limit with --max-size"])
        }
    }

    /// A UTF-8 byte order mark at the start of the input is no part of the first line.
    private func skipByteOrderMark(_ chunk: inout Chunk) {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard chunk.bytes.count >= 3 || chunk.atEnd || !mark.starts(with: chunk.bytes) else { return } // wait for three bytes
        chunk.startChecked = true
        if chunk.bytes.starts(with: mark) { chunk.bytes.removeFirst(3) }
    }

    /// Processes the lines of a chunk on the workers' threads into the first parts of `set`, a
    /// piece of contiguous lines per part, taken in order by whichever thread is free; returns
    /// how many parts hold the chunk.
    private func process(_ chunk: Chunk, firstLine: Int, into set: PartSet) -> Int {
        if let mapped = chunk.mapped {
            return mapped.withBytes { SharedBytes.with($0) { process($0, chunk.lines, firstLine: firstLine, into: set) } }
        }
        return SharedBytes.with(chunk.bytes.span) { process($0, chunk.lines, firstLine: firstLine, into: set) }
    }

    private func process(_ bytes: SharedBytes, _ lines: [Range<Int>], firstLine: Int, into set: PartSet) -> Int {
        let jobs = lines.count < 64 ? 1 : min(workers.count, lines.count)
        let share = (lines.count + set.parts.count - 1) / set.parts.count
        let pieces = (lines.count + share - 1) / share
        let parts = set.parts
        for part in parts.prefix(pieces) { part.reset() }
        let (keepGoing, workers) = (self.keepGoing, WorkerList(self.workers))
        // The next piece to take; none once a line failed and the batch stops there (the pieces
        // before it were all taken already, so the writer, stopping at it, misses nothing).
        let next = Locked(0)
        let body: @Sendable (Int) -> Void = { thread in
            while let piece = next.withLock({ (next) -> Int? in
                guard next < pieces else { return nil }
                next += 1
                return next - 1
            }) {
                let lower = piece * share
                let stopped = bytes.withSpan { bytes in
                    LineBatch.process(bytes, lines[lower..<min(lines.count, lower + share)], firstLine: firstLine + lower,
                                      worker: workers.workers[thread], part: parts[piece], keepGoing: keepGoing)
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

    /// One thread's share: each line through the worker, its output and a newline into the part.
    /// Returns whether it stopped at a failed line.
    private static func process(_ bytes: Span<UInt8>, _ lines: ArraySlice<Range<Int>>, firstLine: Int, worker: any LineWorker, part: BatchPart, keepGoing: Bool) -> Bool {
        // The part's output buffer, used as a local while the share runs (no class access per line).
        var output: [UInt8] = []
        swap(&output, &part.output)
        defer { swap(&output, &part.output) }
        var warnings: [String] = []
        for (offset, var range) in lines.enumerated() {
            if range.count > 0 && bytes[range.upperBound - 1] == 0x0D { range = range.lowerBound..<(range.upperBound - 1) }
            // A blank line gives a blank line, so that the output stays aligned with the input.
            if range.allSatisfy({ ASCII.isJSONWhitespace(bytes[$0]) }) {
                output.append(0x0A)
                continue
            }
            let mark = output.count
            do {
                try worker.process(bytes.extracting(range), into: &output, warnings: &warnings)
            } catch {
                output.removeSubrange(mark...)
                part.failures.append(BatchPart.Failure(line: firstLine + offset, error: error as? CLIError ?? CLIError(.software, "\(error)")))
                if !keepGoing {
                    part.stoppedEarly = true
                    return true
                }
            }
            for warning in warnings { part.warnings.append((firstLine + offset, warning)) }
            warnings.removeAll()
            output.append(0x0A)
        }
        return false
    }
}
