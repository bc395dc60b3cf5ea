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

    init(_ name: String, _ value: String? = nil, _ help: String, choices: [String] = []) {
        self.name = name
        self.value = value
        self.help = help
        self.choices = choices
    }

    var takesValue: Bool { value != nil }
    var usage: String { value.map { "--\(name) \($0)" } ?? "--\(name)" }
}

/// A command: its name, operand, summary and options.
struct CommandSpec: Sendable {
    let name: String
    let operand: String?
    let summary: String
    let description: [String]
    let options: [OptionSpec]

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

enum Spec {
    static let passwordOptions: [OptionSpec] = [
        OptionSpec("password-file", "FILE", "read the password or password map from FILE"),
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

    static let limitOptions: [OptionSpec] = [
        OptionSpec("max-size", "BYTES", "largest input accepted for one token or document (default 16MiB)"),
        OptionSpec("max-depth", "N", "deepest JSON nesting accepted (default 10000)"),
    ]

    static let batchOptions: [OptionSpec] = [
        OptionSpec("lines", nil, "one input per line, one output per line, in order"),
        OptionSpec("keep-going", nil, "with --lines: write an empty line for a bad input and go on"),
        OptionSpec("jobs", "N", "with --lines: threads to use (default: the number of cores)"),
    ]

    static let help = OptionSpec("help", nil, "show this help")

    static let seal = CommandSpec(
        name: "seal",
        operand: "[FILE]",
        summary: "seal JSON from FILE or standard input into a token",
        description: [
            "Reads one JSON value (any type), removes insignificant whitespace and seals the rest byte for byte.",
            "Prints the token and a newline.",
        ],
        options: passwordOptions + [
            OptionSpec("format", "FORMAT", "iron-session (default: ~2 suffix, ttl 14d, id 1 or the map's newest) or iron (plain @hapi/iron, ttl 0)", choices: ["iron-session", "iron"]),
            OptionSpec("id", "ID", "password id to seal with: the map entry, or the id of a single password"),
            OptionSpec("ttl", "DURATION", "lifetime: 0 (never), seconds, or 500ms, 90s, 15m, 12h, 14d, 2w"),
            OptionSpec("link", "TEMPLATE", "print TEMPLATE with {token} replaced by the percent-encoded token"),
        ] + keyOptions + saltOptions + [now] + limitOptions + batchOptions + [help]
    )

    static let unseal = CommandSpec(
        name: "unseal",
        operand: "[TOKEN]",
        summary: "unseal a token (or text holding one) into its JSON",
        description: [
            "The input may be a bare token, a Cookie: or Set-Cookie: header, a URL, percent-encoded or quoted text:",
            "anything that holds exactly one token. TOKEN may be given as the operand, else it is read from standard input.",
            "A token runs from Fe26. to white space, a quote, ; , & < > ( ) or a sentence's final '.'; base64 bytes",
            "touching it (xFe26.2*..., ...==) mean it was altered, and it is judged whole (exit 1).",
            "The HMAC is verified before the expiration: exit 2 always means an authentic token that expired.",
        ],
        options: passwordOptions + [
            OptionSpec("cookie", "NAME", "take the token from the cookie (or URL parameter) called NAME"),
            OptionSpec("pretty", nil, "indent the JSON (the default on a terminal)"),
            OptionSpec("compact", nil, "print the exact decrypted text (the default when piped)"),
            OptionSpec("json", nil, "print {payload, passwordId, expiration, expiresAt, version, format}"),
            OptionSpec("ignore-expiration", nil, "unseal an expired token anyway (the HMAC is still verified)"),
        ] + keyOptions + [skew, now] + limitOptions + batchOptions + [help]
    )

    static let inspect = CommandSpec(
        name: "inspect",
        operand: "[TOKEN]",
        summary: "show what a token says about itself; needs no password",
        description: [
            "Prints the token's fields, expiration, sizes and warnings. No password is needed or read.",
        ],
        options: [
            OptionSpec("cookie", "NAME", "take the token from the cookie (or URL parameter) called NAME"),
            OptionSpec("json", nil, "print one JSON object with stable fields"),
            OptionSpec("algorithm", "NAME", "cipher assumed for the payload size (default aes-256-cbc)", choices: ["aes-256-cbc", "aes-128-ctr"]),
            OptionSpec("now", "TIME", "judge expiration as of TIME: ISO 8601 or epoch milliseconds"),
            skew,
        ] + limitOptions + batchOptions + [help]
    )

    static let reseal = CommandSpec(
        name: "reseal",
        operand: "[TOKEN]",
        summary: "unseal with any password of a map, seal again with the newest",
        description: [
            "Keeps the token's payload, expiration and format unless --ttl or --format says otherwise.",
        ],
        options: passwordOptions + [
            OptionSpec("cookie", "NAME", "take the token from the cookie (or URL parameter) called NAME"),
            OptionSpec("id", "ID", "password id to seal with (default: the highest numeric id)"),
            OptionSpec("ttl", "DURATION", "new lifetime from now instead of keeping the expiration"),
            OptionSpec("format", "FORMAT", "iron-session or iron (default: the token's own)", choices: ["iron-session", "iron"]),
            OptionSpec("ignore-expiration", nil, "reseal an expired token too"),
        ] + keyOptions + saltOptions + [skew, now] + limitOptions + batchOptions + [help]
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
            OptionSpec("count", "N", "how many passwords to print (default 1)"),
            OptionSpec("charset", "SET", "base64url (default), alnum, hex or ascii", choices: ["base64url", "alnum", "hex", "ascii"]),
            OptionSpec("map", "FILE", "add the new password to the rotation map FILE (created 0600 if absent)"),
            OptionSpec("keep", "N", "with --map: keep only the N newest numeric ids, the new one included"),
            help,
        ]
    )

    static let commands: [CommandSpec] = [seal, unseal, inspect, reseal, password]

    static func command(named name: String) -> CommandSpec? { commands.first { $0.name == name } }
}
