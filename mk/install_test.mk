# SPDX-License-Identifier: BSD-2-Clause
# `make test-install` (part of `make test`, no kernel): installs into a scratch
# prefix and builds a user program against it with pkg-config only
# (tests/install/check.sh says what it checks).
TEST_EXTRA += test-install
.PHONY: test-install
test-install: all
	@tests/install/check.sh $(CURDIR)/$(B)/install-test "$(CC)" tests/fixtures/btf/allkinds.btf
