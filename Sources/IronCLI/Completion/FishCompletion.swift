/// The fish script: one `complete -c iron` line per command and per distinct option, the option
/// lines conditioned on the commands that take them.
enum FishCompletion {
    static func script() -> String {
        Completion.header(.fish, install: install) + "\n" + functions + commands() + operands() + options()
    }

    private static let install = [
        "Install as iron.fish in a directory of $fish_complete_path (such as",
        "/usr/local/share/fish/vendor_completions.d), or load it with",
        "  iron completion fish | source",
    ]

    private static let functions = #"""
    # Whether iron's command (its first argument) is one of $argv.
    function __fish_iron_using
        set -l words (commandline -opc)
        set -q words[2]; and contains -- $words[2] $argv
    end

    # Whether iron's command is $argv[1] and no operand follows it yet (options may).
    function __fish_iron_operand_of
        set -l words (commandline -opc)
        set -q words[2]; and test $words[2] = $argv[1]; or return 1
        for word in $words[3..-1]
            string match -q -- '-*' $word; or return 1
        end
    end

    # No file names unless an option or operand takes one.
    complete -c iron -f


    """#

    /// The commands, and what may come instead of one.
    private static func commands() -> String {
        var text = "# The commands, and what may come instead of one.\n"
        for (name, summary) in Completion.commands {
            text += "complete -c iron -n __fish_use_subcommand -a \(name) -d \(quoted(summary))\n"
        }
        for option in Completion.globalOptions {
            text += "complete -c iron -n __fish_use_subcommand\(names(option)) -d \(quoted(option.help))\n"
        }
        return text + "\n"
    }

    /// `iron help COMMAND`, then each command's operand when it can be listed.
    private static func operands() -> String {
        let names = Spec.commands.map(\.name).joined(separator: " ")
        var text = "# Operands.\n"
        text += "complete -c iron -n '__fish_iron_operand_of \(Completion.help.name)' -a '\(names)'\n"
        for command in Spec.commands {
            switch CompletionValue(operand: command.operand) {
            case .files:
                text += "complete -c iron -n '__fish_iron_using \(command.name)' -F\n"
            case .words(let words):
                text += "complete -c iron -n '__fish_iron_operand_of \(command.name)' -a \(quoted(words.joined(separator: " ")))\n"
            case .environmentVariables:
                text += "complete -c iron -n '__fish_iron_operand_of \(command.name)' -a '(set -nx)'\n"
            case .none, .unlisted:
                break
            }
        }
        return text + "\n"
    }

    /// Each distinct option once, for the commands that take it.
    private static func options() -> String {
        var text = "# The options, each for the commands that take it.\n"
        for (option, commands) in Completion.distinctOptions {
            let condition = quoted("__fish_iron_using " + commands.joined(separator: " "))
            text += "complete -c iron -n \(condition)\(names(option))\(value(option)) -d \(quoted(option.help))\n"
        }
        return text
    }

    /// ` -s q -l quiet`
    private static func names(_ option: OptionSpec) -> String {
        (option.short.map { " -s \($0)" } ?? "") + " -l \(option.name)"
    }

    /// What follows an option: ` -r -F` (a file), ` -x -a 'words'` (a word), ` -x` (anything).
    private static func value(_ option: OptionSpec) -> String {
        switch CompletionValue(option) {
        case .none: ""
        case .files: " -r -F"
        case .words(let words): " -x -a \(quoted(words.joined(separator: " ")))"
        case .environmentVariables: " -x -a '(set -nx)'"
        case .unlisted: " -x"
        }
    }

    /// `text` in fish's single quotes: `\` and `'` escaped.
    private static func quoted(_ text: String) -> String {
        var result = "'"
        for character in text {
            if character == "\\" || character == "'" { result.append("\\") }
            result.append(character)
        }
        return result + "'"
    }
}
