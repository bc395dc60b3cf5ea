extension JSONText {
    /// Whether the value JavaScript's `JSON.parse` builds from `text` has an own `__proto__`
    /// property anywhere, which is what @hapi/iron's JSON reader (Bourne) refuses.
    ///
    /// `JSON.parse` keeps the last of duplicate keys, so a `__proto__` beneath a member that a
    /// later member of the same name replaced is gone before Bourne looks:
    /// `{"a":{"__proto__":1},"a":1}` is accepted, `{"a":1,"a":{"__proto__":1}}` is not.
    ///
    /// - Parameter text: Text that ``validate(_:limits:)`` accepted.
    /// - Returns: Whether a `__proto__` key survives parsing.
    static func parsedValueHasPrototypeKey(_ text: Span<UInt8>) -> Bool {
        var walk = PrototypeWalk()
        var i = 0
        while i < text.count {
            switch text[i] {
            case 0x7B: walk.open(object: true)
            case 0x5B: walk.open(object: false)
            case 0x7D, 0x5D: walk.close()
            case 0x22:
                let start = i
                i = endOfString(text, from: i)
                if walk.inObject && nextSignificantByte(text, from: i) == 0x3A {
                    walk.key(JSONLexer.decodeString(text.extracting(start..<i)))
                } else {
                    walk.scalarValue()
                }
                continue
            case _ where JSONText.isStructural(text[i]):
                break
            default:
                // A number or literal: skip to its end.
                while i + 1 < text.count, !JSONText.isStructural(text[i + 1]) { i += 1 }
                walk.scalarValue()
            }
            i += 1
        }
        return walk.found
    }

    /// The offset just after the closing quote of the string starting at `start`.
    private static func endOfString(_ text: Span<UInt8>, from start: Int) -> Int {
        var i = start + 1
        while i < text.count && text[i] != 0x22 { i += text[i] == 0x5C ? 2 : 1 }
        return i + 1
    }

    /// Whether a byte ends a number or literal: a bracket, `,`, `:` or whitespace.
    static func isStructural(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A: return true
        default: return ASCII.isJSONWhitespace(byte)
        }
    }

    private static func nextSignificantByte(_ text: Span<UInt8>, from start: Int) -> UInt8? {
        var i = start
        while i < text.count, ASCII.isJSONWhitespace(text[i]) { i += 1 }
        return i < text.count ? text[i] : nil
    }
}

/// The containers open during ``JSONText/parsedValueHasPrototypeKey(_:)``, each remembering which
/// of its members hold a `__proto__` so that a later duplicate can cancel it.
private struct PrototypeWalk {
    private struct Container {
        let isObject: Bool
        /// Each key's last member index.
        var lastMember: [String: Int] = [:]
        var member = -1
        var currentKey = ""
        /// The own `__proto__` key, or (arrays) a child holding one.
        var holdsPrototype = false
        /// Members whose value holds a `__proto__`, by key and index.
        var markedMembers: [(key: String, member: Int)] = []
    }

    private var stack: [Container] = []
    private(set) var found = false

    var inObject: Bool { stack.last?.isObject ?? false }

    mutating func open(object: Bool) {
        stack.append(Container(isObject: object))
    }

    mutating func key(_ key: String) {
        stack[stack.count - 1].member += 1
        stack[stack.count - 1].currentKey = key
        stack[stack.count - 1].lastMember[key] = stack[stack.count - 1].member
        if key == "__proto__" { stack[stack.count - 1].holdsPrototype = true }
    }

    mutating func scalarValue() {}

    mutating func close() {
        let container = stack.removeLast()
        let survives = container.holdsPrototype
            || container.markedMembers.contains { container.lastMember[$0.key] == $0.member }
        guard survives else { return }
        guard !stack.isEmpty else {
            found = true
            return
        }
        if stack[stack.count - 1].isObject {
            stack[stack.count - 1].markedMembers.append((stack[stack.count - 1].currentKey, stack[stack.count - 1].member))
        } else {
            stack[stack.count - 1].holdsPrototype = true
        }
    }
}
