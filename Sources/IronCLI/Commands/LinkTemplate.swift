import Iron

/// `--link TEMPLATE`: the template with `{token}` replaced by the percent-encoded token.
struct LinkTemplate {
    let before: [UInt8]
    let after: [UInt8]

    init(_ template: String) throws {
        let bytes = Array(template.utf8)
        let placeholder = Array("{token}".utf8)
        guard let index = (0...max(0, bytes.count - placeholder.count)).first(where: { bytes.count >= placeholder.count && Array(bytes[$0..<$0 + placeholder.count]) == placeholder }) else {
            throw CLIError.usage("--link needs {token} in its template, as in https://example.com/login?seal={token}")
        }
        before = Array(bytes[..<index])
        after = Array(bytes[(index + placeholder.count)...])
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (so `*` becomes `%2A`).
    func render(token: [UInt8], into output: inout [UInt8]) {
        output.append(contentsOf: before)
        for byte in token {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E:
                output.append(byte)
            default:
                output.append(0x25)
                Hex.appendUppercase(byte, to: &output)
            }
        }
        output.append(contentsOf: after)
    }
}
