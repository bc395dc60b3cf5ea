import Iron

/// Finds the password, in this order: `--password-file`, `--password-env` or `--password-fd` (one
/// of them); else `IRON_PASSWORD_FILE` or `IRON_PASSWORD` (not both); else a prompt on the
/// terminal; else exit 78.
enum PasswordSource {
    static let environmentVariable = "IRON_PASSWORD"
    /// The container-secrets convention: the path of a file holding the password.
    static let fileEnvironmentVariable = "IRON_PASSWORD_FILE"
    /// The largest password file read (a map of many passwords is still tiny).
    static let sizeLimit = 1 << 20

    /// The passwords from the first source that has them, the terminal last.
    static func resolve(_ arguments: ParsedArguments, io: IO, diagnostics: Diagnostics) throws -> PasswordSet {
        if let (read, origin) = try read(arguments, io: io, diagnostics: diagnostics) ?? fromEnvironment(io.environment, diagnostics: diagnostics) {
            var bytes = read
            defer { secureZero(&bytes) }
            return try parse(bytes, origin: origin)
        }
        guard let prompt = io.promptPassword, var typed = prompt("iron: password: ") else {
            throw CLIError(.config, "no password: none was given and there is no terminal to ask on", hints: passwordHints)
        }
        defer { secureZero(&typed) }
        return try parse(typed, origin: "the terminal")
    }

    /// The passwords given by an option, or `nil`: `inspect` uses a password only when one is
    /// given on purpose, never from the environment or a prompt.
    static func resolveOption(_ arguments: ParsedArguments, io: IO, diagnostics: Diagnostics) throws -> PasswordSet? {
        guard let (read, origin) = try read(arguments, io: io, diagnostics: diagnostics) else { return nil }
        var bytes = read
        defer { secureZero(&bytes) }
        return try parse(bytes, origin: origin)
    }

    /// The bytes of the source an option names and its name for messages, or `nil`.
    private static func read(_ arguments: ParsedArguments, io: IO, diagnostics: Diagnostics) throws -> ([UInt8], String)? {
        let given = ["password-file", "password-env", "password-fd"].filter { arguments.value($0) != nil }
        if given.count > 1 {
            throw CLIError.usage("give one password source, not \(given.map { "--\($0)" }.joined(separator: " and "))")
        }
        if let path = arguments.value("password-file") {
            return (try readFile(path, diagnostics: diagnostics), "password file \(path)")
        }
        if let name = arguments.value("password-env") {
            guard let value = io.environment[name] else {
                throw CLIError(.config, "environment variable \(name) is not set", hints: passwordHints)
            }
            return (Array(value.utf8), "environment variable \(name)")
        }
        if let text = arguments.value("password-fd") {
            guard let descriptor = Int32(text), descriptor >= 0 else {
                throw CLIError.usage("--password-fd needs a file descriptor number, not \"\(text.prefix(20))\"")
            }
            guard Files.isOpen(descriptor) else {
                throw CLIError(.noInput, "file descriptor \(descriptor) is not open")
            }
            return (try Files.read(descriptor: descriptor, name: "file descriptor \(descriptor)", limit: sizeLimit), "file descriptor \(descriptor)")
        }
        return nil
    }

    /// `IRON_PASSWORD_FILE` or `IRON_PASSWORD`; both set is a mistake (as with Docker's `_FILE`).
    private static func fromEnvironment(_ environment: [String: String], diagnostics: Diagnostics) throws -> ([UInt8], String)? {
        let path = environment[fileEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        if path != nil, environment[environmentVariable] != nil {
            throw CLIError(.config, "both \(environmentVariable) and \(fileEnvironmentVariable) are set; iron will not guess which to use",
                           hints: ["unset one of them"])
        }
        if let path {
            return (try readFile(path, diagnostics: diagnostics), "password file \(path) (\(fileEnvironmentVariable))")
        }
        if let value = environment[environmentVariable] {
            return (Array(value.utf8), "environment variable \(environmentVariable)")
        }
        return nil
    }

    /// A password file, with a warning when others than its owner may read it.
    private static func readFile(_ path: String, diagnostics: Diagnostics) throws -> [UInt8] {
        let bytes = try Files.read(path, limit: sizeLimit, what: "password file")
        warnIfShared(path, diagnostics: diagnostics)
        return bytes
    }

    /// Warns when the group or others may read a file of passwords.
    static func warnIfShared(_ path: String, diagnostics: Diagnostics) {
        if let mode = Files.mode(path), mode & 0o077 != 0 {
            diagnostics.warning("password file \(path) is readable by \(mode & 0o007 != 0 ? "others" : "its group") (mode \(Files.octal(mode))); run: chmod 600 \(path)")
        }
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
