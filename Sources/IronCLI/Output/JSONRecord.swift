import Iron

/// One JSON object for `--json` output, written member by member: values as ``JSONValue``, or
/// raw JSON text (an unsealed payload, kept byte for byte). Every command's records are built here.
struct JSONRecord {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]

    /// Adds a member.
    mutating func add(_ key: String, _ value: JSONValue) {
        addKey(key)
        bytes.append(contentsOf: value.serialized())
    }

    /// Adds a member whose value is JSON text, copied as it is.
    mutating func add(_ key: String, json: [UInt8]) {
        addKey(key)
        bytes.append(contentsOf: json)
    }

    /// Adds a member that is a string, or `null` for `nil`.
    mutating func add(_ key: String, string: String?) {
        add(key, string.map(JSONValue.string) ?? .null)
    }

    /// Adds a member that is a number, or `null` for `nil`.
    mutating func add(_ key: String, number: (some BinaryInteger)?) {
        add(key, number.map { .number(String($0)) } ?? .null)
    }

    private mutating func addKey(_ key: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        JSONValue.writeString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// These members followed by those of `object`, a compact JSON object's text.
    func merging(object: [UInt8]) -> [UInt8] {
        guard object.first == UInt8(ascii: "{") else { return text(pretty: false) }
        let rest = object.dropFirst()
        return bytes + (bytes.count > 1 && rest.first != UInt8(ascii: "}") ? [UInt8(ascii: ",")] : []) + rest
    }

    /// The object's text, indented for people when `pretty`.
    func text(pretty: Bool) -> [UInt8] {
        let closed = bytes + [UInt8(ascii: "}")]
        return pretty ? JSONIndenter.indent(closed) : closed
    }
}
