/* ___x and ___y both stand for each local type. */
struct core_reloc_amb___x {
	int a;
	int b;
};

struct core_reloc_amb___y {
	int a;
	long pad;
	int c;
};

struct core_reloc_amb_same___x {
	int a;
};

struct core_reloc_amb_same___y {
	int a;
	int more;
};

struct core_reloc_amb_off___x {
	int a;
	int b;
};

struct core_reloc_amb_off___y {
	int b;
	int a;
};

struct core_reloc_amb___x ax;
struct core_reloc_amb___y ay;
struct core_reloc_amb_same___x sx;
struct core_reloc_amb_same___y sy;
struct core_reloc_amb_off___x ox;
struct core_reloc_amb_off___y oy;
