/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/* One record of opensnoop: what the BPF program writes and main.c prints. */
#ifndef OPENSNOOP_H
#define OPENSNOOP_H

struct open_event {
	__u32 pid;
	__u32 uid;
	char comm[16];
	char fname[256];
};

#endif
