/// Turns one input line into one output line; one worker per thread, reused for every line.
protocol LineWorker: AnyObject {
    /// Appends the output for `line` (without its newline) to `output`, or throws a ``CLIError``.
    /// Warnings for the line go to `warnings`.
    func process(_ line: Span<UInt8>, into output: inout [UInt8], warnings: inout [String]) throws
}
