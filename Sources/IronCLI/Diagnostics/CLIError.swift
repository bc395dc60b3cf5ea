/// A failure the command reports: one `iron: error:` line, at most a couple of hints, an exit status.
struct CLIError: Error {
    let message: String
    let hints: [String]
    let exitCode: ExitCode

    init(_ exitCode: ExitCode, _ message: String, hints: [String] = []) {
        self.exitCode = exitCode
        self.message = message
        self.hints = hints
    }

    static func usage(_ message: String, hints: [String] = []) -> CLIError {
        CLIError(.usage, message, hints: hints)
    }
}
