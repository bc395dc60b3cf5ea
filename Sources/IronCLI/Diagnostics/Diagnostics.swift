/// Writes messages to standard error, in one style: `iron: error: ...`, `iron: warning: ...`,
/// `iron: hint: ...`, `iron: note: ...`. Lowercase, one line each, never a secret.
/// `--quiet` drops the warnings and notes; errors and their hints always show.
struct Diagnostics {
    let io: IO
    var quiet = false

    func error(_ message: String) { line("error", message) }
    func warning(_ message: String) { if !quiet { line("warning", message) } }
    func hint(_ message: String) { line("hint", message) }
    func note(_ message: String) { if !quiet { line("note", message) } }

    func report(_ error: CLIError) {
        self.error(error.message)
        for hint in error.hints.prefix(2) { self.hint(hint) }
    }

    private func line(_ level: String, _ message: String) {
        // One line: newlines in a message (from a file name, say) are shown escaped.
        try? io.stderr.write("iron: \(level): \(message.replacingNewlines())\n")
        try? io.stderr.flush()
    }
}

extension String {
    /// The text with line breaks and other control characters escaped, for one line of a message.
    func replacingNewlines() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\u{0}"..."\u{1F}", "\u{7F}": result += "\\x" + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
