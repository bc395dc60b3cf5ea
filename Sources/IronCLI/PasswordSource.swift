#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Iron

/// What the password sources gave: one password or a rotation map.
enum PasswordSet {
    case single(Password)
    case map(PasswordMap)
}

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
            guard fcntl(descriptor, F_GETFD) != -1 else {
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
        defer { bytes.withUnsafeMutableBytes { buffer in for i in buffer.indices { buffer[i] = 0 } } }
        return try parse(bytes, origin: origin)
    }

    /// One password, or a JSON map when the text starts with `{` or `[`. One trailing newline
    /// (LF or CRLF) is not part of a password.
    static func parse(_ bytes: [UInt8], origin: String) throws -> PasswordSet {
        var end = bytes.count
        if end > 0 && bytes[end - 1] == 0x0A {
            end -= 1
            if end > 0 && bytes[end - 1] == 0x0D { end -= 1 }
        }
        let text = bytes[0..<end]
        let firstNonSpace = text.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if firstNonSpace == UInt8(ascii: "{") || firstNonSpace == UInt8(ascii: "[") {
            do {
                return .map(try PasswordMap(json: text))
            } catch let error as IronError {
                throw CLIError(.config, "malformed password map in \(origin): \(error.reason)",
                               hints: ["a map is {\"2\": \"newest password\", \"1\": \"older password\"}"])
            }
        }
        guard !text.isEmpty else {
            throw CLIError(.config, "empty password in \(origin)", hints: passwordHints)
        }
        return .single(Password(secret: Password.Secret(utf8: text)))
    }
}
