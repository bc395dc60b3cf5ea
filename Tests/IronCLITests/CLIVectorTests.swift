import Foundation
import Testing
import Iron
@testable import IronCLI

/// The shared reference vectors, through the command.
struct CLIVector: CustomStringConvertible, Sendable {
    let name: String
    let kind: String
    let passwordJSON: String
    let options: JSONValue
    let plaintext: String
    let seal: String
    let expect: String
    var description: String { name }

    static let all: [CLIVector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("IronTests/Fixtures/iron-vectors.json")
        let data = try! Data(contentsOf: url)
        guard case .array(let cases) = try! JSONValue(parsing: Array(data)) else { fatalError("vectors are not an array") }
        return cases.map { value in
            let password = value["password"]!
            let passwordJSON: String
            if case .string(let text) = password {
                passwordJSON = text
            } else {
                passwordJSON = String(decoding: password.serialized(), as: UTF8.self)
            }
            return CLIVector(name: value["name"]!.stringValue!, kind: value["kind"]!.stringValue!, passwordJSON: passwordJSON,
                             options: value["options"] ?? .object([]), plaintext: value["plaintext"]!.stringValue!,
                             seal: value["seal"]!.stringValue!, expect: value["expect"]!.stringValue!)
        }
    }()

    /// The command-line flags for the case's unseal-side options.
    var flags: [String] {
        var flags: [String] = []
        if let algorithm = options["encryption"]?["algorithm"]?.stringValue { flags += ["--algorithm", algorithm] }
        if case .number(let n)? = options["encryption"]?["iterations"] { flags += ["--encryption-iterations", n] }
        if case .number(let n)? = options["integrity"]?["iterations"] { flags += ["--integrity-iterations", n] }
        return flags
    }

    var expectedStatus: Int32 {
        switch expect {
        case "ok": return 0
        case "Expired seal": return 2
        case _ where expect.hasPrefix("Cannot find password"): return 3
        default: return 1
        }
    }
}

@Suite("Reference vectors through iron unseal")
struct CLIVectorTests {
    @Test("every case exits with its status; ok cases print exactly their plaintext", arguments: CLIVector.all)
    func vector(_ vector: CLIVector) {
        let file = PasswordFixture(vector.passwordJSON)
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
