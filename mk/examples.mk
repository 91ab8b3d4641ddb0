# SPDX-License-Identifier: BSD-2-Clause
# bpf/examples/: small complete tools built the way a user builds theirs
# (BPF object -> `barebpf gen skeleton` -> main.c), in the tree:
#   make examples        $(B)/examples/opensnoop (glibc, libbarebpf.a) and the
#                        static musl one, $(SB)/examples/opensnoop, with its size
#   make test-examples   (part of `make test`, root) runs the static one on the
#                        kernel: tests/examples/opensnoop.sh
# bpf/examples/opensnoop/Makefile builds the same against an installed barebpf.
include mk/static.mk

EX_SRC := bpf/examples/opensnoop
EX_GEN := build/examples
EX_STATIC := $(SB)/examples/opensnoop

# BPF_HDRS is set by mk/progs.mk, read after this file: name the generated
# header literally, or a parallel make compiles before it exists.
$(EX_GEN)/opensnoop.bpf.o: $(EX_SRC)/opensnoop.bpf.c $(EX_SRC)/opensnoop.h \
			   $(wildcard include/bpf/*.h) include/bpf/bpf_helper_defs.h
	@mkdir -p $(@D)
	$(BPF_CLANG) $(BPF_CFLAGS) -c $< -o $@
	$(BPF_STRIP) -g $@

$(EX_GEN)/opensnoop.skel.h: $(EX_GEN)/opensnoop.bpf.o $(B)/barebpf
	@$(B)/barebpf gen skeleton $< > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(B)/examples/opensnoop: $(EX_SRC)/main.c $(EX_SRC)/opensnoop.h $(EX_GEN)/opensnoop.skel.h \
			 $(B)/libbarebpf.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -std=gnu11 $(WARN) -Iinclude -I$(EX_GEN) $< $(B)/libbarebpf.a $(LDLIBS) -o $@

$(EX_STATIC): $(EX_SRC)/main.c $(EX_SRC)/opensnoop.h $(EX_GEN)/opensnoop.skel.h \
	      $(SB)/libbarebpf.a $(STATIC_COMPAT_OBJS) | $(STATIC_INC)/.stamp
	@mkdir -p $(@D)
	$(STATIC_CC) $(CFLAGS) -std=gnu11 $(WARN) -Iinclude -I$(EX_GEN) -idirafter $(STATIC_INC) \
		$(STATIC_LDFLAGS) $< $(SB)/libbarebpf.a $(STATIC_LDLIBS) $(STATIC_COMPAT_OBJS) -o $@
	@strip -o $@.stripped $@

# tests/kernel/test_example_opensnoop.c compiles main.c in: on this host and,
# through the static kernel tests, in every matrix guest.
$(B)/obj/tests/kernel/test_example_opensnoop.o $(SB)/obj/tests/kernel/test_example_opensnoop.o: \
	$(EX_GEN)/opensnoop.skel.h
$(B)/obj/tests/kernel/test_example_opensnoop.o $(SB)/obj/tests/kernel/test_example_opensnoop.o: \
	BASE_CFLAGS += -I$(EX_GEN)

TEST_EXTRA += test-examples
.PHONY: examples test-examples
examples: $(B)/examples/opensnoop $(EX_STATIC)
	@echo "examples: $(EX_STATIC) $$(wc -c <$(EX_STATIC)) bytes," \
		"stripped $$(wc -c <$(EX_STATIC).stripped) bytes"

test-examples: examples
	@tests/examples/opensnoop.sh $(EX_STATIC).stripped
