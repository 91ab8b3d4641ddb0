# SPDX-License-Identifier: BSD-2-Clause
# Fuzzing (libFuzzer, clang, ASan+UBSan). Every tests/fuzz/fuzz_<name>.c is one
# fuzzer, linked against the library compiled once more with the fuzzer's
# instrumentation ($(FUZZ_DIR)/libbarebpf.a: a fuzzer pulls in only what it calls).
#
#   make test-fuzz            (part of `make test`) build every fuzzer and run each
#                             for FUZZ_SMOKE_SECONDS on its seeds: "fuzz: N passed, 0 failed"
#   make fuzz                 every fuzzer for FUZZ_SECONDS (default 60) each
#   make fuzz-<name>          one of them (fuzz-btf, fuzz-btf-out, fuzz-core, fuzz-obj, ...)
#
# Seeds: a fuzzer's corpus is copied from tests/fuzz/corpus/<name>/ into the build
# tree (new inputs libFuzzer finds stay out of the source tree). A fragment that
# seeds its fuzzer another way sets FUZZ_SEEDS_<name> to a shell command that
# fills the directory $(2) (mk/obj_fixtures.mk, mk/btf_dump_c.mk).
# Adding a fuzzer: write tests/fuzz/fuzz_<name>.c (LLVMFuzzerTestOneInput) and
# commit a few small seeds in tests/fuzz/corpus/<name>/; nothing to add here.

DEPS_PKGS += libclang-rt-14-dev

FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 2
FUZZ_DIR := $(B)/fuzz
FUZZ_CFLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -Iinclude -Ibuild/include -Iloader -MMD -MP \
	       -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_RUN_FLAGS := -max_len=65536 -rss_limit_mb=2048 -timeout=10 -artifact_prefix=$(FUZZ_DIR)/
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_LIB_OBJS := $(LIB_SRCS:%.c=$(FUZZ_DIR)/obj/%.o)

# fuzz_seeds NAME DIR: a fresh DIR holding NAME's seeds.
FUZZ_SEEDS_DEFAULT = cp tests/fuzz/corpus/$(1)/* $(2)/
fuzz_seeds = rm -rf $(2) && mkdir -p $(2) && \
	     { $(call $(if $(value FUZZ_SEEDS_$(1)),FUZZ_SEEDS_$(1),FUZZ_SEEDS_DEFAULT),$(1),$(2)); }

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CLANG) $(FUZZ_CFLAGS) -c $< -o $@

# The fuzzers of btf/ internals include "internal.h" from there.
$(FUZZ_DIR)/obj/tests/fuzz/%.o: FUZZ_CFLAGS += -Ibtf

$(FUZZ_DIR)/libbarebpf.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_DIR)/libbarebpf.a
	$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ -lelf -lz -o $@

.SECONDARY: $(FUZZ_NAMES:%=$(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o)

.PHONY: fuzz fuzz-bins test-fuzz
fuzz-bins: $(FUZZ_BINS)

define FUZZ_LONG
.PHONY: fuzz-$(subst _,-,$(1))
fuzz: fuzz-$(subst _,-,$(1))
fuzz-$(subst _,-,$(1)): $(FUZZ_DIR)/fuzz_$(1)
	@$$(call fuzz_seeds,$(1),$(FUZZ_DIR)/corpus_$(1))
	$(FUZZ_DIR)/fuzz_$(1) -max_total_time=$$(FUZZ_SECONDS) $(FUZZ_RUN_FLAGS) \
		-print_final_stats=1 $(FUZZ_DIR)/corpus_$(1)
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call FUZZ_LONG,$(n))))

# The smoke pass: each fuzzer runs its seeds, then mutates for a moment. It
# proves that every fuzzer still builds, links and survives its own corpus.
TEST_EXTRA += test-fuzz
test-fuzz: $(FUZZ_BINS)
	@pass=0; fail=0; \
	$(foreach n,$(FUZZ_NAMES),if { $(call fuzz_seeds,$(n),$(FUZZ_DIR)/smoke_$(n)); } && \
		$(FUZZ_DIR)/fuzz_$(n) -max_total_time=$(FUZZ_SMOKE_SECONDS) $(FUZZ_RUN_FLAGS) \
		$(FUZZ_DIR)/smoke_$(n) >$(FUZZ_DIR)/smoke_$(n).log 2>&1; then \
		pass=$$((pass + 1)); echo "fuzz_$(n): $$(grep -o 'Done [0-9]* runs.*' \
		$(FUZZ_DIR)/smoke_$(n).log)"; \
	else fail=$$((fail + 1)); tail -n 30 $(FUZZ_DIR)/smoke_$(n).log; \
		echo "fuzz_$(n): FAILED (log: $(FUZZ_DIR)/smoke_$(n).log)"; fi;) \
	echo "fuzz: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]

-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)
