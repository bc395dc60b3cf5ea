import Iron

/// `iron password`: generate passwords; add one to a rotation map.
struct PasswordCommand {
    let context: CommandContext

    func run() throws -> ExitCode {
        let arguments = context.arguments
        _ = try context.operand()
        let options = context.options
        let charset = arguments.value("charset").flatMap(PasswordGenerator.Charset.init(rawValue:)) ?? .base64url
        let length = try options.integer("length", minimum: 0, maximum: 1 << 20)
        if let length, length < PasswordGenerator.minimumLength {
            throw CLIError.usage("--length \(length) is too short: @hapi/iron needs at least \(PasswordGenerator.minimumLength) characters")
        }
        let count = try options.integer("count", minimum: 1, maximum: 1_000_000) ?? 1
        if arguments.has("keep") && !arguments.has("map") {
            throw CLIError.usage("--keep works only with --map")
        }
        if let path = arguments.value("map") {
            if arguments.has("count") { throw CLIError.usage("--map adds one password; --count cannot be used with it") }
            let keep = try options.integer("keep", minimum: 1, maximum: 1_000_000)
            return try addToMap(path, length: length, charset: charset, keep: keep)
        }
        var output: [UInt8] = []
        for _ in 0..<count {
            output.append(contentsOf: try PasswordGenerator.generate(length: length, charset: charset).utf8)
            output.append(0x0A)
        }
        defer { secureZero(&output) }
        try context.write(output)
        return .ok
    }

    private func addToMap(_ path: String, length: Int?, charset: PasswordGenerator.Charset, keep: Int?) throws -> ExitCode {
        let existing = try AtomicFile.examine(path)
        var map = PasswordMap([:])
        var mode: UInt32 = 0o600
        if case .regular(let oldMode) = existing {
            mode = oldMode
            PasswordSource.warnIfShared(path, diagnostics: context.diagnostics)
            let bytes = try Files.read(path, limit: PasswordSource.sizeLimit, what: "password map")
            let blank = bytes.allSatisfy(ASCII.isJSONWhitespace)
            if !blank && (try? JSONValue(parsing: bytes)) != .object([]) {
                do {
                    map = try PasswordMap(json: bytes)
                } catch {
                    throw CLIError(.config, "malformed password map in \(path): \(error.reason); it was left unchanged")
                }
            }
        }
        let highest = map.ids.compactMap(PasswordMap.numericValue).max() ?? 0
        guard highest < UInt64(Int64.max) else { throw CLIError(.config, "the password map's highest id cannot be incremented") }
        let newId = String(highest + 1)
        map.set(Password(try PasswordGenerator.generate(length: length, charset: charset)), for: newId)
        var removed: [String] = []
        if let keep {
            let numeric = map.ids.filter { PasswordMap.numericValue($0) != nil }
            for id in numeric.dropLast(keep) {
                map.remove(id: id)
                removed.append(id)
            }
        }
        var json = map.json(pretty: true)
        json.append(0x0A)
        defer { secureZero(&json) }
        try AtomicFile.replace(path, with: json, mode: mode, write: context.io.writeFile)
        if !removed.isEmpty {
            context.diagnostics.note("removed id\(removed.count == 1 ? "" : "s") \(removed.joined(separator: ", ")) from \(path); tokens sealed with \(removed.count == 1 ? "it" : "them") no longer unseal")
        }
        try context.write(Array("\(newId)\n".utf8))
        return .ok
    }
}
