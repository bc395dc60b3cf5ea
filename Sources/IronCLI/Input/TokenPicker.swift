import Iron

/// How a worker finds the token in what it is given.
enum TokenPicker: Sendable {
    /// A line of a batch: text holding a token, found as `unseal` finds one, in cookie NAME if given.
    case search(cookie: String?)
    /// The token itself, chosen beforehand from the whole input (``TokenSelection``).
    case given

    /// Where the token is in `text` when the token is all of it (apart from white space): then it
    /// needs no copy and no choice. The common case of batches.
    func wholeToken(in text: Span<UInt8>) -> Range<Int>? {
        switch self {
        case .search(let cookie): return cookie == nil ? TokenExtraction.wholeToken(text) : nil
        case .given: return 0..<text.count
        }
    }

    /// The token in `text`; notes about the choice go to `warnings` (as `note: ...`).
    func token(in text: Span<UInt8>, warnings: inout [String]) throws -> [UInt8] {
        switch self {
        case .search(let cookie):
            var notes: [String] = []
            defer { warnings += notes.map { "note: " + $0 } }
            return try TokenExtraction.extract(from: text, cookie: cookie, notes: &notes)
        case .given:
            return Bytes.array(text)
        }
    }
}
