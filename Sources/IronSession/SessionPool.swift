import Iron
import Synchronization

/// Several sealers and unsealers for one password set, so that concurrent requests seal and
/// unseal in parallel: each call takes the first one that is free, starting from a rotating
/// index, and waits on one only when all are busy.
final class SessionPool: Sendable {
    private let sealers: [Sealer]
    private let unsealers: [Unsealer]
    private let next = Atomic<Int>(0)

    init(sealers: [Sealer], unsealers: [Unsealer]) {
        precondition(!sealers.isEmpty && sealers.count == unsealers.count)
        self.sealers = sealers
        self.unsealers = unsealers
    }

    /// Seals `json` (UTF-8 JSON) with a free sealer.
    func seal(json: [UInt8]) throws(IronError) -> String {
        var token: [UInt8] = []
        let start = nextIndex()
        for offset in 0..<sealers.count {
            if try sealers[(start + offset) % sealers.count].sealIfFree(json: json.span, appendingTo: &token) {
                return String(decoding: token, as: UTF8.self)
            }
        }
        try sealers[start % sealers.count].seal(json: json.span, appendingTo: &token)
        return String(decoding: token, as: UTF8.self)
    }

    /// Unseals `token` with a free unsealer; returns what iron-session's `unsealData` returns.
    func unseal(_ token: String) throws(IronError) -> Unsealed {
        let bytes = Array(token.utf8)
        var payload: [UInt8] = []
        let start = nextIndex()
        for offset in 0..<unsealers.count {
            if var result = try unsealers[(start + offset) % unsealers.count].unsealIfFree(token: bytes.span, appendingPayloadTo: &payload) {
                result.payload = payload
                return result
            }
        }
        var result = try unsealers[start % unsealers.count].unseal(token: bytes.span, appendingPayloadTo: &payload)
        result.payload = payload
        return result
    }

    private func nextIndex() -> Int {
        next.add(1, ordering: .relaxed).oldValue & Int.max
    }
}
