# SPDX-License-Identifier: BSD-2-Clause
# Skeletons (`barebpf gen skeleton`, tools/skel.c):
# - $(B)/gen/skel/NAME.skel.h for every tests/progs object;
# - tests/kernel/test_skel.c uses skel_demo's on the kernel;
# - `make test-skel` (part of `make test`, no kernel) compiles every one (and
#   the gzip'ed collector's, made from its .gz) as
#   C with gcc and clang and as C++ with g++, -Wall -Wextra -Werror, each
#   in a program that calls its functions (tests/skel/compile.sh).
include mk/static.mk

SKEL_DIR := $(B)/gen/skel
SKEL_HDRS := $(PROG_OBJS:build/progs/%.bpf.o=$(SKEL_DIR)/%.skel.h) $(SKEL_DIR)/collector_gz.skel.h

$(SKEL_DIR)/%.skel.h: build/progs/%.bpf.o $(B)/barebpf
	@mkdir -p $(@D)
	@$(B)/barebpf gen skeleton $< > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

# `gen skeleton` of a .gz: the collector gzip'ed, as the static CLI embeds it
# (mk/collector.mk), here through the CLI and with compile.sh's zlib hook.
$(SKEL_DIR)/collector_gz.skel.h: build/gen/$(COLLECTOR_ARCH)/collector.bpf.o.gz $(B)/barebpf
	@mkdir -p $(@D)
	@$(B)/barebpf gen skeleton $< --name collector_gz > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

$(B)/obj/tests/kernel/test_skel.o: $(SKEL_DIR)/skel_demo.skel.h
$(B)/obj/tests/kernel/test_skel.o: BASE_CFLAGS += -I$(SKEL_DIR)
# The static build of the kernel tests (the matrix guests) too; the object
# skel_demo embeds is neutral (no pt_regs), so one header serves both arches.
$(SB)/obj/tests/kernel/test_skel.o: $(SKEL_DIR)/skel_demo.skel.h
$(SB)/obj/tests/kernel/test_skel.o: BASE_CFLAGS += -I$(SKEL_DIR)

TEST_EXTRA += test-skel
.PHONY: test-skel skel-headers
skel-headers: $(SKEL_HDRS)
test-skel: $(SKEL_HDRS)
	@tests/skel/compile.sh $(SKEL_DIR) $(B)/skel-test
