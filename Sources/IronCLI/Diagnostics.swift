import Iron

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

/// Writes messages to standard error, in one style: `iron: error: ...`, `iron: warning: ...`,
/// `iron: hint: ...`, `iron: note: ...`. Lowercase, one line each, never a secret.
struct Diagnostics {
    let io: IO

    func error(_ message: String) { line("error", message) }
    func warning(_ message: String) { line("warning", message) }
    func hint(_ message: String) { line("hint", message) }
    func note(_ message: String) { line("note", message) }

    func report(_ error: CLIError) {
        self.error(error.message)
        for hint in error.hints.prefix(2) { self.hint(hint) }
    }

    private func line(_ level: String, _ message: String) {
        // One line: newlines in a message (from a file name, say) are shown escaped.
        let flat = message.replacingNewlines()
        try? io.stderr.write("iron: \(level): \(flat)\n")
        try? io.stderr.flush()
    }
}

extension String {
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

extension IronError {
    /// The exit status for a library error.
    var exitCode: ExitCode {
        switch kind {
        case .expired: return .expired
        case .passwordNotFound: return .noPassword
        case .emptyPassword, .passwordTooShort, .keyTooSmall, .invalidPasswordMap, .invalidPasswordId: return .config
        case .invalidJSON: return .dataError
        case .invalidOptions: return .usage
        case .cryptoFailure: return .software
        default: return .rejected
        }
    }
}

/// Turns a library error met while unsealing into the user's message.
func unsealFailure(_ error: IronError, passwords: PasswordSet?, now: Int64, expiration: Int64? = nil) -> CLIError {
    let code = error.exitCode
    switch error.kind {
    case .incorrectComponentCount:
        return CLIError(code, "incorrect number of sealed components: a token has 8 fields separated by '*'", hints: ["was the token cut short or joined with other text?"])
    case .wrongPrefix:
        return CLIError(code, "wrong mac prefix: this is not an Fe26.2 token")
    case .invalidExpiration:
        return CLIError(code, "invalid expiration: the expiration field is not a number of milliseconds")
    case .expired:
        var message = "expired seal"
        if let expiration {
            message += ": the token expired at \(TimeText.iso8601(expiration)) (\(TimeText.relative(expiration, now: now)))"
        }
        return CLIError(code, message, hints: ["use --ignore-expiration to read it anyway"])
    case .passwordNotFound:
        let id = error.passwordId ?? ""
        var ids = ""
        if case .map(let map)? = passwords { ids = map.ids.map { "\"\($0)\"" }.joined(separator: ", ") }
        let wanted = id.isEmpty ? "no id (looked up as \"default\")" : "id \"\(id)\""
        return CLIError(code, "cannot find password: the token names \(wanted); the password map has \(ids.isEmpty ? "no such id" : "ids \(ids)")",
                        hints: ["add the password the token was sealed with to the map under that id"])
    case .badHMAC:
        return CLIError(code, "bad hmac value: wrong password, or the token was altered",
                        hints: ["check the password, and that --algorithm and --iterations match the app's settings"])
    case .decryptionFailed:
        return CLIError(code, "decryption failed (\(error.reason.lowercased())): the HMAC verified, so the token was sealed with this password but with other settings",
                        hints: ["check --algorithm and --encryption-iterations"])
    case .payloadNotJSON where error.json?.kind == .tooDeep || error.json?.kind == .tooLarge:
        // The token is fine; a limit of ours refused its payload.
        let limit = error.json?.kind == .tooDeep ? "--max-depth" : "--max-size"
        return CLIError(.dataError, "the payload is over a limit: \(error.json!.message)", hints: ["raise the limit with \(limit)"])
    case .payloadNotJSON:
        let detail = error.json.map { "\($0)" } ?? String(error.reason.dropFirst("Failed parsing sealed object JSON: ".count))
        return CLIError(code, "failed parsing sealed object JSON: \(detail)")
    case .emptyPassword:
        return CLIError(code, "empty password", hints: passwordHints)
    case .passwordTooShort:
        return CLIError(code, error.reason.lowercased(), hints: ["generate one with 'iron password'; --min-password-length lowers the minimum to read old apps' tokens"])
    case .keyTooSmall:
        return CLIError(code, "key buffer (password) too small")
    default:
        return CLIError(code, error.reason.prefix(1).lowercased() + error.reason.dropFirst())
    }
}

let passwordHints = [
    "give the password with --password-file FILE, --password-env NAME, --password-fd N or IRON_PASSWORD",
]
