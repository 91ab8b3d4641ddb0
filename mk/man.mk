# barebpf(8): `barebpf help --man` (tools/man.c) sets the command table's
# summaries and usage texts, the ones --help prints, in roff; the Makefile's
# $(B)/barebpf.8 rule makes it and `make install` installs it.
#   make test-man   tests/man.sh: groff reads it cleanly; every command and
#                   subcommand has its section and its --help text; every
#                   option the CLI's parsers know is in it (part of make test)
TEST_EXTRA += test-man

.PHONY: test-man
test-man: $(B)/barebpf.8
	@tests/man.sh $(B)/barebpf $(B)/barebpf.8
