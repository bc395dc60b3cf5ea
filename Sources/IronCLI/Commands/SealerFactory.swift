import Iron

/// Makes a sealer per thread from the resolved passwords. The first, made to check the password
/// against the options up front, is the first one handed out: a single seal builds one sealer.
final class SealerFactory {
    let password: Password
    let options: SealOptions
    let clock: any IronClock
    private var checked: Sealer?

    init(passwords: PasswordSet, id: String?, format: TokenFormat, options: SealOptions, clock: any IronClock) throws {
        if let id, !Password.isValidId(id) {
            throw CLIError.usage("--id must be letters, digits and '_' (as @hapi/iron requires), not \"\(id.prefix(40))\"")
        }
        switch passwords {
        case .single(var password):
            password.id = id ?? password.id ?? (format == .ironSession ? "1" : nil)
            self.password = password
        case .map(let map):
            if format == .ironSession {
                do {
                    try map.validateForIronSession()
                } catch {
                    throw CLIError(.config, "\(error.reason): iron-session refuses this map", hints: ["--format iron seals a plain @hapi/iron token with any map"])
                }
            }
            do {
                self.password = try map.sealingPassword(id: id)
            } catch where error.passwordId?.isEmpty == true {
                throw CLIError(.config, "the password map has no numeric id to seal with (ids: \(map.ids.joined(separator: ", ")))", hints: ["choose one with --id ID"])
            } catch {
                throw CLIError(.config, "the password map has no id \"\(error.passwordId ?? "")\" (ids: \(map.ids.joined(separator: ", ")))")
            }
        }
        self.options = options
        self.clock = clock
        checked = try makeNew() // check the password against the options now, once
    }

    func make() throws -> Sealer {
        if let sealer = checked {
            checked = nil
            return sealer
        }
        return try makeNew()
    }

    private func makeNew() throws -> Sealer {
        do {
            return try Sealer(password: password, options: options, clock: clock)
        } catch {
            throw error.sealFailure()
        }
    }
}
