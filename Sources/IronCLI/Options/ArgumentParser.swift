/// The options and operands of one command line, as ``ArgumentParser`` read them.
struct ParsedArguments {
    let command: CommandSpec
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var operands: [String] = []
    /// The values of repeatable options, in command-line order across all of them.
    private(set) var repeated: [(name: String, value: String)] = []

    init(command: CommandSpec) { self.command = command }

    func value(_ name: String) -> String? { values[name] }
    func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil || repeated.contains { $0.name == name } }

    fileprivate mutating func set(_ option: OptionSpec, _ value: String?) throws {
        if option.repeatable, let value {
            repeated.append((option.name, value))
            return
        }
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
/// `--name value` or `--name=value`; short ones as `-o FILE`, `-oFILE`, or bundled flags (`-ql`);
/// `--` to end options, `-` as an operand for standard input.
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
            } else if !argument.hasPrefix("--") {
                try shortOptions(argument, of: command, from: arguments, at: &index, into: &parsed)
            } else {
                let (option, inlineValue) = try longOption(argument, of: command)
                try parsed.set(option, try value(of: option, inline: inlineValue, from: arguments, at: &index))
            }
        }
        return parsed
    }

    /// `-q`, `-ql` (flags bundled), `-o FILE` or `-oFILE` (a value takes the rest of the argument).
    private static func shortOptions(_ argument: String, of command: CommandSpec, from arguments: ArraySlice<String>,
                                     at index: inout Int, into parsed: inout ParsedArguments) throws {
        var letters = Substring(argument.dropFirst())
        if letters.count > 1, command.option(named: String(letters)) != nil {
            throw CLIError.usage("unknown option \(argument.prefix(40)); did you mean -\(argument.prefix(40))?")
        }
        while let letter = letters.popFirst() {
            guard let option = command.option(short: letter) else {
                throw unknownShortOption(letter, argument: argument, in: command)
            }
            let inline = option.takesValue && !letters.isEmpty ? String(letters) : nil
            if inline != nil { letters = "" }
            try parsed.set(option, try value(of: option, inline: inline, from: arguments, at: &index))
        }
    }

    private static func unknownShortOption(_ letter: Character, argument: String, in command: CommandSpec) -> CLIError {
        let shorts = command.options.compactMap { $0.short.map { "-\($0)" } }
        return CLIError.usage("unknown option -\(letter) for 'iron \(command.name)'",
                              hints: ["its short options are \(shorts.joined(separator: " ")); run 'iron \(command.name) --help'"])
    }

    /// The option an argument names (`--name` or `--name=value`) and its inline value.
    private static func longOption(_ argument: String, of command: CommandSpec) throws -> (OptionSpec, String?) {
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
        // An option of another command: say which, before guessing at a typo.
        let others = Spec.commands.filter { $0.option(named: name) != nil }.map { "'iron \($0.name)'" }
        if !others.isEmpty {
            let list = others.count > 1 ? others.dropLast().joined(separator: ", ") + " and " + others[others.count - 1] : others[0]
            return CLIError.usage("--\(shown) is not an option of 'iron \(command.name)'; it is an option of \(list)")
        }
        if let suggestion = closest(to: name, among: command.options.map(\.name)) {
            return CLIError.usage("unknown option --\(shown) for 'iron \(command.name)'; did you mean --\(suggestion)?")
        }
        return CLIError.usage("unknown option --\(shown) for 'iron \(command.name)'", hints: ["run 'iron \(command.name) --help' for its options"])
    }

    /// The candidate nearest to `word` by edit distance, if near enough to be a typo: at most one
    /// edit in three letters (so `--exp` is no typo of `--help`), or a prefix of one candidate.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(1, min(word.count, best.0.count) / 3)
        if best.1 <= allowed { return best.0 }
        // A prefix of a longer option, such as --pass for --password-file.
        let prefixed = candidates.filter { $0.hasPrefix(word) }
        if word.count >= 3, prefixed.count == 1 { return prefixed[0] }
        return nil
    }

    /// The edit distance counting a swap of two neighbours as one edit (optimal string alignment).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8.prefix(64)), b = Array(b.utf8.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
