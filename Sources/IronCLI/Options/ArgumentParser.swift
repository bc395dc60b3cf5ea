/// The options and operands of one command line, as ``ArgumentParser`` read them.
struct ParsedArguments {
    let command: CommandSpec
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var operands: [String] = []

    init(command: CommandSpec) { self.command = command }

    func value(_ name: String) -> String? { values[name] }
    func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    fileprivate mutating func set(_ option: OptionSpec, _ value: String?) throws {
        if flags.contains(option.name) || values[option.name] != nil {
            throw CLIError.usage("--\(option.name) is given more than once")
        }
        if let value {
            values[option.name] = value
        } else {
            flags.insert(option.name)
        }
    }

    fileprivate mutating func add(operand: String) { operands.append(operand) }
}

/// Reads `iron COMMAND [options] [operands]` against the table in ``Spec``: long options as
/// `--name value` or `--name=value`, `--` to end options, `-` as an operand for standard input.
enum ArgumentParser {
    static func parse(_ arguments: ArraySlice<String>, for command: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments(command: command)
        var index = arguments.startIndex
        var optionsEnded = false
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                parsed.add(operand: argument)
            } else if argument == "--" {
                optionsEnded = true
            } else if argument == "-h" {
                try parsed.set(Spec.help, nil)
            } else {
                let (option, inlineValue) = try longOption(argument, of: command)
                try parsed.set(option, try value(of: option, inline: inlineValue, from: arguments, at: &index))
            }
        }
        return parsed
    }

    /// The option an argument names (`--name` or `--name=value`) and its inline value.
    private static func longOption(_ argument: String, of command: CommandSpec) throws -> (OptionSpec, String?) {
        guard argument.hasPrefix("--") else {
            throw CLIError.usage("unknown option \(argument.prefix(40))", hints: ["options are long: run 'iron \(command.name) --help'"])
        }
        let body = argument.dropFirst(2)
        let equals = body.firstIndex(of: "=")
        let name = String(body[..<(equals ?? body.endIndex)])
        if name == "password" || name == "secret" || name == "key" {
            throw CLIError.usage("--\(name) is not accepted: a secret on the command line is visible to other users and kept in shell history",
                                 hints: passwordHints)
        }
        guard let option = command.option(named: name) else { throw unknownOption(name, in: command) }
        return (option, equals.map { String(body[body.index(after: $0)...]) })
    }

    /// The value of an option: inline, or the next argument; checked against its choices. `nil`
    /// for a flag.
    private static func value(of option: OptionSpec, inline: String?, from arguments: ArraySlice<String>, at index: inout Int) throws -> String? {
        guard option.takesValue else {
            if inline != nil { throw CLIError.usage("--\(option.name) takes no value") }
            return nil
        }
        let value: String
        if let inline {
            value = inline
        } else {
            guard index < arguments.endIndex else { throw CLIError.usage("--\(option.name) needs a value (\(option.value ?? "VALUE"))") }
            value = arguments[index]
            index += 1
        }
        if !option.choices.isEmpty && !option.choices.contains(value) {
            throw CLIError.usage("--\(option.name) must be one of \(option.choices.joined(separator: ", ")), not \"\(value.prefix(40))\"")
        }
        return value
    }

    static func unknownOption(_ name: String, in command: CommandSpec) -> CLIError {
        let shown = String(name.prefix(40))
        if let suggestion = closest(to: name, among: command.options.map(\.name)) {
            return CLIError.usage("unknown option --\(shown) for 'iron \(command.name)'; did you mean --\(suggestion)?")
        }
        // An option of another command?
        if let other = Spec.commands.first(where: { $0.option(named: name) != nil }) {
            return CLIError.usage("unknown option --\(shown) for 'iron \(command.name)' (it is an option of 'iron \(other.name)')")
        }
        return CLIError.usage("unknown option --\(shown) for 'iron \(command.name)'", hints: ["run 'iron \(command.name) --help' for its options"])
    }

    /// The candidate nearest to `word` by edit distance, if near enough to be a typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(2, min(word.count, best.0.count) / 3)
        if best.1 <= allowed { return best.0 }
        // A prefix of a longer option, such as --pass for --password-file.
        if word.count >= 3, let prefixed = candidates.first(where: { $0.hasPrefix(word) }) { return prefixed }
        return nil
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8.prefix(64)), b = Array(b.utf8.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
