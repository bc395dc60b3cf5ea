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

    /// A chunk of whole lines: the bytes read so far and where each complete line lies.
    private struct Chunk {
        var bytes: [UInt8] = []
        var lines: [Range<Int>] = []
        /// Where the first line not yet in `lines` starts.
        var consumed = 0
        var atEnd = false
        /// Whether the start of the input was looked at for a byte order mark.
        var startChecked = false
    }

    /// Runs the batch; returns the exit status. The workers fill one set of parts while the
    /// writer writes the other.
    func run() throws -> ExitCode {
        let writer = BatchWriter(io: io, diagnostics: diagnostics, keepGoing: keepGoing)
        let sets = [PartSet(count: workers.count), PartSet(count: workers.count)]
        var chunk = Chunk()
        var linesDone = 0
        var next = 0
        // What was written before a failure to read stays written, and the writer is done with it.
        defer { _ = try? writer.finish() }
        while !writer.stopped, try fill(&chunk, firstLine: linesDone + 1) {
            let set = sets[next % 2]
            next += 1
            set.free.wait()
            let count = process(chunk.bytes, chunk.lines, firstLine: linesDone + 1, into: set)
            linesDone += chunk.lines.count
            chunk.bytes.removeSubrange(0..<chunk.consumed)
            chunk.lines.removeAll(keepingCapacity: true)
            chunk.consumed = 0
            writer.submit(set, count: count, linesDone: linesDone)
            if set.parts.prefix(count).contains(where: \.stoppedEarly) { break }
        }
        return try writer.finish()
    }

    /// Reads until the chunk holds enough whole lines (or the input ends); `false` when there is
    /// nothing left to process.
    private func fill(_ chunk: inout Chunk, firstLine: Int) throws -> Bool {
        let chunkLines = 4096 * max(1, workers.count), chunkBytes = 1 << 20
        var scanned = chunk.consumed
        while true {
            while chunk.lines.count < chunkLines, let newline = Bytes.firstIndex(of: 0x0A, in: chunk.bytes.span, from: scanned) {
                chunk.lines.append(chunk.consumed..<newline)
                chunk.consumed = newline + 1
                scanned = chunk.consumed
            }
            scanned = chunk.bytes.count
            if chunk.lines.count >= chunkLines || chunk.atEnd { break }
            if chunk.bytes.count - chunk.consumed > maximumLineBytes {
                throw CLIError(.dataError, "line \(firstLine + chunk.lines.count) is longer than \(maximumLineBytes) bytes", hints: ["raise the limit with --max-size"])
            }
            if chunk.bytes.count >= chunkBytes && !chunk.lines.isEmpty { break }
            chunk.atEnd = try input.read(upTo: 1 << 16, appendingTo: &chunk.bytes) == 0
            if !chunk.startChecked { skipByteOrderMark(&chunk) }
        }
        if chunk.atEnd && chunk.consumed < chunk.bytes.count && chunk.lines.count < chunkLines {
            chunk.lines.append(chunk.consumed..<chunk.bytes.count) // a final line without newline
            chunk.consumed = chunk.bytes.count
        }
        return !chunk.lines.isEmpty
    }

    /// A UTF-8 byte order mark at the start of the input is no part of the first line.
    private func skipByteOrderMark(_ chunk: inout Chunk) {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard chunk.bytes.count >= 3 || chunk.atEnd || !mark.starts(with: chunk.bytes) else { return } // wait for three bytes
        chunk.startChecked = true
        if chunk.bytes.starts(with: mark) { chunk.bytes.removeFirst(3) }
    }

    /// Processes the lines of a chunk on the workers' threads, one contiguous share each, into
    /// the first parts of `set`; returns how many parts hold the chunk.
    private func process(_ bytes: [UInt8], _ lines: [Range<Int>], firstLine: Int, into set: PartSet) -> Int {
        let jobs = lines.count < 64 ? 1 : min(workers.count, lines.count)
        let parts = set.parts
        for part in parts.prefix(jobs) { part.reset() }
        let share = (lines.count + jobs - 1) / jobs
        let (keepGoing, workers) = (self.keepGoing, WorkerList(self.workers))
        let body: @Sendable (Int) -> Void = { index in
            let lower = index * share
            LineBatch.process(bytes, lines[lower..<min(lines.count, lower + share)], firstLine: firstLine + lower,
                              worker: workers.workers[index], part: parts[index], keepGoing: keepGoing)
        }
        if jobs == 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: jobs, execute: body)
        }
        return jobs
    }

    /// One thread's share: each line through the worker, its output and a newline into the part.
    private static func process(_ bytes: [UInt8], _ lines: ArraySlice<Range<Int>>, firstLine: Int, worker: any LineWorker, part: BatchPart, keepGoing: Bool) {
        // The part's output buffer, used as a local while the share runs (no class access per line).
        var output: [UInt8] = []
        swap(&output, &part.output)
        defer { swap(&output, &part.output) }
        var warnings: [String] = []
        for (offset, var range) in lines.enumerated() {
            if range.count > 0 && bytes[range.upperBound - 1] == 0x0D { range = range.lowerBound..<(range.upperBound - 1) }
            // A blank line gives a blank line, so that the output stays aligned with the input.
            if bytes[range].allSatisfy(ASCII.isJSONWhitespace) {
                output.append(0x0A)
                continue
            }
            let mark = output.count
            do {
                try worker.process(bytes.span.extracting(range), into: &output, warnings: &warnings)
            } catch {
                output.removeSubrange(mark...)
                part.failures.append(BatchPart.Failure(line: firstLine + offset, error: error as? CLIError ?? CLIError(.software, "\(error)")))
                if !keepGoing {
                    part.stoppedEarly = true
                    return
                }
            }
            for warning in warnings { part.warnings.append((firstLine + offset, warning)) }
            warnings.removeAll()
            output.append(0x0A)
        }
    }
}
