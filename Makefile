# iron: build, test, install and uninstall.
#
#   make                      debug build
#   make test                 swift test
#   make install              release build, then install under $(DESTDIR)$(PREFIX)
#   make uninstall            remove exactly what install put there
#
# PREFIX defaults to /usr/local; DESTDIR (empty by default) is prepended to every
# installed path, for staging and packaging:
#
#   make install DESTDIR=/tmp/stage PREFIX=/usr

SWIFT ?= swift
INSTALL ?= install
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

RELEASE_FLAGS = -c release --static-swift-stdlib --product iron

.PHONY: all build release test lint-man install uninstall

all: build

build:
	$(SWIFT) build

release:
	$(SWIFT) build $(RELEASE_FLAGS)

test:
	$(SWIFT) test

# The man page must be free of mandoc warnings (also checked by the tests).
lint-man:
	mandoc -Tlint -W warning man/iron.1

install: release
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(MANDIR)/man1' \
		'$(DESTDIR)$(BASHCOMPDIR)' '$(DESTDIR)$(ZSHCOMPDIR)' '$(DESTDIR)$(FISHCOMPDIR)'
	$(INSTALL) -m 0755 "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/iron" '$(DESTDIR)$(BINDIR)/iron'
	$(INSTALL) -m 0644 man/iron.1 '$(DESTDIR)$(MANDIR)/man1/iron.1'
	$(INSTALL) -m 0644 completions/iron.bash '$(DESTDIR)$(BASHCOMPDIR)/iron'
	$(INSTALL) -m 0644 completions/_iron '$(DESTDIR)$(ZSHCOMPDIR)/_iron'
	$(INSTALL) -m 0644 completions/iron.fish '$(DESTDIR)$(FISHCOMPDIR)/iron.fish'

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/iron' \
		'$(DESTDIR)$(MANDIR)/man1/iron.1' \
		'$(DESTDIR)$(BASHCOMPDIR)/iron' \
		'$(DESTDIR)$(ZSHCOMPDIR)/_iron' \
		'$(DESTDIR)$(FISHCOMPDIR)/iron.fish'
