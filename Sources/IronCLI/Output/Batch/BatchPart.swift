/// What a thread made of one piece of a chunk: the lines' output in order, the warnings and
/// failures by line (counted from the piece's first, 0), how many lines it took, and whether it
/// stopped at a failure. Written by one thread, then read by the writer once all threads are
/// done, which numbers the lines; kept from chunk to chunk, so that its buffers are allocated once.
final class BatchPart: @unchecked Sendable {
    /// A line that could not be processed.
    struct Failure {
        let line: Int
        let error: CLIError
        /// Whether the message goes on from the line number ("line 3 is longer than ..."), not
        /// after a colon.
        var continuesLine = false
    }

    var output: [UInt8] = []
    var warnings: [(line: Int, message: String)] = []
    var failures: [Failure] = []
    var stoppedEarly = false
    /// The lines taken, blank and failed ones included.
    var lines = 0

    /// Empties the part for the next chunk, keeping its buffers.
    func reset() {
        output.removeAll(keepingCapacity: true)
        warnings.removeAll(keepingCapacity: true)
        failures.removeAll(keepingCapacity: true)
        stoppedEarly = false
        lines = 0
    }
}
