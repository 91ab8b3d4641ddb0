#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# test_attach_forced, test_chain_forced: a kernel test run again inside each
# guest with the attach fallbacks forced (mk/matrix.mk puts this script
# under both names; each runs /tests/<its name without _forced>):
#   kprobe_pmu  kprobes through tracefs kprobe_events (kernels before 4.17)
#   perf_link   programs set on perf events by ioctl (kernels before 5.15)
#   fentry      (test_chain only) the chain falls back past fentry
#   kprobe_multi, uprobe_multi  (test_attach_multi only) one probe per symbol,
#               the programs loaded as plain kprobes/uprobes; with
#               kprobe_pmu those kprobes are tracefs ones
# The same code paths an old kernel takes; the tests assert the mechanism
# the features, as forced, call for. cmocka's summary lines pass through.
name=${0##*/}
bin=/tests/${name%_forced}
no=kprobe_pmu,perf_link
[ "$name" = test_chain_forced ] && no=$no,fentry
[ "$name" = test_attach_multi_forced ] && no=kprobe_multi,uprobe_multi,kprobe_pmu
echo "$name: BAREBPF_NO=$no $bin"
BAREBPF_NO=$no exec "$bin"
