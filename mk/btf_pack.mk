# SPDX-License-Identifier: BSD-2-Clause
# The BTF pack the CLI carries (issue 16; tools/btf_pack.h has the format):
#   make static BTF_PACK=DIR   embed every <release>.btf[.gz] under DIR (a btfhub
#                              tree, or `barebpf gen min-btf`'s output of one);
#                              `trace` uses the entry for uname -r when the host
#                              has no BTF of its own, `load`/`run` with --btf-pack
#   make btf-pack-matrix       build/btfpack/<arch>/<release>.btf: the collector's
#                              minimal BTF for each kernel of the matrix's cache
#                              (amd64 kernels with the x86 collector, arm64 with
#                              arm64's), the default pack of the matrix's static binary
# Without BTF_PACK the pack is empty (0 bytes in the binary); the host CLI
# (build/barebpf) never carries one. The generated C
# is rebuilt when BTF_PACK or a file under it changes.
BTF_PACK ?=
BTF_PACK_GEN := build/gen/btf_pack.c
BTF_PACK_KEY := build/gen/btf_pack.key
BTF_PACK_FILES := $(if $(BTF_PACK),$(shell find $(BTF_PACK) -type f \( -name '*.btf' -o -name '*.btf.gz' \) 2>/dev/null))

.PHONY: btf-pack-matrix
# Always looked at (the key file changes only when BTF_PACK does).
$(BTF_PACK_KEY): btf-pack-force
	@mkdir -p $(@D)
	@echo "$(BTF_PACK) $(BTF_PACK_FILES)" >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
btf-pack-force: ;

# The host CLI's pack: always empty (Makefile, TOOL_SRCS).
build/gen/btf_pack_empty.c: mk/btf_pack.mk
	@mkdir -p $(@D)
	@printf '%s\n' "/* The host CLI carries no BTF pack (mk/btf_pack.mk). */" \
		"const unsigned char bbpf_btf_packz[8] __attribute__((aligned(8)));" \
		"const unsigned long bbpf_btf_packz_sz = 0;" \
		"const unsigned long bbpf_btf_packz_raw_sz = 0;" >$@

$(BTF_PACK_GEN): $(BTF_PACK_KEY) $(BTF_PACK_FILES) tools/btf_pack.sh build/tools/gen_embed
	@mkdir -p $(@D)
	@if [ -z "$(BTF_PACK)" ]; then \
		printf '%s\n' "/* No BTF_PACK: an empty pack (mk/btf_pack.mk). */" \
			"const unsigned char bbpf_btf_packz[8] __attribute__((aligned(8)));" \
			"const unsigned long bbpf_btf_packz_sz = 0;" \
			"const unsigned long bbpf_btf_packz_raw_sz = 0;" >$@; \
	else \
		tmp=$@.$$$$; sh tools/btf_pack.sh $(BTF_PACK) $$tmp.pack && \
		gzip -9n <$$tmp.pack >$$tmp.gz && build/tools/gen_embed $$tmp.gz bbpf_btf_packz >$$tmp && \
		echo "const unsigned long bbpf_btf_packz_raw_sz = $$(wc -c <$$tmp.pack);" >>$$tmp && \
		echo "btf-pack: $(BTF_PACK): $$(wc -c <$$tmp.pack) bytes, $$(wc -c <$$tmp.gz) gzip'ed into the binary" && \
		mv $$tmp $@ && rm -f $$tmp.pack $$tmp.gz || { rm -f $$tmp $$tmp.pack $$tmp.gz; exit 1; }; \
	fi

BTF_PACK_KDIR ?= $(HOME)/.cache/barebpf-kernels/k
btf-pack-matrix: $(B)/barebpf collector
	@rm -rf build/btfpack && mkdir -p build/btfpack
	@for k in $(BTF_PACK_KDIR)/*/; do \
		arch=$$(sed -n 's/^arch=//p' $$k/info); rel=$$(sed -n 's/^release=//p' $$k/info); \
		case $$arch in amd64) c=x86;; arm64) c=arm64;; *) continue;; esac; \
		$(B)/barebpf gen min-btf build/bpf/$$c/collector.bpf.o --btf $$k/vmlinux.btf \
			--out build/btfpack/tmp >/dev/null || exit 1; \
		mkdir -p build/btfpack/$$arch && mv build/btfpack/tmp/vmlinux.btf build/btfpack/$$arch/$$rel.btf; \
	done; rm -rf build/btfpack/tmp
	@for a in build/btfpack/*/; do \
		echo "btf-pack-matrix: $$a: $$(ls $$a | wc -l) kernels, $$(cat $$a/*.btf | wc -c) bytes"; done

# `make test-btf-pack` (root, the running kernel; in `make test-cli`'s place in
# the kernel lock): build/tests/barebpf-pack is the CLI with a pack of two
# kernels, this host's (the minimal BTF of the collector and load_core) and
# a made-up release, and tests/btf_pack.sh runs load, run and trace with it.
PACK_TEST_DIR := build/tests/btfpack
PACK_TEST_BIN := build/tests/barebpf-pack
TEST_EXTRA += test-btf-pack
.PHONY: test-btf-pack
$(PACK_TEST_DIR)/btf_pack.c: $(B)/barebpf build/tools/gen_embed tools/btf_pack.sh collector progs
	@rm -rf $(PACK_TEST_DIR)/in && mkdir -p $(PACK_TEST_DIR)/in
	@$(B)/barebpf gen min-btf $(call COLLECTOR_OBJ,$(COLLECTOR_ARCH)) build/progs/load_core.bpf.o \
		--btf /sys/kernel/btf/vmlinux --out $(PACK_TEST_DIR)/in >/dev/null
	@mv $(PACK_TEST_DIR)/in/vmlinux.btf "$(PACK_TEST_DIR)/in/$$(uname -r).btf"
	@gzip -9n <"$(PACK_TEST_DIR)/in/$$(uname -r).btf" >$(PACK_TEST_DIR)/in/0.0.0-madeup.btf.gz
	@sh tools/btf_pack.sh $(PACK_TEST_DIR)/in $(PACK_TEST_DIR)/pack 2>/dev/null
	@gzip -9n <$(PACK_TEST_DIR)/pack >$(PACK_TEST_DIR)/pack.gz
	@build/tools/gen_embed $(PACK_TEST_DIR)/pack.gz bbpf_btf_packz >$@.tmp
	@echo "const unsigned long bbpf_btf_packz_raw_sz = $$(wc -c <$(PACK_TEST_DIR)/pack);" >>$@.tmp
	@mv $@.tmp $@

$(PACK_TEST_BIN): $(filter-out $(B)/obj/build/gen/btf_pack_empty.o,$(TOOL_OBJS)) $(PACK_TEST_DIR)/btf_pack.c \
		$(B)/libbarebpf.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(filter-out $(B)/obj/build/gen/btf_pack_empty.o,$(TOOL_OBJS)) \
		$(PACK_TEST_DIR)/btf_pack.c $(B)/libbarebpf.a $(LDLIBS) -o $@

test-btf-pack: $(PACK_TEST_BIN) $(B)/barebpf
	@sh tests/btf_pack.sh $(PACK_TEST_BIN) $(B)/barebpf build/progs
