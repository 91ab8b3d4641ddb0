# SPDX-License-Identifier: BSD-2-Clause
# `barebpf init` and `barebpf gen initramfs`: their pure files (tools/init_opts.c,
# tools/cpio.c, tools/initramfs.c) are linked into the CLI like every tool
# source, and into their unit tests here, for the sanitized and static builds.

INIT_OPTS_OBJS := tools/init_opts.o $(patsubst %.c,%.o,$(sort $(wildcard tools/trace/*.c)))
INIT_CPIO_OBJS := tools/cpio.o tools/initramfs.o

$(B)/tests/unit/test_init_opts: $(addprefix $(B)/obj/,$(INIT_OPTS_OBJS))
$(B)/tests/unit/test_cpio: $(addprefix $(B)/obj/,$(INIT_CPIO_OBJS))

# static.mk's unit-test rule links a fixed list: these need their tools/ objects too.
define init_static_unit
$(SB)/tests/unit/$(1): $(SB)/obj/tests/unit/$(1).o $(addprefix $(SB)/obj/,$(2)) \
		$(STATIC_HELPER_OBJS) $(STATIC_FAKE_OBJS) $(SB)/libbarebpf-nosys.a $(CMOCKA_A) \
		$(STATIC_COMPAT_OBJS)
	@mkdir -p $$(@D)
	$$(STATIC_CC) $$(CFLAGS) $$(STATIC_LDFLAGS) $$(filter %.o,$$^) $$(filter %.a,$$^) \
		$$(STATIC_LDLIBS) -o $$@
endef
$(eval $(call init_static_unit,test_init_opts,$(INIT_OPTS_OBJS)))
$(eval $(call init_static_unit,test_cpio,$(INIT_CPIO_OBJS)))
