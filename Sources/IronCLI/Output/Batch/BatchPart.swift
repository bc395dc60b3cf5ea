/// What one thread made of its share of a chunk of lines: their output in order, the warnings
/// and failures by line number, and whether it stopped at a failure. Written by its own thread,
/// then read by the writer once all threads are done; kept from chunk to chunk, so that its
/// buffers are allocated once.
final class BatchPart: @unchecked Sendable {
    /// A line that could not be processed.
    struct Failure {
        let line: Int
        let error: CLIError
    }

    var output: [UInt8] = []
    var warnings: [(line: Int, message: String)] = []
    var failures: [Failure] = []
    var stoppedEarly = false

    /// Empties the part for the next chunk, keeping its buffers.
    func reset() {
        output.removeAll(keepingCapacity: true)
        warnings.removeAll(keepingCapacity: true)
        failures.removeAll(keepingCapacity: true)
        stoppedEarly = false
    }
}
