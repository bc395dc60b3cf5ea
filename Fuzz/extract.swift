// libFuzzer target `extract`: TokenExtraction.candidates(in:) and extract(from:cookie:) on
// arbitrary text.
//
// Input: byte 0 mod 17 is the length of the cookie name that follows (0: no --cookie); the rest
// is the pasted text.
//
// Invariants:
// - every candidate holds "Fe26.", with only bytes that could continue a token before it
//   (A-Z a-z 0-9 _ - * ~ + /) and only token bytes, '=', '+', '/' and '.' after it; a candidate
//   re-scans to exactly itself, without a name;
// - a candidate's name is non-empty visible ASCII without cookie separators;
// - there are no more candidates than occurrences of "Fe26." in the text;
// - without a cookie, text that is a lone token (wholeToken) is returned whole; otherwise extract
//   succeeds exactly when the candidates (for the cookie, if given) hold one distinct token, and
//   returns it; otherwise it throws CLIError with exit 65.

import Iron

private let marker = Array("Fe26.".utf8)

private func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D, 0x2A, 0x7E: return true
    default: return false
    }
}

private func continuesBefore(_ byte: UInt8) -> Bool { isTokenByte(byte) || byte == 0x2B || byte == 0x2F }
private func continuesAfter(_ byte: UInt8) -> Bool { isTokenByte(byte) || byte == 0x3D || byte == 0x2B || byte == 0x2F || byte == 0x2E }

private func occurrences(of needle: [UInt8], in text: [UInt8]) -> Int {
    guard text.count >= needle.count else { return 0 }
    var count = 0
    for start in 0...(text.count - needle.count) where text[start..<(start + needle.count)].elementsEqual(needle) {
        count += 1
    }
    return count
}

private func checkExtract(_ text: [UInt8], cookie: String?, _ candidates: [TokenExtraction.Candidate], _ what: String) {
    // A lone token is taken whole, with or without --cookie (a note then says it was bare).
    if let whole = TokenExtraction.wholeToken(text.span) {
        do {
            let token = try TokenExtraction.extract(from: text, cookie: cookie)
            require(token == Array(text[whole]), "extract returned \(escaped(token)), not the whole token \(escaped(Array(text[whole]))); \(what)")
        } catch {
            violation("extract failed (\(error)) on a lone token; \(what)")
        }
        return
    }
    let relevant = cookie.map { name in candidates.filter { $0.name == name } } ?? candidates
    var distinct: [TokenExtraction.Candidate] = []
    for candidate in relevant where !distinct.contains(where: { $0.token == candidate.token }) { distinct.append(candidate) }
    // Several tokens under one name: the first wins, as a server reads a Cookie header.
    let names = Set(distinct.map { $0.name ?? "\u{0}" })
    let chosen = distinct.count == 1 || (distinct.count > 1 && names.count == 1 && distinct[0].name != nil) ? distinct.first : nil
    do {
        let token = try TokenExtraction.extract(from: text, cookie: cookie)
        guard let chosen else {
            violation("extract (cookie \(String(describing: cookie))) returned \(escaped(token)) although \(distinct.count) distinct candidates have no rule to choose; \(what)")
        }
        require(token == chosen.token, "extract returned \(escaped(token)), the chosen candidate is \(escaped(chosen.token)); \(what)")
    } catch let error as CLIError {
        require(chosen == nil, "extract (cookie \(String(describing: cookie))) failed (\(error.message)) although \(escaped(chosen?.token ?? [])) is to be chosen; \(what)")
        require(error.exitCode == .dataError, "extract failed with exit \(error.exitCode) (\(error.message)); \(what)")
        require(!error.message.isEmpty, "extract failed with an empty message; \(what)")
    } catch {
        violation("extract threw \(type(of: error)): \(error); \(what)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = inputBytes(data, size)
    var cookie: String?
    var text = input
    if let first = input.first {
        let length = min(Int(first) % 17, input.count - 1)
        if length > 0 { cookie = String(decoding: input[1...length], as: UTF8.self) }
        text = Array(input[(1 + length)...])
    }
    let what = "cookie \(cookie.map { escaped($0) } ?? "nil"), text \(escaped(text))"

    let candidates = TokenExtraction.candidates(in: text.span)
    require(candidates.count <= occurrences(of: marker, in: text), "\(candidates.count) candidates for fewer occurrences of Fe26.; \(what)")
    for candidate in candidates {
        guard let start = (0...max(0, candidate.token.count - marker.count)).first(where: { candidate.token[$0...].starts(with: marker) }) else {
            violation("a candidate does not hold Fe26.: \(escaped(candidate.token)); \(what)")
        }
        require(candidate.token[..<start].allSatisfy(continuesBefore), "a candidate holds a delimiter before Fe26.: \(escaped(candidate.token)); \(what)")
        require(candidate.token[(start + marker.count)...].allSatisfy(continuesAfter), "a candidate holds a delimiter: \(escaped(candidate.token)); \(what)")
        let again = TokenExtraction.candidates(in: candidate.token.span)
        require(again == [TokenExtraction.Candidate(token: candidate.token, name: nil, offset: 0)], "a bare candidate does not re-scan to itself: \(escaped(candidate.token)) gives \(again.map { escaped($0.token) }); \(what)")
        if let name = candidate.name {
            require(!name.isEmpty, "an empty cookie name; \(what)")
            require(name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"()<>@,;:\\\"/[]?={}&".utf8.contains($0) }, "a cookie name with a separator: \(escaped(name)); \(what)")
        }
    }

    checkExtract(text, cookie: nil, candidates, what)
    if let cookie { checkExtract(text, cookie: cookie, candidates, what) }
    // Each name that occurs, as --cookie.
    var tried: [String] = []
    for name in candidates.compactMap(\.name) where !tried.contains(name) && tried.count < 4 {
        tried.append(name)
        checkExtract(text, cookie: name, candidates, what)
    }
    return 0
}
