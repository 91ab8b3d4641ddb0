# The CLI as a user meets it: `make test-cli` runs tests/cli.sh (help,
# --version, --json everywhere, one message per failure; as root, load's
# pinning, section and map messages on the running kernel).
TEST_EXTRA += test-cli

.PHONY: test-cli
test-cli: $(B)/barebpf progs
	@tests/cli.sh $(B)/barebpf build/progs
