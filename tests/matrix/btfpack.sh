#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test_matrix_btfpack (issue 16): the BTF pack the guest's static CLI carries
# (mk/matrix.mk builds it with BTF_PACK=build/btfpack, the collector's minimal
# BTF of every cached matrix kernel). In the minbtf run (sysfs BTF hidden;
# tests/matrix/init.c) with no BTF given at all, `barebpf trace` must say that
# its BTF came from the pack, for this kernel, and must see this script's own
# exec of a marker. The other runs have BTF at hand: nothing to do there.
# One test; cmocka's summary lines.
if [ "${BAREBPF_MATRIX_RUN:-}" != minbtf ]; then
	echo "test_matrix_btfpack: only in the minbtf run"
	exit 0
fi
unset BAREBPF_BTF BAREBPF_MATRIX_MIN_BTF
rel=$(uname -r)
mark=bbpf-pack-mark-$$
out=/tmp/btfpack.$$.out err=/tmp/btfpack.$$.err
why=

barebpf trace --json --events exec >"$out" 2>"$err" &
pid=$!
n=0
while ! grep -q "trace: ready" "$err" && kill -0 $pid 2>/dev/null && [ $n -lt 90 ]; do
	sleep 1
	n=$((n + 1))
done
if grep -q "trace: ready" "$err"; then
	/bin/true "$mark"
	n=0
	while ! grep -q "$mark" "$out" && [ $n -lt 20 ]; do
		sleep 1
		n=$((n + 1))
	done
fi
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
echo "--- trace's stderr (exit $rc):"
cat "$err"
echo "--- its exec events with $mark:"
grep "$mark" "$out"

grep -q "btf: kernel $rel from the embedded BTF pack (" "$err" ||
	why="no 'btf: kernel $rel from the embedded BTF pack' line"
grep -q "trace: kernel $rel (.*), BTF /proc/self/fd/" "$err" ||
	why="${why:+$why; }the summary names another BTF than the pack's"
grep -q "trace: ready" "$err" || why="${why:+$why; }trace did not start"
grep '^{"type":"exec"' "$out" | grep -qF "\"args\":[\"/bin/true\",\"$mark\"]" ||
	why="${why:+$why; }no exec event of /bin/true $mark"
[ $rc -eq 0 ] || why="${why:+$why; }trace exited $rc after SIGINT"
rm -f "$out" "$err"
if [ -z "$why" ]; then
	echo "[  PASSED  ] 1 test(s)."
	exit 0
fi
echo "test_matrix_btfpack: $why"
echo "[  FAILED  ] 1 test(s), listed below:"
echo "[  FAILED  ] btf_pack_trace"
exit 1
