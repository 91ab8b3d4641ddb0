# SPDX-License-Identifier: BSD-2-Clause
# The unified collector (bpf/collector.bpf.c): built by clang for each
# architecture we ship (x86_64, arm64: the BPF code differs only in pt_regs
# and one syscall name), and embedded into the barebpf binary through its
# skeleton (`barebpf gen skeleton`, tools/skel.c): `barebpf trace` opens it
# with collector__open_opts() and sets its filters as skel->rodata->...
#
#   build/gen/<arch>/collector.skel.h     the object as it is (less its DWARF):
#                                         the dynamic CLI, the kernel tests
#   build/gen/<arch>/gz/collector.skel.h  the object gzip'ed (gzip -9n), inflated
#                                         on first use by collector__gunzip()
#                                         (tools/static/collector_inflate.c):
#                                         the static CLI, ~215 KB smaller
#
# The headers are text plus bytes, the same whatever machine makes them, so
# the build machine's generator makes every arch's: $(GEN_SKEL), the `gen
# skeleton` code without the CLI around it (the CLI includes these headers).
# The sources that include one get its directory on their include path:
# COLLECTOR_SKEL_USERS here, static.mk's build with STATIC_COLLECTOR_SKEL.

include mk/static.mk

COLLECTOR_SRCS := bpf/collector.bpf.c $(wildcard bpf/*.h)
# The embedded copy loses its DWARF (a third of the object); .BTF and
# .BTF.ext, which CO-RE and the verifier need, stay.
BPF_STRIP ?= llvm-strip

# build/bpf/<arch>/collector.bpf.o and its skeletons
COLLECTOR_OBJ = build/bpf/$(1)/collector.bpf.o
COLLECTOR_SKEL = build/gen/$(1)/collector.skel.h
COLLECTOR_SKEL_GZ = build/gen/$(1)/gz/collector.skel.h

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

# Kept for mk/btf_pack.mk (the BTF pack as a C array).
GEN_EMBED := build/tools/gen_embed
$(GEN_EMBED): tools/gen_embed.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror $< -o $@

GEN_SKEL := $(B)/tools/gen_skel
GEN_SKEL_OBJS := $(patsubst %,$(B)/obj/tools/%.o,gen_skel skel skel_file file_read gunzip print)
$(GEN_SKEL): $(GEN_SKEL_OBJS) $(B)/libbarebpf.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $^ $(LDLIBS) -o $@

# The embedded object: stripped of DWARF, and that gzip'ed (-n: the same bytes every build).
# Also of what only a linker reads: the relocations of .BTF and .BTF.ext (the
# loader takes their offsets as written), the address-significance table, and
# clang's branch labels (LBB*: local symbols no relocation names). Together
# ~13 KB of the gzip'ed object in the static CLI; .BTF and .BTF.ext stay.
COLLECTOR_STRIP := -g -R .rel.BTF -R .rel.BTF.ext -R .llvm_addrsig --wildcard --strip-symbol='LBB*'
$(foreach a,$(COLLECTOR_ARCHES),build/gen/$(a)/collector.bpf.o): build/gen/%/collector.bpf.o: \
		build/bpf/%/collector.bpf.o mk/collector.mk
	@mkdir -p $(@D)
	$(BPF_STRIP) $(COLLECTOR_STRIP) -o $@ $<
build/gen/%/collector.bpf.o.gz: build/gen/%/collector.bpf.o
	gzip -9n <$< >$@.tmp && mv $@.tmp $@

$(foreach a,$(COLLECTOR_ARCHES),$(call COLLECTOR_SKEL,$(a))): build/gen/%/collector.skel.h: \
		build/gen/%/collector.bpf.o $(GEN_SKEL)
	@$(GEN_SKEL) $< collector >$@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }
$(foreach a,$(COLLECTOR_ARCHES),$(call COLLECTOR_SKEL_GZ,$(a))): build/gen/%/gz/collector.skel.h: \
		build/gen/%/collector.bpf.o.gz $(GEN_SKEL)
	@mkdir -p $(@D)
	@$(GEN_SKEL) $< collector >$@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

# The CLI's sources that include the skeleton (trace opens the collector).
COLLECTOR_SKEL_USERS := tools/trace_setup tools/cmd_trace
$(COLLECTOR_SKEL_USERS:%=$(B)/obj/%.o): $(call COLLECTOR_SKEL,$(COLLECTOR_ARCH))
$(COLLECTOR_SKEL_USERS:%=$(B)/obj/%.o): BASE_CFLAGS += -Ibuild/gen/$(COLLECTOR_ARCH)

# The static CLI's (static.mk: STATIC_COLLECTOR_SKEL, the gzip'ed header by default).
$(COLLECTOR_SKEL_USERS:%=$(SB)/obj/%.o): $(STATIC_COLLECTOR_SKEL)
$(COLLECTOR_SKEL_USERS:%=$(SB)/obj/%.o): BASE_CFLAGS += -I$(dir $(STATIC_COLLECTOR_SKEL))

# Keep the objects and generated files make would delete as intermediates.
.SECONDARY: $(foreach a,$(COLLECTOR_ARCHES),$(call COLLECTOR_OBJ,$(a)) build/gen/$(a)/collector.bpf.o \
	    build/gen/$(a)/collector.bpf.o.gz $(call COLLECTOR_SKEL,$(a)) $(call COLLECTOR_SKEL_GZ,$(a)))
