import Iron

/// Finds the password: `--password-file`, `--password-env` or `--password-fd` (one of them), else
/// `IRON_PASSWORD`, else a prompt on the terminal, else exit 78.
enum PasswordSource {
    static let environmentVariable = "IRON_PASSWORD"
    /// The largest password file read (a map of many passwords is still tiny).
    static let sizeLimit = 1 << 20

    static func resolve(_ arguments: ParsedArguments, io: IO, diagnostics: Diagnostics) throws -> PasswordSet {
        let given = ["password-file", "password-env", "password-fd"].filter { arguments.value($0) != nil }
        if given.count > 1 {
            throw CLIError.usage("give one password source, not \(given.map { "--\($0)" }.joined(separator: " and "))")
        }
        var bytes: [UInt8]
        let origin: String
        if let path = arguments.value("password-file") {
            bytes = try Files.read(path, limit: sizeLimit, what: "password file")
            origin = "password file \(path)"
            if let mode = Files.mode(path), mode & 0o077 != 0 {
                diagnostics.warning("password file \(path) is readable by \(mode & 0o007 != 0 ? "others" : "its group") (mode \(Files.octal(mode))); run: chmod 600 \(path)")
            }
        } else if let name = arguments.value("password-env") {
            guard let value = io.environment[name] else {
                throw CLIError(.config, "environment variable \(name) is not set", hints: passwordHints)
            }
            bytes = Array(value.utf8)
            origin = "environment variable \(name)"
        } else if let text = arguments.value("password-fd") {
            guard let descriptor = Int32(text), descriptor >= 0 else {
                throw CLIError.usage("--password-fd needs a file descriptor number, not \"\(text.prefix(20))\"")
            }
            guard Files.isOpen(descriptor) else {
                throw CLIError(.noInput, "file descriptor \(descriptor) is not open")
            }
            bytes = try Files.read(descriptor: descriptor, name: "file descriptor \(descriptor)", limit: sizeLimit)
            origin = "file descriptor \(descriptor)"
        } else if let value = io.environment[environmentVariable] {
            bytes = Array(value.utf8)
            origin = "environment variable \(environmentVariable)"
        } else if let prompt = io.promptPassword, let typed = prompt("iron: password: ") {
            bytes = typed
            origin = "the terminal"
        } else {
            throw CLIError(.config, "no password: none was given and there is no terminal to ask on", hints: passwordHints)
        }
        defer { secureZero(&bytes) }
        return try parse(bytes, origin: origin)
    }

    /// The passwords in `bytes` (see ``PasswordSet/init(text:)``), with the source named in errors.
    static func parse(_ bytes: [UInt8], origin: String) throws -> PasswordSet {
        do {
            return try PasswordSet(text: bytes)
        } catch where error.kind == .emptyPassword {
            throw CLIError(.config, "empty password in \(origin)", hints: passwordHints)
        } catch {
            throw CLIError(.config, "malformed password map in \(origin): \(error.reason)",
                           hints: ["a map is {\"2\": \"newest password\", \"1\": \"older password\"}"])
        }
    }
}
