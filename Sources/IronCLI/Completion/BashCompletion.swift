/// The bash script: `_iron` fills COMPREPLY from per-command word lists, with case statements
/// for option values, for options that rule others out, and for operands.
enum BashCompletion {
    static func script() -> String {
        Completion.header(.bash, install: install) + "\n" + helpers + "\n" + start
            + commandCase() + valueCase() + optionsStart + exclusionCase() + optionsEnd + operandCase()
            + "    return 0\n}\n\ncomplete -F _iron iron\n"
    }

    private static let install = [
        "Install as iron in bash-completion's completions directory (such as",
        "/usr/local/share/bash-completion/completions), or load it from ~/.bashrc with",
        "  source <(iron completion bash)",
    ]

    private static let helpers = #"""
    # File names, for an option's value (after the option and '=' when joined to it) or an operand.
    _iron_files() {
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -P "$valueprefix" -f -- "$cur")
    }

    # Whether one of the words is on the line already ($used, set by _iron).
    _iron_used() {
        local word
        for word; do
            [[ $used == *" $word "* ]] && return 0
        done
        return 1
    }

    """#

    private static var start: String {
        let globals = Completion.globalOptions.flatMap(Completion.spellings).joined(separator: " ")
        let commands = Completion.commands.map(\.name).joined(separator: " ")
        return #"""
        _iron() {
            local cur prev cmd opts word i valueprefix=
            COMPREPLY=()
            cur=${COMP_WORDS[COMP_CWORD]}
            prev=
            if ((COMP_CWORD > 0)); then
                prev=${COMP_WORDS[COMP_CWORD - 1]}
            fi

            # An option and its value joined by '=': bash splits the word at '='
            # (COMP_WORDBREAKS) into the option, '=' and the value.
            if [[ $cur == = && $prev == --* ]]; then
                cur=
            elif [[ $prev == = ]] && ((COMP_CWORD > 1)) && [[ ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
                prev=${COMP_WORDS[COMP_CWORD - 2]}
            elif [[ $cur == --*=* ]]; then
                # '=' is not in COMP_WORDBREAKS: the whole word is replaced.
                prev=${cur%%=*}
                valueprefix=$prev=
                cur=${cur#*=}
            fi

            # The command comes first.
            if ((COMP_CWORD == 1)); then
                if [[ $cur == -* ]]; then
                    opts='\#(globals)'
                else
                    opts='\#(commands)'
                fi
                COMPREPLY=($(compgen -W "$opts" -- "$cur"))
                return 0
            fi
            cmd=${COMP_WORDS[1]}


        """#
    }

    /// `case $cmd in`: each command's options, short and long, in `opts`.
    private static func commandCase() -> String {
        var text = "    # The options of each command.\n    case $cmd in\n"
        for command in Spec.commands {
            let words = command.options.flatMap(Completion.spellings).joined(separator: " ")
            text += "        \(command.name))\n            opts='\(words)'\n            ;;\n"
        }
        let names = Spec.commands.map(\.name).joined(separator: " ")
        text += """
                \(Completion.help.name))
                    if ((COMP_CWORD == 2)); then
                        COMPREPLY=($(compgen -W '\(names)' -- "$cur"))
                    fi
                    return 0
                    ;;
                *)
                    return 0
                    ;;
            esac


        """
        return text
    }

    /// `case $prev in`: the value of an option, by what it takes.
    private static func valueCase() -> String {
        let pairs = Spec.commands.flatMap(\.options).map { (key: CompletionValue($0), words: Completion.spellings($0)) }
        var text = """
            # The value of an option of this command.
            if [[ " $opts " == *" $prev "* ]]; then
                case $prev in

        """
        for (value, words) in Completion.grouped(pairs) where value != .none {
            text += pattern(words, indent: 12)
            text += action(value).map { "                \($0)\n" }.joined()
            text += "                return 0\n                ;;\n"
        }
        return text + "        esac\n    fi\n\n"
    }

    private static func action(_ value: CompletionValue) -> [String] {
        switch value {
        case .none: []
        case .files: ["_iron_files"]
        case .words(let words): [#"COMPREPLY=($(compgen -P "$valueprefix" -W '\#(words.joined(separator: " "))' -- "$cur"))"#]
        case .environmentVariables: [#"COMPREPLY=($(compgen -P "$valueprefix" -e -- "$cur"))"#]
        case .unlisted: ["# A value no list holds: offer nothing rather than options."]
        }
    }

    private static let optionsStart = #"""
        # After "--" only operands follow.
        local ended=
        for ((i = 2; i < COMP_CWORD; i++)); do
            if [[ ${COMP_WORDS[i]} == -- ]]; then
                ended=1
                break
            fi
        done

        if [[ -z $ended && $cur == -* ]]; then
            # An option on the line already is not offered again (unless it is repeatable),
            # nor its other spelling, nor another of its exclusive group.
            local used=' '
            local -a unused=()
            for ((i = 2; i < COMP_CWORD; i++)); do
                used+="${COMP_WORDS[i]%%=*} "
            done
            for word in $opts; do
                case $word in

    """#

    /// The options whose exclusions are not just themselves: repeatable ones, short/long pairs
    /// and exclusive groups.
    private static func exclusionCase() -> String {
        let pairs = Spec.commands.flatMap { command in
            command.options.map { (key: Completion.excluded(by: $0, in: command), words: Completion.spellings($0)) }
        }
        var text = ""
        for (excluded, words) in Completion.grouped(pairs) where excluded != words || words.count > 1 {
            text += pattern(words, indent: 16)
            let body = excluded.isEmpty ? "# Repeatable: offered again." : "_iron_used \(excluded.joined(separator: " ")) && continue"
            text += spaces(20) + body + "\n" + spaces(20) + ";;\n"
        }
        return text
    }

    private static let optionsEnd = #"""
                    *)
                        _iron_used "$word" && continue
                        ;;
                esac
                unused+=("$word")
            done
            COMPREPLY=($(compgen -W "${unused[*]}" -- "$cur"))
            return 0
        fi


    """#

    /// `case $cmd in`: the operands that can be listed.
    private static func operandCase() -> String {
        var text = "    # The operand.\n    case $cmd in\n"
        for command in Spec.commands {
            let value = CompletionValue(operand: command.operand)
            guard value != .none, value != .unlisted else { continue }
            text += "        \(command.name))\n"
            if command.options.allSatisfy({ !$0.takesValue }) {
                // Every word that is no option is an operand: offer none after the first.
                text += """
                            # One operand: none after it (no option of \(command.name) takes a value).
                            for ((i = 2; i < COMP_CWORD; i++)); do
                                [[ ${COMP_WORDS[i]} == -* ]] || return 0
                            done

                """
            }
            text += action(value).map { "            \($0)\n" }.joined()
            text += "            ;;\n"
        }
        return text + "    esac\n"
    }

    /// `-f | --password-file | --map)` indented, wrapped before 100 columns.
    private static func pattern(_ words: [String], indent width: Int) -> String {
        let indent = spaces(width)
        var lines: [String] = []
        var line = indent
        for (index, word) in words.enumerated() {
            let piece = word + (index == words.count - 1 ? ")" : " |")
            if line.count + piece.count + 2 > 100, line != indent {
                lines.append(line + " \\")
                line = indent
            }
            line += (line == indent ? "" : " ") + piece
        }
        lines.append(line)
        return lines.map { $0 + "\n" }.joined()
    }

    private static func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
}
