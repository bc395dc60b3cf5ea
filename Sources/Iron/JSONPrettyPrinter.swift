extension JSONText {
    /// Re-indents valid JSON for people: two spaces a level, `": "` between key and value, empty
    /// objects and arrays as `{}` and `[]`, as JavaScript's `JSON.stringify(value, null, 2)` does.
    ///
    /// Strings, numbers and key order are copied byte for byte. Indentation stops growing past
    /// `maximumIndentDepth` levels so that pathological nesting cannot make the output quadratic.
    ///
    /// - Parameters:
    ///   - json: Text that ``validate(_:limits:)`` accepts; other input gives unspecified output.
    ///   - maximumIndentDepth: The deepest level that is still indented further.
    /// - Returns: The indented text, without a final newline.
    public static func pretty(_ json: some Collection<UInt8>, maximumIndentDepth: Int = 128) -> [UInt8] {
        let bytes = Array(json)
        let maximumIndentDepth = max(0, maximumIndentDepth)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        var depth = 0
        var i = 0
        let n = bytes.count

        func newline() {
            output.append(0x0A)
            let spaces = 2 * min(depth, maximumIndentDepth)
            output.append(contentsOf: repeatElement(0x20, count: spaces))
        }
        func skipWhitespace(_ k: Int) -> Int {
            var k = k
            while k < n, bytes[k] == 0x20 || bytes[k] == 0x0A || bytes[k] == 0x0D || bytes[k] == 0x09 { k += 1 }
            return k
        }

        while i < n {
            let byte = bytes[i]
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09:
                i += 1
            case 0x22:
                let start = i
                i += 1
                while i < n && bytes[i] != 0x22 {
                    i += bytes[i] == 0x5C ? 2 : 1
                }
                i = min(i + 1, n)
                output.append(contentsOf: bytes[start..<i])
            case 0x7B, 0x5B:
                let close: UInt8 = byte == 0x7B ? 0x7D : 0x5D
                let next = skipWhitespace(i + 1)
                if next < n && bytes[next] == close {
                    output.append(byte)
                    output.append(close)
                    i = next + 1
                } else {
                    output.append(byte)
                    depth += 1
                    newline()
                    i += 1
                }
            case 0x7D, 0x5D:
                depth = max(0, depth - 1) // never negative, even for unbalanced input
                newline()
                output.append(byte)
                i += 1
            case 0x2C:
                output.append(byte)
                newline()
                i += 1
            case 0x3A:
                output.append(0x3A)
                output.append(0x20)
                i += 1
            default:
                output.append(byte)
                i += 1
            }
        }
        return output
    }
}
