/// One option of one command: the table the parser, `--help`, the man page and the shell
/// completions are all checked against.
struct OptionSpec: Sendable {
    /// The long name without dashes, such as `password-file`.
    let name: String
    /// The value's placeholder (`FILE`), or `nil` for a flag that takes no value.
    let value: String?
    /// One line of help.
    let help: String
    /// The allowed values, when they are a closed set.
    let choices: [String]
    /// The one-letter form (`q` for `-q`), for the everyday options.
    let short: Character?
    /// Whether it may be given several times (`--set`); the others may be given once.
    let repeatable: Bool

    init(_ name: String, _ value: String? = nil, _ help: String, choices: [String] = [], short: Character? = nil, repeatable: Bool = false) {
        self.name = name
        self.value = value
        self.help = help
        self.choices = choices
        self.short = short
        self.repeatable = repeatable
    }

    var takesValue: Bool { value != nil }
    /// `-o, --output FILE`, as help and the man page show it.
    var usage: String {
        let long = value.map { "--\(name) \($0)" } ?? "--\(name)"
        return short.map { "-\($0), \(long)" } ?? long
    }
}

/// A command: its name, operand, summary and options.
struct CommandSpec: Sendable {
    let name: String
    let operand: String?
    let summary: String
    let description: [String]
    let options: [OptionSpec]

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
    func option(short letter: Character) -> OptionSpec? { options.first { $0.short == letter } }
}

enum Spec {
    static let passwordOptions: [OptionSpec] = [
        OptionSpec("password-file", "FILE", "read the password or password map from FILE", short: "f"),
        OptionSpec("password-env", "NAME", "read the password or password map from environment variable NAME"),
        OptionSpec("password-fd", "N", "read the password or password map from file descriptor N"),
    ]

    /// How keys are derived and used: the reading and the writing side must agree.
    static let keyOptions: [OptionSpec] = [
        OptionSpec("algorithm", "NAME", "cipher: aes-256-cbc (default) or aes-128-ctr", choices: ["aes-256-cbc", "aes-128-ctr"]),
        OptionSpec("iterations", "N", "PBKDF2 iterations for both keys (default 1)"),
        OptionSpec("encryption-iterations", "N", "PBKDF2 iterations for the encryption key"),
        OptionSpec("integrity-iterations", "N", "PBKDF2 iterations for the integrity key"),
        OptionSpec("min-password-length", "N", "shortest password accepted (default 32; lower only to read old apps' tokens)"),
    ]

    /// Salt sizes: only sealing draws salts (unsealing reads them from the token).
    static let saltOptions: [OptionSpec] = [
        OptionSpec("salt-bits", "N", "random salt bits for both keys (default 256)"),
        OptionSpec("encryption-salt-bits", "N", "random salt bits for the encryption key"),
        OptionSpec("integrity-salt-bits", "N", "random salt bits for the integrity key"),
    ]

    static let skew = OptionSpec("skew", "SECONDS", "clock skew allowed when judging expiration (default 60)")
    static let now = OptionSpec("now", "TIME", "act as of TIME: ISO 8601 or epoch milliseconds (default: the clock)")
    static let expiresAt = OptionSpec("expires-at", "TIME", "expire at TIME (ISO 8601 or epoch milliseconds) instead of after a ttl")

    static let limitOptions: [OptionSpec] = [
        OptionSpec("max-size", "BYTES", "largest input accepted for one token or document (default 16MiB)"),
        OptionSpec("max-depth", "N", "deepest JSON nesting accepted (default 10000)"),
    ]

    static let batchOptions: [OptionSpec] = [
        OptionSpec("lines", nil, "one input per line, one output per line, in order (a blank line gives a blank line)", short: "l"),
        OptionSpec("keep-going", nil, "with --lines: write an empty line for a bad input and go on", short: "k"),
        OptionSpec("jobs", "N", "with --lines: threads to use (default: the CPUs this process may use)", short: "j"),
    ]

    /// Where the token comes from, for the commands that read one.
    static let tokenSourceOptions: [OptionSpec] = [
        OptionSpec("cookie", "NAME", "take the token from the cookie (or URL parameter) called NAME", short: "c"),
        OptionSpec("from-browser", "BROWSER", "read the cookie from the browser's store: firefox, chromium or chrome, [:PROFILE]", short: "b"),
        OptionSpec("all", nil, "every token found, one per line with its cookie name and where it was found", short: "a"),
    ]

    /// What every command has.
    static let commonOptions: [OptionSpec] = [
        OptionSpec("output", "FILE", "write the output to FILE, replaced atomically (created 0600)", short: "o"),
        OptionSpec("quiet", nil, "print no warnings or notes, only errors", short: "q"),
        help,
    ]

    /// `seal --set-cookie`: iron-session's cookieOptions.
    static let cookieOptions: [OptionSpec] = [
        OptionSpec("set-cookie", "NAME", "print the Set-Cookie header value iron-session would send for cookie NAME"),
        OptionSpec("cookie-header", "NAME", "print the request header Cookie: NAME=TOKEN, for curl -H"),
        OptionSpec("cookie-domain", "DOMAIN", "with --set-cookie: Domain=DOMAIN (default: none, the host that set it)"),
        OptionSpec("cookie-path", "PATH", "with --set-cookie: Path=PATH (default /)"),
        OptionSpec("cookie-max-age", "SECONDS", "with --set-cookie: Max-Age=SECONDS (default: the ttl less 60 s)"),
        OptionSpec("cookie-expires", "TIME", "with --set-cookie: Expires=TIME as an HTTP date"),
        OptionSpec("same-site", "VALUE", "with --set-cookie: SameSite=VALUE (default lax)", choices: ["lax", "strict", "none"]),
        OptionSpec("no-secure", nil, "with --set-cookie: no Secure attribute, for plain-HTTP development"),
        OptionSpec("no-http-only", nil, "with --set-cookie: no HttpOnly attribute (scripts may read the cookie)"),
        OptionSpec("partitioned", nil, "with --set-cookie: the Partitioned attribute (CHIPS)"),
        OptionSpec("priority", "VALUE", "with --set-cookie: Priority=VALUE", choices: ["low", "medium", "high"]),
        OptionSpec("session-cookie", nil, "with --set-cookie: no Max-Age, gone when the browser closes (the token never expires)"),
        OptionSpec("destroy", nil, "with --set-cookie: print the header that clears the cookie (reads no input or password)"),
    ]

    static let help = OptionSpec("help", nil, "show this help", short: "h")

    static let seal = CommandSpec(
        name: "seal",
        operand: "[FILE]",
        summary: "seal JSON from FILE or standard input into a token",
        description: [
            "Reads one JSON value (any type), removes insignificant whitespace and seals the rest byte for byte.",
            "Prints the token and a newline. With --set alone (standard input a terminal), the payload is built from --set.",
        ],
        options: passwordOptions + [
            OptionSpec("format", "FORMAT", "iron-session (default: ~2 suffix, ttl 14d, id 1 or the map's newest) or iron (plain @hapi/iron, ttl 0)", choices: ["iron-session", "iron"]),
            OptionSpec("id", "ID", "password id to seal with: the map entry, or the id of a single password"),
            OptionSpec("ttl", "DURATION", "lifetime: 0 (never), seconds, or 500ms, 90s, 15m, 12h, 14d, 2w", short: "t"),
            expiresAt,
            OptionSpec("set", "PATH=VALUE", "set a member of the payload (user.id=230): JSON if VALUE parses as JSON, else a string; repeatable", short: "s", repeatable: true),
            OptionSpec("set-string", "PATH=VALUE", "set a member to the string VALUE; repeatable", repeatable: true),
            OptionSpec("link", "TEMPLATE", "print TEMPLATE with {token} replaced by the percent-encoded token"),
            OptionSpec("template", "TEXT", "print TEXT with {token}, {link} and {.path} of the input JSON replaced; {{ and }} for braces"),
        ] + cookieOptions + keyOptions + saltOptions + [now] + limitOptions + batchOptions + commonOptions
    )

    static let unseal = CommandSpec(
        name: "unseal",
        operand: "[TOKEN]",
        summary: "unseal a token (or text holding one) into its JSON",
        description: [
            "The input may be a bare token, a Cookie: or Set-Cookie: header, a URL, percent-encoded or quoted text,",
            "or a cookie file: a curl cookie jar, a HAR file, a Playwright storageState or JSON of cookies, a browser's",
            "SQLite store. TOKEN may be given as the operand, else it is read from standard input.",
            "A token runs from Fe26. to white space, a quote, ; , & < > ( ) or a sentence's final '.'; base64 bytes",
            "touching it (xFe26.2*..., ...==) mean it was altered, and it is judged whole (exit 1).",
            "The HMAC is verified before the expiration: exit 2 always means an authentic token that expired.",
        ],
        options: passwordOptions + tokenSourceOptions + [
            OptionSpec("pretty", nil, "indent the JSON (the default on a terminal)"),
            OptionSpec("compact", nil, "print the exact decrypted text (the default when piped)"),
            OptionSpec("json", nil, "print {payload, passwordId, expiration, expiresAt, version, format}"),
            OptionSpec("ignore-expiration", nil, "unseal an expired token anyway (the HMAC is still verified)"),
        ] + keyOptions + [skew, now] + limitOptions + batchOptions + commonOptions
    )

    static let inspect = CommandSpec(
        name: "inspect",
        operand: "[TOKEN]",
        summary: "show what a token says about itself; needs no password",
        description: [
            "Prints the token's fields, expiration, sizes and warnings. It reads the same inputs as unseal.",
            "Without a password the fields are what the token claims, unverified. A password given by an option",
            "(never IRON_PASSWORD or a prompt) verifies the HMAC: exit 1 when it does not match.",
        ],
        options: passwordOptions + tokenSourceOptions + [
            OptionSpec("json", nil, "print one JSON object with stable fields"),
        ] + keyOptions + [now, skew] + limitOptions + batchOptions + commonOptions
    )

    static let reseal = CommandSpec(
        name: "reseal",
        operand: "[TOKEN]",
        summary: "unseal with any password of a map, seal again with the newest",
        description: [
            "Keeps the token's payload, expiration and format unless --ttl, --expires-at or --format says otherwise.",
            "It reads the same inputs as unseal.",
        ],
        options: passwordOptions + tokenSourceOptions + [
            OptionSpec("id", "ID", "password id to seal with (default: the highest numeric id)"),
            OptionSpec("ttl", "DURATION", "new lifetime from now instead of keeping the expiration", short: "t"),
            expiresAt,
            OptionSpec("format", "FORMAT", "iron-session or iron (default: the token's own)", choices: ["iron-session", "iron"]),
            OptionSpec("ignore-expiration", nil, "reseal an expired token too"),
        ] + keyOptions + saltOptions + [skew, now] + limitOptions + batchOptions + commonOptions
    )

    static let password = CommandSpec(
        name: "password",
        operand: nil,
        summary: "generate passwords; add one to a rotation map",
        description: [
            "Prints a random password from OpenSSL's generator: by default 32 random bytes as 43 base64url characters.",
            "With --map, adds a new password under the next numeric id to a JSON map file and prints the id.",
        ],
        options: [
            OptionSpec("length", "N", "characters per password (at least 32; default 43, 64 for hex, 40 for ascii)"),
            OptionSpec("count", "N", "how many passwords to print (default 1)", short: "n"),
            OptionSpec("charset", "SET", "base64url (default), alnum, hex or ascii", choices: ["base64url", "alnum", "hex", "ascii"]),
            OptionSpec("map", "FILE", "add the new password to the rotation map FILE (created 0600 if absent)"),
            OptionSpec("keep", "N", "with --map: keep only the N newest numeric ids, the new one included"),
        ] + commonOptions
    )

    static let completion = CommandSpec(
        name: "completion",
        operand: "SHELL",
        summary: "print the completion script for bash, zsh or fish",
        description: [
            "Prints the same script that 'make install' installs, so that a copied binary still completes:",
            "  source <(iron completion bash)    iron completion zsh > ~/.zfunc/_iron    iron completion fish | source",
        ],
        options: [help]
    )

    static let commands: [CommandSpec] = [seal, unseal, inspect, reseal, password, completion]

    static func command(named name: String) -> CommandSpec? { commands.first { $0.name == name } }
}
