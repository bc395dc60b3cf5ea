// libFuzzer target `json`: JSONText.compact / validate / pretty, JSONValue(parsing:) and
// serialized(), and PasswordMap(json:), on arbitrary bytes with assorted limits.
//
// Input: byte 0 picks the depth limit, byte 1 the size limit, the rest is the text.
//
// Invariants:
// - compact and validate agree: both succeed, or both fail with the same JSONError;
// - compact output validates (same report), is no longer than the input, and is idempotent;
// - pretty output (of the input and of the compact text, with any indent cap) compacts back to
//   the compact text; pretty never crashes, even on text that is not JSON;
// - JSONValue(parsing:) accepts the compact text when it nests no deeper than
//   min(limit, JSONValue.maximumSupportedDepth), and refuses it as too deep otherwise;
//   serialized() (compact and pretty) validates and parses back to an equal value;
// - PasswordMap(json:) never crashes and never gives an empty map; its json() reads back to the
//   same map, empty secrets included.

import Iron

private func pickLimits(_ depthByte: UInt8, _ sizeByte: UInt8, count: Int) -> JSONLimits {
    let depth = depthChoices[Int(depthByte) % depthChoices.count]
    let sizes = [Int.max, 0, 1, 8, 64, 1024, count, max(0, count - 1)]
    return JSONLimits(maximumDepth: depth, maximumBytes: sizes[Int(sizeByte) % sizes.count])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = inputBytes(data, size)
    let text: [UInt8] = size >= 2 ? Array(input[2...]) : input
    let limits = size >= 2 ? pickLimits(input[0], input[1], count: text.count) : .default
    let what = "limits \(limits.maximumDepth)/\(limits.maximumBytes), text \(escaped(text))"
    // Depth for the no-size-limit checks below.
    let depthOnly = JSONLimits(maximumDepth: limits.maximumDepth, maximumBytes: .max)

    // Never crashes on anything (Fuzz/regressions/json/pretty-unbalanced-close-bracket).
    _ = JSONIndenter.indent(text)
    _ = JSONIndenter.indent(text, maximumIndentDepth: 0)

    var compactResult: Result<[UInt8], JSONError>
    do {
        compactResult = .success(try JSONText.compact(text, limits: limits))
    } catch {
        compactResult = .failure(error)
    }
    var validateResult: Result<JSONText.Report, JSONError>
    do {
        validateResult = .success(try JSONText.validate(text, limits: limits))
    } catch {
        validateResult = .failure(error)
    }
    // The slice and array forms agree too.
    if size >= 2 {
        let slice = input[2...]
        let viaSlice = Result { () throws(JSONError) in try JSONText.compact(slice, limits: limits) }
        require(viaSlice == compactResult, "compact of an ArraySlice differs from an Array: \(viaSlice) vs \(compactResult); \(what)")
    }

    let compact: [UInt8]
    switch (compactResult, validateResult) {
    case (.failure(let a), .failure(let b)):
        require(a == b, "compact and validate fail differently: \(a) vs \(b); \(what)")
        require(a.offset >= 0 && a.line >= 1 && a.column >= 1, "a JSONError has a bad position: \(a); \(what)")
        if a.kind != .tooLarge { require(a.offset <= text.count, "error offset \(a.offset) past the end; \(what)") }
        return 0
    case (.success(let c), .success(let report)):
        compact = c
        require(compact.count <= text.count, "compact output is longer than the input; \(what)")
        do {
            let again = try JSONText.validate(compact, limits: limits)
            require(again == report, "the compact text's report differs: \(again) vs \(report); \(what)")
            let twice = try JSONText.compact(compact, limits: limits)
            require(twice == compact, "compact is not idempotent: \(escaped(compact)) then \(escaped(twice)); \(what)")
        } catch {
            violation("the compact text \(escaped(compact)) does not validate: \(error); \(what)")
        }
    default:
        violation("compact and validate disagree: \(compactResult) vs \(validateResult); \(what)")
    }

    // Pretty text compacts back.
    for (source, cap) in [(text, 128), (compact, 128), (compact, 1), (compact, 0)] {
        let pretty = JSONIndenter.indent(source, maximumIndentDepth: cap)
        do {
            let back = try JSONText.compact(pretty, limits: depthOnly)
            require(back == compact, "pretty (cap \(cap)) then compact gives \(escaped(back)), not \(escaped(compact)); pretty \(escaped(pretty)); \(what)")
        } catch {
            violation("pretty (cap \(cap)) output \(escaped(pretty)) is not JSON: \(error); \(what)")
        }
    }

    // JSONValue holds at most JSONValue.maximumSupportedDepth levels and refuses deeper text as
    // too deep (Fuzz/regressions/json/jsonvalue-deep-nesting-stack-overflow).
    let valueDepth = min(limits.maximumDepth, JSONValue.maximumSupportedDepth)
    let fitsValue = (try? JSONText.validate(compact, limits: JSONLimits(maximumDepth: valueDepth, maximumBytes: .max))) != nil
    do {
        let value = try JSONValue(parsing: compact, maximumDepth: limits.maximumDepth)
        require(fitsValue, "JSONValue accepted nesting deeper than \(valueDepth) levels; \(what)")
        let serialized = value.serialized()
        do {
            try JSONText.validate(serialized, limits: depthOnly)
        } catch {
            violation("serialized() gives text that does not validate: \(escaped(serialized)): \(error); \(what)")
        }
        let back = try JSONValue(parsing: serialized, maximumDepth: limits.maximumDepth)
        require(back == value, "serialized() does not parse back to the same value: \(escaped(serialized)); \(what)")
        let pretty = value.serialized(pretty: true)
        let prettyCompact = try JSONText.compact(pretty, limits: depthOnly)
        require(prettyCompact == serialized, "serialized(pretty: true) compacts to \(escaped(prettyCompact)), not \(escaped(serialized)); \(what)")
        if let fromText = try? JSONValue(parsing: text) {
            require(fromText == value, "JSONValue of the text and of its compact form differ; \(what)")
        }
    } catch where error.kind == .tooDeep && !fitsValue {
        // Refused, as documented.
    } catch {
        violation("JSONValue round trip failed: \(error); compact \(escaped(compact)), \(what)")
    }

    // Password maps.
    if let map = try? PasswordMap(json: text) {
        // Every map read back from its own json(), empty secrets included; a map is never empty.
        require(!map.passwords.isEmpty, "PasswordMap(json:) accepted a map with no password; \(what)")
        for pretty in [false, true] {
            let written = map.json(pretty: pretty)
            do {
                let again = try PasswordMap(json: written)
                require(again == map, "PasswordMap json() does not read back to the same map: \(escaped(written)); \(what)")
            } catch {
                violation("PasswordMap json() \(escaped(written)) does not read back: \(error); \(what)")
            }
        }
        _ = map.ids
        _ = map.newestId
        _ = map.description
    }
    return 0
}
