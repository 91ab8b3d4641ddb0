#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test_matrix_features: barebpf's own feature probe inside each guest (a
# shell test: the guest has busybox's sh; mk/matrix.mk puts this file at
# /tests/test_matrix_features). Every answer becomes a fact
# "feat.<name>=yes|no|?" of the sysfs run, the second table of
# tests/matrix/RESULTS.md. One test: the probe answers everything (exit 0).
out=$(barebpf feature probe 2>&1)
rc=$?
echo "$out"
if [ "${BAREBPF_MATRIX_RUN:-}" != nobtf ]; then
	echo "$out" | sed -nE 's/^  ([a-z0-9_]+) +(yes|no|\?) .*/matrix-fact: feat.\1=\2/p'
fi
if [ $rc -eq 0 ]; then
	echo "[  PASSED  ] 1 test(s)."
else
	echo "[  FAILED  ] 1 test(s), listed below:"
	echo "[  FAILED  ] feature_probe"
fi
exit $rc
