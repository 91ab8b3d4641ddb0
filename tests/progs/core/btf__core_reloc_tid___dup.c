/*
 * Two candidates for the struct and the union: ids always differ (the
 * target_type_id relocation is ambiguous), sizes differ for the union only.
 */
struct core_reloc_tid_s___x {
	int a;
	long b;
};

struct core_reloc_tid_s___y {
	long b;
	int a;
};

union core_reloc_tid_u___x {
	int a;
};

union core_reloc_tid_u___y {
	long a;
	char c[100];
};

struct core_reloc_tid_s___x sx;
struct core_reloc_tid_s___y sy;
union core_reloc_tid_u___x ux;
union core_reloc_tid_u___y uy;
