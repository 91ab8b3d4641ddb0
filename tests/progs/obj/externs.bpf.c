// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/*
 * Fixture of the object loader's open phase (tests/unit/test_obj.c): every
 * kind of extern. The open phase only records them; load resolves them.
 *
 *   __kconfig: u32, int (weak), bool, tristate (weak), char array (weak)
 *   __ksym:    typed variable, typeless variable (weak), kfuncs (one weak)
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig __weak;
extern _Bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_LSM __kconfig __weak;
extern char CONFIG_LOCALVERSION[16] __kconfig __weak;

extern const int bpf_prog_active __ksym;
extern const void init_task __ksym __weak;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym __weak;

__u64 out[4];

SEC("tp_btf/sched_switch")
int on_switch(void *ctx)
{
	bpf_rcu_read_lock();
	out[0] = LINUX_KERNEL_VERSION + CONFIG_HZ + CONFIG_BPF_SYSCALL;
	out[1] = CONFIG_BPF_LSM == TRI_YES ? CONFIG_LOCALVERSION[0] : 0;
	out[2] = (__u64)&bpf_prog_active;
	out[3] = (__u64)&init_task;
	bpf_rcu_read_unlock();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
