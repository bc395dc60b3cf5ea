import Iron

/// `--set PATH=VALUE` and `--set-string PATH=VALUE`: members set in the payload, in command-line
/// order, over the input's object (or an empty one), as `Object.assign` and nested assignments
/// would in JavaScript.
struct PayloadEdits {
    struct Edit {
        /// The keys from the top: `user.id` is `["user", "id"]`; `\.` is a dot inside a key.
        let path: [String]
        let value: JSONValue
        /// The path as given, for messages.
        let spelling: String
    }

    let edits: [Edit]

    var isEmpty: Bool { edits.isEmpty }

    /// The edits of a command line.
    ///
    /// - Throws: ``CLIError`` (64) for a missing `=` or an empty key.
    init(_ arguments: ParsedArguments) throws {
        edits = try arguments.repeated.compactMap { option, text in
            guard option == "set" || option == "set-string" else { return nil }
            guard let equals = text.firstIndex(of: "=") else {
                throw CLIError.usage("--\(option) needs PATH=VALUE, such as user.id=230, not \"\(text.prefix(40))\"")
            }
            let spelling = String(text[..<equals])
            let raw = String(text[text.index(after: equals)...])
            let path = try PayloadEdits.keys(spelling, option: option)
            let value = option == "set-string" ? JSONValue.string(raw) : ((try? JSONValue(parsing: Array(raw.utf8))) ?? .string(raw))
            return Edit(path: path, value: value, spelling: spelling)
        }
    }

    /// `user.id` as keys; `\.` keeps a dot in a key, `\\` a backslash.
    private static func keys(_ spelling: String, option: String) throws -> [String] {
        var keys: [String] = [], key = "", escaped = false
        for character in spelling {
            if escaped {
                key.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "." {
                keys.append(key)
                key = ""
            } else {
                key.append(character)
            }
        }
        keys.append(key)
        if keys.contains(where: \.isEmpty) {
            throw CLIError.usage("--\(option) needs a path of non-empty keys separated by '.', not \"\(spelling.prefix(40))\"")
        }
        return keys
    }

    /// `document` (an object) with every edit applied.
    ///
    /// - Throws: ``CLIError`` when the document is no object, or a path runs through a value that
    ///   is no object.
    func apply(to document: JSONValue) throws -> JSONValue {
        guard case .object = document else {
            throw CLIError(.dataError, "--set sets members of a JSON object, but the input is \(PayloadEdits.kind(document))")
        }
        var result = document
        for edit in edits {
            result = try PayloadEdits.set(edit.value, at: edit.path[...], in: result, edit: edit)
        }
        return result
    }

    private static func set(_ value: JSONValue, at path: ArraySlice<String>, in container: JSONValue, edit: Edit) throws -> JSONValue {
        guard let key = path.first else { return value }
        guard case .object(var members) = container else {
            let parent = edit.path[..<(path.startIndex)].joined(separator: ".")
            throw CLIError.usage("cannot set \(edit.spelling): \(parent) is \(kind(container)), not an object")
        }
        // JavaScript keeps the first position of a key and the last value of duplicates.
        let positions = members.indices.filter { members[$0].key == key }
        let current = positions.last.map { members[$0].value } ?? .object([])
        let updated = try set(value, at: path.dropFirst(), in: current, edit: edit)
        if let first = positions.first {
            members[first].value = updated
            for position in positions.dropFirst().reversed() { members.remove(at: position) }
        } else {
            members.append(.init(key, updated))
        }
        return .object(members)
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
