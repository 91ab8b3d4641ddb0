# SPDX-License-Identifier: BSD-2-Clause
# `make test-abi` (part of `make test`, no kernel): libbarebpf.so exports
# exactly what loader/libbarebpf.map lists, versioned, under its soname, and
# that is exactly the BBPF_API functions of include/barebpf/ (tests/abi/check.sh).
TEST_EXTRA += test-abi
.PHONY: test-abi
test-abi: $(B)/libbarebpf.so
	@tests/abi/check.sh $(B)/libbarebpf.so loader/libbarebpf.map
