// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF feature probes: for each BTF kind that arrived after the first BTF
 * kernel, the smallest blob that uses it. A kernel that does not know a kind
 * refuses the whole blob with EINVAL, which is the answer.
 *
 * Each blob is written out as the raw 32-bit words of its type section
 * (struct btf_type: name_off, info = kind << 24 | vlen, size/type; then the
 * kind's trailing data), so the layout is visible right here.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/btf.h>

#include <barebpf/sys.h>
#include "internal/compiler.h"
#include "kernel/internal.h"

#define INFO(kind, vlen, kflag) (((kflag) << 31) | ((kind) << 24) | (vlen))
/* [1] int: 4 bytes, 32 bits, signed. Names start at string offset 1 ("int"). */
#define T_INT 1, INFO(BTF_KIND_INT, 0, 0), 4, (BTF_INT_SIGNED << 24) | 32

struct btf_probe {
	enum bbpf_feature feat;
	__u32 types[16];
	__u32 type_words;
};

/* The type words of a probe, and how many there are. */
#define WORDS(...) { __VA_ARGS__ }, sizeof((__u32[]){ __VA_ARGS__ }) / sizeof(__u32)

/* Strings: "\0int\0x\0.data\0" -> int @1, x @5, .data @7. */
#define STRS   "\0int\0x\0.data\0"
#define S_INT  1
#define S_X    5
#define S_DATA 7

static const struct btf_probe probes[] = {
	{ BBPF_FEAT_BTF, WORDS(T_INT) },
	/* [2] FUNC_PROTO int (void), [3] FUNC x, static linkage */
	{ BBPF_FEAT_BTF_FUNC,
	  WORDS(T_INT, 0, INFO(BTF_KIND_FUNC_PROTO, 0, 0), 1, S_X, INFO(BTF_KIND_FUNC, 0, 0), 2) },
	/* the same FUNC with BTF_FUNC_GLOBAL (1) in vlen */
	{ BBPF_FEAT_BTF_FUNC_GLOBAL,
	  WORDS(T_INT, 0, INFO(BTF_KIND_FUNC_PROTO, 0, 0), 1, S_X, INFO(BTF_KIND_FUNC, 1, 0), 2) },
	/* [2] VAR x: int, global; [3] DATASEC .data { x @0, 4 bytes } */
	{ BBPF_FEAT_BTF_DATASEC, WORDS(T_INT, S_X, INFO(BTF_KIND_VAR, 0, 0), 1, 1, S_DATA,
				       INFO(BTF_KIND_DATASEC, 1, 0), 4, 2, 0, 4) },
	/* [1] FLOAT "int", 4 bytes (the name is only a name) */
	{ BBPF_FEAT_BTF_FLOAT, WORDS(S_INT, INFO(16 /* FLOAT */, 0, 0), 4) },
	/* [2] VAR x: int; [3] DECL_TAG "int" on [2], component_idx -1 */
	{ BBPF_FEAT_BTF_DECL_TAG, WORDS(T_INT, S_X, INFO(BTF_KIND_VAR, 0, 0), 1, 0, S_INT,
					INFO(17 /* DECL_TAG */, 0, 0), 2, (__u32)-1) },
	/* [2] TYPE_TAG "x" -> [1]; [3] PTR -> [2] */
	{ BBPF_FEAT_BTF_TYPE_TAG,
	  WORDS(T_INT, S_X, INFO(18 /* TYPE_TAG */, 0, 0), 1, 0, INFO(BTF_KIND_PTR, 0, 0), 2) },
	/* [1] ENUM64 "int", 8 bytes, one value x = 1 (lo32, hi32) */
	{ BBPF_FEAT_BTF_ENUM64, WORDS(S_INT, INFO(19 /* ENUM64 */, 1, 0), 8, S_X, 1, 0) },
};

static int load_blob(const struct btf_probe *p)
{
	struct {
		struct btf_header hdr;
		__u32 body[16 + 6];
	} blob;
	__u32 type_len = p->type_words * 4;
	int fd;

	memset(&blob, 0, sizeof(blob));
	blob.hdr.magic = BTF_MAGIC;
	blob.hdr.version = BTF_VERSION;
	blob.hdr.hdr_len = sizeof(blob.hdr);
	blob.hdr.type_len = type_len;
	blob.hdr.str_off = type_len;
	blob.hdr.str_len = sizeof(STRS);
	memcpy(blob.body, p->types, type_len);
	memcpy((char *)blob.body + type_len, STRS, sizeof(STRS));
	fd = bbpf_sys_btf_load(&blob, sizeof(blob.hdr) + type_len + sizeof(STRS), NULL);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int bbpf__probe_btf_kind(enum bbpf_feature feat)
{
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		if (probes[i].feat != feat)
			continue;
		err = load_blob(&probes[i]);
		if (err == -EINVAL || err == -E2BIG)
			return 0;
		return err ?: 1;
	}
	return -EINVAL;
}
