import Foundation
import Testing
import Iron
import IronTestSupport
@testable import IronCLI

@Suite("Reference vectors through iron unseal")
struct CLIVectorTests {
    @Test("every case exits with its status; ok cases print exactly their plaintext", arguments: Vector.all)
    func vector(_ vector: Vector) {
        let file = PasswordFixture(vector.passwordText)
        // A string password is a single password; iron-session would make it {1: password}, which the
        // command does too for lookup purposes since a single password opens any id.
        let result = iron(["unseal"] + file.arguments + vector.flags, stdin: Array(vector.seal.utf8))
        #expect(result.status == vector.expectedStatus, "\(result.stderr)")
        if vector.expect == "ok" {
            #expect(result.stdout == vector.plaintext + "\n")
        } else {
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("iron: error: \(vector.expect.lowercased().prefix(12))"))
        }
    }
}
