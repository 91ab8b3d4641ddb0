# SPDX-License-Identifier: BSD-2-Clause
# The unified collector (bpf/collector.bpf.c): built by clang for each
# architecture we ship (x86_64, arm64: the BPF code differs only in pt_regs
# and one syscall name), and embedded into the barebpf binary as a C array
# (tools/gen_embed.c) that `barebpf trace` opens with bbpf_obj_open_mem().
#
# The Makefile adds build/gen/collector_obj_$(COLLECTOR_ARCH).c to the CLI's
# sources (before any fragment reads the list); static.mk uses the one of
# COLLECTOR_STATIC_ARCH instead.

COLLECTOR_SRCS := bpf/collector.bpf.c $(wildcard bpf/*.h)
GEN_EMBED := build/tools/gen_embed
# The embedded copy loses its DWARF (a third of the object); .BTF and
# .BTF.ext, which CO-RE and the verifier need, stay.
BPF_STRIP ?= llvm-strip

# build/bpf/<arch>/collector.bpf.o and its C-array form build/gen/collector_obj_<arch>.c
COLLECTOR_OBJ = build/bpf/$(1)/collector.bpf.o
COLLECTOR_GEN = build/gen/collector_obj_$(1).c

.PHONY: collector
collector: $(call COLLECTOR_OBJ,x86) $(call COLLECTOR_OBJ,arm64)

COLLECTOR_ARCHES := x86 arm64

# Our own kernel types (bpf/collector_kernel.h), not vmlinux.h: the object
# builds the same on any machine, with or without BTF. Static pattern rules:
# only these targets (an implicit rule would offer itself to every file make
# tries to remake, the included .d files among them).
$(foreach a,$(COLLECTOR_ARCHES),$(call COLLECTOR_OBJ,$(a))): build/bpf/%/collector.bpf.o: $(COLLECTOR_SRCS) include/bpf/bpf_helper_defs.h \
			    $(filter-out include/bpf/bpf_helper_defs.h,$(wildcard include/bpf/*.h))
	@mkdir -p $(@D)
	$(BPF_CLANG) -O2 -g -target bpf -D__TARGET_ARCH_$* -Wall -Werror -Iinclude \
		-I/usr/include/$(ARCH)-linux-gnu -c $< -o $@

$(GEN_EMBED): tools/gen_embed.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror $< -o $@

$(foreach a,$(COLLECTOR_ARCHES),$(call COLLECTOR_GEN,$(a))): build/gen/collector_obj_%.c: \
		build/bpf/%/collector.bpf.o $(GEN_EMBED)
	@mkdir -p $(@D)
	@tmp=$@.$$$$.tmp; $(BPF_STRIP) -g -o $$tmp.o $< && \
		$(GEN_EMBED) $$tmp.o bbpf_collector_obj > $$tmp && mv $$tmp $@ && rm -f $$tmp.o || \
		{ rm -f $$tmp $$tmp.o; exit 1; }

# Keep the objects and generated sources make would delete as intermediates.
.SECONDARY: $(call COLLECTOR_OBJ,x86) $(call COLLECTOR_OBJ,arm64) \
	    $(call COLLECTOR_GEN,x86) $(call COLLECTOR_GEN,arm64)
