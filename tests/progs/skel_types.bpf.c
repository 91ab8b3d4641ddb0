// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Global variables of every shape the skeleton generator meets, for `make
 * test-skel`: the generated header checks each variable's offset and size
 * against the DATASEC when it compiles. Scalars, bool, char arrays, enums,
 * pointers, float/double, nested structs and unions, 2-D arrays; bitfield
 * and packed structs (written as bytes); an over-aligned struct; .data,
 * .bss, .rodata and a custom .data.extra; a static variable (not exposed);
 * names that are C++ keywords.
 * Loaded by the load oracle like every tests/progs object.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

enum color { RED, GREEN = 5 };

struct bits {
	__u32 a : 3, b : 5;
	__u16 c;
};

struct __attribute__((packed)) pk {
	__u8 x;
	__u32 y;
};

struct __attribute__((aligned(16))) al {
	__u32 v;
};

union u {
	__u32 w;
	__u8 b[8];
};

struct nest {
	struct {
		__u16 lo, hi;
	} in;
	__u8 class; /* C++ keywords: the skeleton writes class_, new_ */
	union u un;
	int arr[2][3];
	void *ptr;
	char name[7];
	_Bool flag;
	enum color col;
	float f;
	double d;
};

struct nest g_nest = { .name = "x", .d = 1.5 };
struct bits g_bits;
struct pk g_pk;
struct al g_al;
__u8 g_u8;
__u32 new;
__s16 g_s16;
long g_long;
const volatile enum color g_col = GREEN;
const volatile char g_str[12] = "hello";
__u64 g_extra[3] SEC(".data.extra") = { 1, 2, 3 };
static volatile int g_static;

SEC("tp/syscalls/sys_enter_getppid")
int skel_types(void *ctx)
{
	g_u8++;
	g_static++;
	return g_col + g_str[0];
}

char LICENSE[] SEC("license") = "GPL";
