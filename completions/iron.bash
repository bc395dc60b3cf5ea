# bash completion for iron(1): seal, unseal and inspect iron tokens.
#
# Install as iron in bash-completion's completions directory (such as
# /usr/local/share/bash-completion/completions), or source it from ~/.bashrc.
# The options of each command are those of Sources/IronCLI/CommandSpec.swift;
# Tests/IronCLITests keeps the two in sync.

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

    # The command is always the first argument.
    if ((COMP_CWORD == 1)); then
        if [[ $cur == -* ]]; then
            opts='--help --version'
        else
            opts='seal unseal inspect reseal password help'
        fi
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi
    cmd=${COMP_WORDS[1]}

    case $cmd in
        seal)
            opts='--password-file --password-env --password-fd --format --id --ttl --link --algorithm --iterations --encryption-iterations --integrity-iterations --min-password-length --salt-bits --encryption-salt-bits --integrity-salt-bits --now --max-size --max-depth --lines --keep-going --jobs --help'
            ;;
        unseal)
            opts='--password-file --password-env --password-fd --cookie --pretty --compact --json --ignore-expiration --algorithm --iterations --encryption-iterations --integrity-iterations --min-password-length --skew --now --max-size --max-depth --lines --keep-going --jobs --help'
            ;;
        inspect)
            opts='--cookie --json --algorithm --now --skew --max-size --max-depth --lines --keep-going --jobs --help'
            ;;
        reseal)
            opts='--password-file --password-env --password-fd --cookie --id --ttl --format --ignore-expiration --algorithm --iterations --encryption-iterations --integrity-iterations --salt-bits --encryption-salt-bits --integrity-salt-bits --min-password-length --skew --now --max-size --max-depth --lines --keep-going --jobs --help'
            ;;
        password)
            opts='--length --count --charset --map --keep --help'
            ;;
        help)
            if ((COMP_CWORD == 2)); then
                COMPREPLY=($(compgen -W 'seal unseal inspect reseal password' -- "$cur"))
            fi
            return 0
            ;;
        *)
            return 0
            ;;
    esac

    # The value of an option. Only options of this command are completed.
    if [[ $prev == --* && " $opts " == *" $prev "* ]]; then
        case $prev in
            --format)
                COMPREPLY=($(compgen -P "$valueprefix" -W 'iron-session iron' -- "$cur"))
                return 0
                ;;
            --algorithm)
                COMPREPLY=($(compgen -P "$valueprefix" -W 'aes-256-cbc aes-128-ctr' -- "$cur"))
                return 0
                ;;
            --charset)
                COMPREPLY=($(compgen -P "$valueprefix" -W 'base64url alnum hex ascii' -- "$cur"))
                return 0
                ;;
            --password-file | --map)
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -P "$valueprefix" -f -- "$cur")
                return 0
                ;;
            --password-env)
                COMPREPLY=($(compgen -P "$valueprefix" -e -- "$cur"))
                return 0
                ;;
            --password-fd | --id | --ttl | --link | --iterations | --encryption-iterations | \
            --integrity-iterations | --salt-bits | --encryption-salt-bits | --integrity-salt-bits | \
            --min-password-length | --skew | --now | --max-size | --max-depth | --jobs | --cookie | \
            --length | --count | --keep)
                # A value that cannot be listed: offer nothing rather than options.
                return 0
                ;;
        esac
    fi

    # After "--" only operands follow.
    local ended=
    for ((i = 2; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} == -- ]]; then
            ended=1
            break
        fi
    done

    if [[ -z $ended && $cur == -* ]]; then
        # Each option may be given once, and one password source: leave out
        # those already on the line and those they exclude.
        local used=' '
        local -a unused=()
        for ((i = 2; i < COMP_CWORD; i++)); do
            used+="${COMP_WORDS[i]} "
        done
        for word in $opts; do
            [[ $used == *" $word "* ]] && continue
            case $word in
                --password-file | --password-env | --password-fd)
                    [[ $used == *" --password-file "* || $used == *" --password-env "* || $used == *" --password-fd "* ]] && continue
                    ;;
                --pretty | --compact)
                    [[ $used == *" --pretty "* || $used == *" --compact "* ]] && continue
                    ;;
            esac
            unused+=("$word")
        done
        COMPREPLY=($(compgen -W "${unused[*]}" -- "$cur"))
        return 0
    fi

    # Operands: seal reads a JSON FILE; the others take token text, not a file.
    if [[ $cmd == seal ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
}

complete -F _iron iron
