import Foundation
import Testing
import Iron
@testable import IronCLI

@Suite("iron password")
struct PasswordCommandTests {
    @Test("the default is 43 base64url characters, and each call differs")
    func defaults() {
        let a = iron("password"), b = iron("password")
        #expect(a.status == 0)
        #expect(a.stdout.count == 44 && a.stdout.hasSuffix("\n"))
        #expect(a.stdout.utf8.dropLast().allSatisfy { PasswordGenerator.Charset.base64url.characters.contains($0) })
        #expect(a.stdout != b.stdout)
    }

    @Test("--length, --count and --charset", arguments: PasswordGenerator.Charset.allCases)
    func charsets(_ charset: PasswordGenerator.Charset) {
        let result = iron("password", "--charset", charset.rawValue, "--length", "50", "--count", "3")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            #expect(line.utf8.count == 50)
            #expect(line.utf8.allSatisfy { charset.characters.contains($0) })
        }
        #expect(iron("password", "--charset", charset.rawValue).stdout.utf8.count == charset.defaultLength + 1)
    }

    @Test("every character of the alphabet turns up: no character is excluded")
    func uniformity() throws {
        let text = try PasswordGenerator.generate(length: 20_000, charset: .alnum)
        var counts: [UInt8: Int] = [:]
        for byte in text.utf8 { counts[byte, default: 0] += 1 }
        #expect(counts.count == 62)
        // 20000 / 62 ≈ 323 each; a biased generator (byte % 62) would overweight the first 8 by ~25%.
        for (_, count) in counts { #expect(count > 200 && count < 460) }
    }

    @Test("a length below 32 is refused with exit 64")
    func tooShort() {
        let result = iron("password", "--length", "31")
        #expect(result.status == 64)
        #expect(result.stderr == "iron: error: --length 31 is too short: @hapi/iron needs at least 32 characters\n")
        #expect(iron("password", "--count", "0").status == 64)
        #expect(iron("password", "--keep", "2").status == 64)
    }

    @Test("--map creates a 0600 map with id 1, then adds id 2, printing the id")
    func mapCreation() throws {
        let directory = TemporaryDirectory()
        let path = directory.url.appendingPathComponent("passwords.json").path
        let first = iron("password", "--map", path)
        #expect(first.status == 0)
        #expect(first.stdout == "1\n")
        #expect(directory.mode("passwords.json") == 0o600)
        let second = iron("password", "--map", path)
        #expect(second.stdout == "2\n")
        let map = try PasswordMap(json: Array(directory.read("passwords.json")!.utf8))
        #expect(map.ids == ["1", "2"])
        #expect(map["1"] != map["2"])
        // The map seals with the new id.
        let token = iron(["seal", "--password-file", path], stdin: Array("{}".utf8))
        #expect(try Token(token.stdout.trimmingCharacters(in: .newlines)).passwordId == "2")
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["passwords.json"])
    }

    @Test("--keep N keeps the N newest numeric ids and says which went")
    func keep() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("map.json", #"{"default": "public-default-dddddddddddddddddddd", "1": "public-rotation-one-aaaaaaaaaaaaaaaa", "2": "public-rotation-two-bbbbbbbbbbbbbbbb"}"#)
        let result = iron("password", "--map", path, "--keep", "2")
        #expect(result.status == 0)
        #expect(result.stdout == "3\n")
        #expect(result.stderr.contains("iron: note: removed id 1 from"))
        let map = try PasswordMap(json: Array(directory.read("map.json")!.utf8))
        #expect(map.ids == ["2", "3", "default"])
    }

    @Test("the file's mode is kept")
    func modeKept() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("map.json", #"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa"}"#, mode: 0o640)
        #expect(iron("password", "--map", path).status == 0)
        #expect(directory.mode("map.json") == 0o640)
    }

    @Test("a malformed map is left untouched with exit 78")
    func malformed() {
        let directory = TemporaryDirectory()
        let path = directory.write("map.json", #"{"1": 42}"#)
        let result = iron("password", "--map", path)
        #expect(result.status == 78)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("it was left unchanged"))
        #expect(directory.read("map.json") == #"{"1": 42}"#)
    }

    @Test("a symbolic link is refused")
    func symlink() throws {
        let directory = TemporaryDirectory()
        let target = directory.write("real.json", #"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa"}"#)
        let link = directory.url.appendingPathComponent("link.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = iron("password", "--map", link)
        #expect(result.status == 74)
        #expect(result.stderr.contains("refusing to replace \(link): it is a symbolic link"))
        #expect(directory.read("real.json") == #"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa"}"#)
    }

    @Test("an unwritable folder leaves the old file intact with exit 74")
    func readOnlyFolder() throws {
        let directory = TemporaryDirectory()
        let original = #"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa"}"#
        let path = directory.write("map.json", original)
        if getuid() == 0 {
            // Permissions do not bind root: use a folder on a read-only file system instead.
            let result = iron("password", "--map", "/proc/iron-test-map.json")
            #expect(result.status == 74)
            #expect(result.stderr.contains("cannot create a temporary file in /proc"))
        } else {
            chmod(directory.path, 0o500)
            defer { chmod(directory.path, 0o700) }
            let result = iron("password", "--map", path)
            #expect(result.status == 74)
        }
        #expect(directory.read("map.json") == original)
    }

    @Test("a full disk leaves the old file intact with exit 74")
    func fullDisk() throws {
        let directory = TemporaryDirectory()
        let original = #"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa"}"#
        let path = directory.write("map.json", original)
        let result = iron(["password", "--map", path], writeFile: { _, _ in ENOSPC })
        #expect(result.status == 74)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("No space left on device; the old file is unchanged"))
        #expect(directory.read("map.json") == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["map.json"])
    }

    @Test("/dev/full as the disk: a real ENOSPC from the kernel through the same path")
    func devFull() throws {
        let toDevFull: (Int32, [UInt8]) -> Int32 = { _, bytes in
            let full = open("/dev/full", O_WRONLY)
            defer { close(full) }
            return IO.writeAll(full, bytes)
        }
        let directory = TemporaryDirectory()
        let original = #"{"1": "public-rotation-one-aaaaaaaaaaaaaaaa"}"#
        let path = directory.write("map.json", original)
        let result = iron(["password", "--map", path], writeFile: toDevFull)
        #expect(result.status == 74)
        #expect(directory.read("map.json") == original)
    }
}
