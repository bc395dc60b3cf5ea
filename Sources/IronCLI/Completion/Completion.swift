/// The shells `iron completion` writes a script for.
enum CompletionShell: String, CaseIterable, Sendable {
    case bash, zsh, fish

    /// The script, generated from ``Spec/commands``: what `iron completion SHELL` prints and
    /// what completions/ holds.
    var script: String {
        switch self {
        case .bash: BashCompletion.script()
        case .zsh: ZshCompletion.script()
        case .fish: FishCompletion.script()
        }
    }

    /// The file under completions/ that `make install` installs.
    var fileName: String {
        switch self {
        case .bash: "iron.bash"
        case .zsh: "_iron"
        case .fish: "iron.fish"
        }
    }
}

/// What a shell offers for the value of an option, or for an operand.
enum CompletionValue: Equatable, Sendable {
    /// A flag: no value follows it.
    case none
    /// File names.
    case files
    /// One of these words.
    case words([String])
    /// The names of exported environment variables.
    case environmentVariables
    /// A value no list holds (a number, a duration, a name): nothing is offered, not even options.
    case unlisted

    init(_ option: OptionSpec) {
        if option.value == nil {
            self = .none
        } else if !option.choices.isEmpty {
            self = .words(option.choices)
        } else if option.value == "FILE" {
            self = .files
        } else if option.value == "BROWSER" {
            // Open-ended (a `:PROFILE` may follow), so not `choices`; the browsers are the start.
            self = .words(Completion.browsers)
        } else if option.name == "password-env" {
            self = .environmentVariables
        } else {
            self = .unlisted
        }
    }

    /// A command's operand: `[FILE]` is a file, `SHELL` a shell; `nil` (no operand) is `.none`.
    init(operand: String?) {
        guard let operand else {
            self = .none
            return
        }
        switch operand.filter({ $0 != "[" && $0 != "]" }) {
        case "FILE": self = .files
        case "SHELL": self = .words(CompletionShell.allCases.map(\.rawValue))
        default: self = .unlisted
        }
    }
}

/// What the three scripts share: the words of the command line and how options relate.
enum Completion {
    /// What `--from-browser` starts with.
    static let browsers = ["firefox", "chromium", "chrome"]

    /// Options of which a command takes one at most (the commands reject two): once one is on the
    /// line, the others are not offered.
    static let exclusiveGroups: [[String]] = [
        ["password-file", "password-env", "password-fd"],
        ["pretty", "compact"],
    ]

    /// What `iron help` shows help for.
    static let help = (name: "help", summary: "show help for a command")

    /// The first argument: the commands, then `help`, with their summaries.
    static var commands: [(name: String, summary: String)] {
        Spec.commands.map { ($0.name, $0.summary) } + [help]
    }

    /// What may come instead of a command: `iron --help`, `iron --version`.
    static let globalOptions = [
        OptionSpec("help", nil, "show the commands", short: "h"),
        OptionSpec("version", nil, "print the version", short: "V"),
    ]

    /// `-q` and `--quiet`, or only `--name` when there is no short form.
    static func spellings(_ option: OptionSpec) -> [String] {
        (option.short.map { ["-\($0)"] } ?? []) + ["--\(option.name)"]
    }

    /// What no longer makes sense once `option` is on the line: its own spellings (unless it is
    /// repeatable) and those of the rest of its exclusive group that `command` takes.
    static func excluded(by option: OptionSpec, in command: CommandSpec) -> [String] {
        guard let group = exclusiveGroups.first(where: { $0.contains(option.name) }) else {
            return option.repeatable ? [] : spellings(option)
        }
        return group.compactMap(command.option(named:)).flatMap(spellings)
    }

    /// Every distinct option once, in the order of the table, with the commands that take that
    /// very option (same name, value, help, choices, short form).
    static var distinctOptions: [(option: OptionSpec, commands: [String])] {
        var result: [(option: OptionSpec, commands: [String])] = []
        for command in Spec.commands {
            for option in command.options {
                if let index = result.firstIndex(where: { $0.option.isSame(as: option) }) {
                    result[index].commands.append(command.name)
                } else {
                    result.append((option, [command.name]))
                }
            }
        }
        return result
    }

    /// Words grouped by a key, in the order each key first appears, each word once.
    static func grouped<Key: Equatable>(_ pairs: [(key: Key, words: [String])]) -> [(key: Key, words: [String])] {
        var groups: [(key: Key, words: [String])] = []
        var seen: Set<String> = []
        for (key, words) in pairs {
            let new = words.filter { seen.insert($0).inserted }
            guard !new.isEmpty else { continue }
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].words += new
            } else {
                groups.append((key, new))
            }
        }
        return groups
    }

    /// The comment every script starts with.
    static func header(_ shell: CompletionShell, install: [String]) -> String {
        let lines = [
            "\(shell.rawValue) completion for iron(1): seal, unseal and inspect iron tokens (Fe26.2).",
            "",
            "Generated by `iron completion \(shell.rawValue)` from the option table in",
            "Sources/IronCLI/Options/CommandSpec.swift. Do not edit it by hand: run",
            "scripts/completions (or make completions) to write it again.",
            "",
        ] + install
        return lines.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined()
    }

    /// `text` inside single quotes for bash and zsh: `'` as `'\''`.
    static func singleQuoted(_ text: String) -> String {
        "'" + text.replacing("'", with: #"'\''"#) + "'"
    }
}

extension OptionSpec {
    /// Whether two commands' options are the very same one.
    func isSame(as other: OptionSpec) -> Bool {
        name == other.name && value == other.value && help == other.help && choices == other.choices
            && short == other.short && repeatable == other.repeatable
    }
}
