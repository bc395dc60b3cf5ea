/// Re-indents valid JSON for people: two spaces a level, `": "` between key and value, empty
/// objects and arrays as `{}` and `[]`, as JavaScript's `JSON.stringify(value, null, 2)` does.
///
/// Strings, numbers and key order are copied byte for byte. Indentation stops growing past
/// ``maximumIndentDepth`` levels so that pathological nesting cannot make the output quadratic.
package struct JSONIndenter {
    /// The deepest level that is still indented further.
    package var maximumIndentDepth = 128

    private var output: [UInt8] = []
    private var depth = 0

    /// An indenter.
    package init(maximumIndentDepth: Int = 128) {
        self.maximumIndentDepth = max(0, maximumIndentDepth)
    }

    /// The indented text of `json` (text that ``JSONText/validate(_:limits:)`` accepts; other
    /// input gives unspecified output but never a crash), without a final newline.
    package static func indent(_ json: [UInt8], maximumIndentDepth: Int = 128) -> [UInt8] {
        var indenter = JSONIndenter(maximumIndentDepth: maximumIndentDepth)
        return indenter.indent(json)
    }

    private mutating func indent(_ bytes: [UInt8]) -> [UInt8] {
        output = []
        output.reserveCapacity(bytes.count * 2)
        depth = 0
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case _ where ASCII.isJSONWhitespace(bytes[i]): i += 1
            case 0x22: i = copyString(bytes, from: i)
            case 0x7B, 0x5B: i = open(bytes, at: i)
            case 0x7D, 0x5D:
                depth = max(0, depth - 1) // never negative, even for unbalanced input
                newline()
                output.append(bytes[i])
                i += 1
            case 0x2C:
                output.append(0x2C)
                newline()
                i += 1
            case 0x3A:
                output.append(contentsOf: [0x3A, 0x20])
                i += 1
            default:
                output.append(bytes[i])
                i += 1
            }
        }
        return output
    }

    /// Copies the string starting at `start`; returns the offset after it.
    private mutating func copyString(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start + 1
        while i < bytes.count && bytes[i] != 0x22 { i += bytes[i] == 0x5C ? 2 : 1 }
        i = min(i + 1, bytes.count)
        output.append(contentsOf: bytes[start..<i])
        return i
    }

    /// Opens an object or array at `start` (or writes `{}`/`[]` for an empty one); returns the
    /// offset after what it consumed.
    private mutating func open(_ bytes: [UInt8], at start: Int) -> Int {
        let close: UInt8 = bytes[start] == 0x7B ? 0x7D : 0x5D
        var next = start + 1
        while next < bytes.count && ASCII.isJSONWhitespace(bytes[next]) { next += 1 }
        output.append(bytes[start])
        if next < bytes.count && bytes[next] == close {
            output.append(close)
            return next + 1
        }
        depth += 1
        newline()
        return start + 1
    }

    private mutating func newline() {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(0x20, count: 2 * min(depth, maximumIndentDepth)))
    }
}
