/// What one thread made of its share of a chunk of lines: their output in order, the warnings
/// and failures by line number, and whether it stopped at a failure. Written by its own thread
/// only, then read once all threads are done.
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
}
