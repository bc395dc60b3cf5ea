import Iron

/// `--template TEXT`: one output line per input, from `{token}`, `{link}` (the `--link` URL) and
/// `{.path.to.field}` of the input JSON (strings without quotes, other values as compact JSON);
/// `{{` and `}}` stand for braces. Unknown placeholders are refused when the command starts.
struct OutputTemplate {
    enum Piece: Equatable {
        case text([UInt8])
        case token
        case link
        /// Keys (and array indexes) from the top of the input JSON.
        case field([String])
    }

    let pieces: [Piece]

    /// Whether a piece reads the input JSON.
    var readsFields: Bool { pieces.contains { if case .field = $0 { return true } else { return false } } }

    /// Parses TEXT.
    ///
    /// - Parameter hasLink: Whether `--link` was given, which `{link}` needs.
    /// - Throws: ``CLIError`` (64) for an unknown or unclosed placeholder.
    init(_ template: String, hasLink: Bool) throws {
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var rest = Substring(template)
        while let character = rest.first {
            if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
                text.append(contentsOf: character.utf8)
                rest = rest.dropFirst(2)
            } else if character == "{" {
                guard let close = rest.firstIndex(of: "}") else {
                    throw CLIError.usage("--template has a '{' with no '}': write {{ for a brace", hints: OutputTemplate.hints)
                }
                let name = rest[rest.index(after: rest.startIndex)..<close]
                if !text.isEmpty { pieces.append(.text(text)) }
                text = []
                pieces.append(try OutputTemplate.piece(String(name), hasLink: hasLink))
                rest = rest[rest.index(after: close)...]
            } else if character == "}" {
                throw CLIError.usage("--template has a '}' with no '{': write }} for a brace", hints: OutputTemplate.hints)
            } else {
                text.append(contentsOf: character.utf8)
                rest = rest.dropFirst()
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    private static let hints = ["placeholders are {token}, {link} and {.path.to.field} of the input JSON"]

    private static func piece(_ name: String, hasLink: Bool) throws -> Piece {
        switch name {
        case "token": return .token
        case "link":
            guard hasLink else { throw CLIError.usage("--template uses {link}, which needs --link TEMPLATE") }
            return .link
        default:
            guard name.hasPrefix("."), name.count > 1 else {
                throw CLIError.usage("--template has an unknown placeholder {\(name.prefix(40))}", hints: hints)
            }
            let keys = name.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if keys.contains(where: \.isEmpty) {
                throw CLIError.usage("--template has a malformed field {\(name.prefix(40))}: keys separated by '.'", hints: hints)
            }
            return .field(keys)
        }
    }

    /// Appends the line for one sealed token.
    ///
    /// - Parameters:
    ///   - token: The token.
    ///   - link: The `--link` template, for `{link}`.
    ///   - document: The input JSON, for fields.
    /// - Throws: ``CLIError`` (65) when the input has no such field.
    func render(token: [UInt8], link: LinkTemplate?, document: JSONValue?, into output: inout [UInt8]) throws {
        for piece in pieces {
            switch piece {
            case .text(let bytes): output.append(contentsOf: bytes)
            case .token: output.append(contentsOf: token)
            case .link: link?.render(token: token, into: &output)
            case .field(let keys):
                guard let value = document.flatMap({ OutputTemplate.lookup(keys[...], in: $0) }) else {
                    throw CLIError(.dataError, "the input has no .\(keys.joined(separator: ".")) for --template")
                }
                if case .string(let string) = value {
                    output.append(contentsOf: string.utf8)
                } else {
                    output.append(contentsOf: value.serialized())
                }
            }
        }
    }

    private static func lookup(_ keys: ArraySlice<String>, in value: JSONValue) -> JSONValue? {
        guard let key = keys.first else { return value }
        switch value {
        case .object:
            return value[key].flatMap { lookup(keys.dropFirst(), in: $0) }
        case .array(let elements):
            guard let index = Int(key), elements.indices.contains(index) else { return nil }
            return lookup(keys.dropFirst(), in: elements[index])
        default:
            return nil
        }
    }
}
