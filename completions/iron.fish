# fish completion for iron(1): seal, unseal and inspect iron tokens.
#
# Install as iron.fish in a directory of $fish_complete_path (such as
# /usr/local/share/fish/vendor_completions.d). The options of each command are
# those of Sources/IronCLI/CommandSpec.swift; Tests/IronCLITests keeps the two
# in sync.

# No file names unless a command or option takes one.
complete -c iron -f

# The commands, and what may come instead of one.
complete -c iron -n __fish_use_subcommand -a seal -d 'seal JSON from FILE or standard input into a token'
complete -c iron -n __fish_use_subcommand -a unseal -d 'unseal a token (or text holding one) into its JSON'
complete -c iron -n __fish_use_subcommand -a inspect -d 'show what a token says about itself; needs no password'
complete -c iron -n __fish_use_subcommand -a reseal -d 'unseal with any password of a map, seal again with the newest'
complete -c iron -n __fish_use_subcommand -a password -d 'generate passwords; add one to a rotation map'
complete -c iron -n __fish_use_subcommand -a help -d 'show help for a command'
complete -c iron -n __fish_use_subcommand -l help -d 'show the commands'
complete -c iron -n __fish_use_subcommand -l version -d 'print the version'

# iron help COMMAND
complete -c iron -n '__fish_seen_subcommand_from help; and not __fish_seen_subcommand_from seal unseal inspect reseal password' -a 'seal unseal inspect reseal password'

# Password options: seal, unseal, reseal.
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l password-file -r -F -d 'read the password or password map from FILE'
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l password-env -x -a '(set -nx)' -d 'read the password or password map from environment variable NAME'
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l password-fd -x -d 'read the password or password map from file descriptor N'

# seal
complete -c iron -n '__fish_seen_subcommand_from seal' -F
complete -c iron -n '__fish_seen_subcommand_from seal' -l format -x -a "iron-session\t'iron-session 8: ~2 suffix, ttl 14d' iron\t'plain @hapi/iron: no suffix, ttl 0'" -d 'token format (default iron-session: ~2 suffix, id 1, ttl 14d)'
complete -c iron -n '__fish_seen_subcommand_from seal' -l id -x -d 'password id to seal with'
complete -c iron -n '__fish_seen_subcommand_from seal' -l ttl -x -d 'lifetime: 0 (never), seconds, or 500ms, 90s, 15m, 12h, 14d'
complete -c iron -n '__fish_seen_subcommand_from seal' -l link -x -d 'print TEMPLATE with {token} replaced by the percent-encoded token'

# unseal
complete -c iron -n '__fish_seen_subcommand_from unseal' -l cookie -x -d 'take the token from the cookie called NAME'
complete -c iron -n '__fish_seen_subcommand_from unseal' -l pretty -d 'indent the JSON (the default on a terminal)'
complete -c iron -n '__fish_seen_subcommand_from unseal' -l compact -d 'print the exact decrypted text (the default when piped)'
complete -c iron -n '__fish_seen_subcommand_from unseal' -l json -d 'print {payload, passwordId, expiration, expiresAt, version, format}'
complete -c iron -n '__fish_seen_subcommand_from unseal' -l ignore-expiration -d 'unseal an expired token anyway (the HMAC is still verified)'

# inspect
complete -c iron -n '__fish_seen_subcommand_from inspect' -l cookie -x -d 'take the token from the cookie called NAME'
complete -c iron -n '__fish_seen_subcommand_from inspect' -l json -d 'print one JSON object with stable fields'
complete -c iron -n '__fish_seen_subcommand_from inspect' -l algorithm -x -a "aes-256-cbc\t'the default' aes-128-ctr" -d 'cipher assumed for the payload size (default aes-256-cbc)'
complete -c iron -n '__fish_seen_subcommand_from inspect' -l now -x -d 'judge expiration as of TIME: ISO 8601 or epoch milliseconds'

# reseal
complete -c iron -n '__fish_seen_subcommand_from reseal' -l cookie -x -d 'take the token from the cookie called NAME'
complete -c iron -n '__fish_seen_subcommand_from reseal' -l id -x -d 'password id to seal with (default: the highest numeric id)'
complete -c iron -n '__fish_seen_subcommand_from reseal' -l ttl -x -d 'new lifetime from now instead of keeping the expiration'
complete -c iron -n '__fish_seen_subcommand_from reseal' -l format -x -a "iron-session\t'iron-session 8: ~2 suffix, ttl 14d' iron\t'plain @hapi/iron: no suffix, ttl 0'" -d 'token format (default: the token\'s own)'
complete -c iron -n '__fish_seen_subcommand_from reseal' -l ignore-expiration -d 'reseal an expired token too'

# Crypto options: seal, unseal, reseal.
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l algorithm -x -a "aes-256-cbc\t'the default' aes-128-ctr" -d 'cipher (default aes-256-cbc)'
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l iterations -x -d 'PBKDF2 iterations for both keys (default 1)'
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l encryption-iterations -x -d 'PBKDF2 iterations for the encryption key'
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l integrity-iterations -x -d 'PBKDF2 iterations for the integrity key'
complete -c iron -n '__fish_seen_subcommand_from seal reseal' -l salt-bits -x -d 'random salt bits for both keys (default 256)'
complete -c iron -n '__fish_seen_subcommand_from seal reseal' -l encryption-salt-bits -x -d 'random salt bits for the encryption key'
complete -c iron -n '__fish_seen_subcommand_from seal reseal' -l integrity-salt-bits -x -d 'random salt bits for the integrity key'
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l min-password-length -x -d 'shortest password accepted (default 32)'
complete -c iron -n '__fish_seen_subcommand_from unseal inspect reseal' -l skew -x -d 'clock skew allowed when judging expiration (default 60)'
complete -c iron -n '__fish_seen_subcommand_from seal unseal reseal' -l now -x -d 'act as of TIME: ISO 8601 or epoch milliseconds'

# Limit and batch options: seal, unseal, inspect, reseal.
complete -c iron -n '__fish_seen_subcommand_from seal unseal inspect reseal' -l max-size -x -d 'largest input accepted for one token or document (default 16MiB)'
complete -c iron -n '__fish_seen_subcommand_from seal unseal inspect reseal' -l max-depth -x -d 'deepest JSON nesting accepted (default 10000)'
complete -c iron -n '__fish_seen_subcommand_from seal unseal inspect reseal' -l lines -d 'one input per line, one output per line, in order'
complete -c iron -n '__fish_seen_subcommand_from seal unseal inspect reseal' -l keep-going -d 'with --lines: write an empty line for a bad input and go on'
complete -c iron -n '__fish_seen_subcommand_from seal unseal inspect reseal' -l jobs -x -d 'with --lines: threads to use (default: the number of cores)'

# password
complete -c iron -n '__fish_seen_subcommand_from password' -l length -x -d 'characters per password (at least 32; default 43)'
complete -c iron -n '__fish_seen_subcommand_from password' -l count -x -d 'how many passwords to print (default 1)'
complete -c iron -n '__fish_seen_subcommand_from password' -l charset -x -a "base64url\t'the default' alnum hex ascii" -d 'characters to draw from (default base64url)'
complete -c iron -n '__fish_seen_subcommand_from password' -l map -r -F -d 'add the new password to the rotation map FILE'
complete -c iron -n '__fish_seen_subcommand_from password' -l keep -x -d 'with --map: keep only the N newest numeric ids'

# Every command takes --help.
complete -c iron -n '__fish_seen_subcommand_from seal unseal inspect reseal password' -l help -d 'show this help'
