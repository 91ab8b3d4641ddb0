#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test_attach_bench: the attach bench inside a `make bench-matrix` guest
# (mk/bench_matrix.mk puts this file at /tests/test_attach_bench, the bench at
# /bench/attach_bench). It runs once, in the sysfs run (the nobtf run would
# only time the same thing again); its tables go to the console between two
# marker lines that tests/bench/matrix_bench.sh cuts out of the log. One test:
# the bench exits 0. From the kernel command line (mk/bench_matrix.mk):
# BAREBPF_BENCH_ROUNDS (-n), BAREBPF_BENCH_ATTACH_ROUNDS (-a), BAREBPF_BENCH_KGLOB (-k).
if [ "${BAREBPF_MATRIX_RUN:-}" = nobtf ]; then
	echo "[  SKIPPED ] 1 test(s), listed below:"
	echo "[  SKIPPED ] attach_bench (timed in the sysfs run)"
	exit 0
fi
echo "attach-bench-begin"
/bench/attach_bench /build/progs/bench_attach.bpf.o -g -n "${BAREBPF_BENCH_ROUNDS:-15}" \
	-a "${BAREBPF_BENCH_ATTACH_ROUNDS:-5}" \
	${BAREBPF_BENCH_KGLOB:+-k "$BAREBPF_BENCH_KGLOB"}
rc=$?
echo "attach-bench-end rc=$rc"
if [ $rc -eq 0 ]; then
	echo "[  PASSED  ] 1 test(s)."
else
	echo "[  FAILED  ] 1 test(s), listed below:"
	echo "[  FAILED  ] attach_bench"
fi
exit $rc
