# Loader oracle: `make test-load` loads every test program and fixture object,
# and the CO-RE corpus (clang 14 and 19) when `make core-progs` has built it,
# with barebpf (--pin-dir) and with bpftool/libbpf, and compares the kernel's
# xlated instructions and the maps (tests/load_oracle.sh). Needs root.
LOAD_ORACLE_OBJS = $(PROG_OBJS) $(sort $(wildcard tests/fixtures/obj/*.bpf.o)) \
		   $(sort $(wildcard build/core/14/*.bpf.o build/core/19/*.bpf.o))
TEST_EXTRA += test-load
DEPS_PKGS += bpftool

.PHONY: test-load
test-load: $(B)/barebpf progs
	@tests/load_oracle.sh $(B)/barebpf $(LOAD_ORACLE_OBJS)
