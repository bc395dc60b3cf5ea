import Foundation
import Testing
import IronCodable
import IronTestSupport

@Suite("Codable conveniences")
struct CodableTests {
    struct Session: Codable, Equatable {
        struct User: Codable, Equatable { var id: Int; var login: String }
        var user: User
        var isLoggedIn: Bool
    }

    @Test("a Codable value seals and unseals back to an equal value")
    func roundTrip() throws {
        let password = Password("public-password-0123456789abcdef")
        let session = Session(user: .init(id: 42, login: "alice"), isLoggedIn: true)
        let token = try Sealer(password: password, options: .ironSession).seal(session)
        #expect(token.hasSuffix("~2"))
        let back = try Unsealer(password: password).unseal(token, as: Session.self)
        #expect(back == session)
    }

    @Test("a Codable value unseals from a reference iron-session token")
    func referenceToken() throws {
        // iron-session-v2-string-password from the shared vectors.
        let token = "Fe26.2*1*80a2ad2d451b53056ded39484efba0a5abcb4c8b9df8ac3456dedc6448565ef1*tKwrdZtgdtXv6dt6S2CkNw*5y7Hx_xcmsYo6M18Q3WLWcCm0w4AhoaCVr_Yh1C2D-7nb1e0qxu3shEWcirN6OXZNIXtB9ISFHXCFXp4M1kQ9A*4162746128083*728d7491bb85dbc49e5fec0e5f77e86738480eccb60ae5cb34b13dba0d0ae159*pRpHXHxvZI6RfY3N_NaLEsTliip-ETkCwSn82l9DauU~2"
        let unsealer = try Unsealer(passwords: PasswordMap(["1": Password("public-iron-session-password-0123456789")]))
        let session = try unsealer.unseal(token, as: Session.self, now: at(1_800_000_000_000))
        #expect(session == Session(user: .init(id: 42, login: "alice"), isLoggedIn: true))
    }

    @Test("a payload that does not fit the type throws the decoder's error, not an IronError")
    func mismatch() throws {
        let password = Password("public-password-0123456789abcdef")
        let token = try Sealer(password: password).seal(["not": "a session"])
        #expect(throws: DecodingError.self) { try Unsealer(password: password).unseal(token, as: Session.self) }
    }
}
