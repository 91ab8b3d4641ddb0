// SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only)
/* field_signed on every integer-like type, bitfields and enums included. */
#include "core_test.h"

__u64 out[32];

enum core_reloc_sgn_e { SGN_NEG = -1, SGN_POS = 1 };
enum core_reloc_sgn_u { SGN_U = 1 };

struct core_reloc_sgn {
	char c;
	signed char sc;
	unsigned char uc;
	short s;
	unsigned short us;
	_Bool b;
	long l;
	unsigned long ul;
	enum core_reloc_sgn_e e;
	enum core_reloc_sgn_u u;
	int bf : 3;
	unsigned int ubf : 3;
	void *ptr;
} PAI;

#define SGN(i, f) OUT(i, __builtin_preserve_field_info(s->f, BPF_FIELD_SIGNED))

SEC("raw_tp/sys_enter")
int sgn(void *ctx)
{
	struct core_reloc_sgn *s = (void *)bpf_get_current_task();

	SGN(0, c);
	SGN(1, sc);
	SGN(2, uc);
	SGN(3, s);
	SGN(4, us);
	SGN(5, b);
	SGN(6, l);
	SGN(7, ul);
	SGN(8, e);
	SGN(9, u);
	SGN(10, bf);
	SGN(11, ubf);
	return 0;
}
