// SPDX-License-Identifier: BSD-2-Clause
/*
 * gen_helper_defs: writes include/bpf/bpf_helper_defs.h from a UAPI <linux/bpf.h>.
 *
 * The header gives two things: the helper list with ids (the FUNC_MAPPER macro)
 * and, in the big doc comment, one C prototype per helper:
 *
 *	#define ___BPF_FUNC_MAPPER(FN, ctx...)	\	(6.2+: ids are explicit)
 *		FN(unspec, 0, ##ctx)		\
 *		FN(map_lookup_elem, 1, ##ctx)	\
 *	#define __BPF_FUNC_MAPPER(FN)		\	(older: the id is the position)
 *		FN(unspec),			\
 *
 *	 * void *bpf_map_lookup_elem(struct bpf_map *map, const void *key)
 *	 * 	Description
 *
 * Each helper becomes a constant function pointer whose value is its id, which
 * clang turns into "call <id>". Prototypes use the kernel's internal types;
 * they are rewritten to what a BPF program sees (u32 -> __u32, struct sk_buff
 * -> struct __sk_buff, a map -> void *). Helpers newer than the header, and
 * prototypes newer kernels changed, come from extra_helpers[] below. The
 * output depends on the input bytes only.
 *
 * Usage: gen_helper_defs [UAPI_BPF_H]   (default /usr/include/linux/bpf.h)
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HELPERS 1024
#define MAX_STRUCTS 256
#define MAX_PROTO   512

struct helper {
	char name[64]; /* without the bpf_ prefix */
	unsigned int id;
	char proto[MAX_PROTO]; /* as documented, kernel types */
	int docs;	       /* times documented: > 1 means the ctx type varies */
};

struct gen {
	struct helper helpers[MAX_HELPERS];
	int nr_helpers;
	char *structs[MAX_STRUCTS]; /* forward declarations needed by the output */
	int nr_structs;
	int nr_extra;
};

/*
 * UAPI facts newer than older system headers (Debian 12 ships 6.1's): helpers
 * added later (ids from enum bpf_func_id of the running kernels), and
 * prototypes that later kernels relaxed (a u64 key, const dynptrs), so that
 * programs written against newer headers compile. An entry wins over the
 * header; a helper the header lacks is added.
 */
static const struct {
	const char *name;
	unsigned int id;
	const char *proto;
} extra_helpers[] = {
	{ "redirect_map", 51, "long bpf_redirect_map(struct bpf_map *map, u64 key, u64 flags)" },
	{ "dynptr_read", 201,
	  "long bpf_dynptr_read(void *dst, u32 len, const struct bpf_dynptr *src, u32 offset, u64 flags)" },
	{ "dynptr_write", 202,
	  "long bpf_dynptr_write(const struct bpf_dynptr *dst, u32 offset, void *src, u32 len, u64 flags)" },
	{ "dynptr_data", 203,
	  "void *bpf_dynptr_data(const struct bpf_dynptr *ptr, u32 offset, u32 len)" },
	{ "cgrp_storage_get", 210,
	  "void *bpf_cgrp_storage_get(struct bpf_map *map, struct cgroup *cgroup, void *value, u64 flags)" },
	{ "cgrp_storage_delete", 211,
	  "long bpf_cgrp_storage_delete(struct bpf_map *map, struct cgroup *cgroup)" },
};

/* Kernel-internal type -> the type a BPF program is given. */
static const struct {
	const char *from, *to;
} type_map[] = {
	{ "u8", "__u8" },
	{ "u16", "__u16" },
	{ "u32", "__u32" },
	{ "u64", "__u64" },
	{ "s8", "__s8" },
	{ "s16", "__s16" },
	{ "s32", "__s32" },
	{ "s64", "__s64" },
	{ "size_t", "unsigned long" },
	/* maps are passed as &map_var, whose type is an anonymous struct */
	{ "struct bpf_map", "void" },
	/* program contexts: the in-kernel struct is never visible to BPF C */
	{ "struct sk_buff", "struct __sk_buff" },
	{ "struct xdp_buff", "struct xdp_md" },
	{ "struct sk_msg_buff", "struct sk_msg_md" },
};

static void die(const char *what, int err)
{
	fprintf(stderr, "gen_helper_defs: %s: %s\n", what, strerror(err));
	exit(1);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t len = 0, cap = 1 << 16, n;
	char *buf = malloc(cap);

	if (!f || !buf)
		die(path, errno);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap && !(buf = realloc(buf, cap *= 2)))
			die("realloc", ENOMEM);
	}
	if (ferror(f))
		die(path, EIO);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static size_t ident_len(const char *s)
{
	size_t n = 0;

	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n;
}

static struct helper *find_helper(struct gen *g, const char *name)
{
	for (int i = 0; i < g->nr_helpers; i++)
		if (!strcmp(g->helpers[i].name, name))
			return &g->helpers[i];
	return NULL;
}

static struct helper *add_helper(struct gen *g, const char *name, size_t len, unsigned int id)
{
	struct helper *h;

	if (g->nr_helpers == MAX_HELPERS || len >= sizeof(h->name))
		die("helper list", E2BIG);
	h = &g->helpers[g->nr_helpers++];
	memcpy(h->name, name, len);
	h->name[len] = '\0';
	h->id = id;
	return h;
}

/* End of the macro whose #define starts at @p: the first line without a '\'. */
static const char *macro_end(const char *p)
{
	const char *nl;

	while ((nl = strchr(p, '\n')) && nl > p && nl[-1] == '\\')
		p = nl + 1;
	return nl ? nl : p + strlen(p);
}

/* Collects the "FN(name)" or "FN(name, id, ...)" entries of the mapper macro. */
static void parse_mapper(struct gen *g, const char *hdr)
{
	const char *p = strstr(hdr, "#define ___BPF_FUNC_MAPPER(");
	const char *end;
	unsigned int pos = 0;

	if (!p)
		p = strstr(hdr, "#define __BPF_FUNC_MAPPER(");
	if (!p)
		die("no __BPF_FUNC_MAPPER in header", ENOENT);
	end = macro_end(p);
	p = strchr(p, '\n');
	while ((p = strstr(p, "FN(")) && p < end) {
		const char *name = p + 3;
		size_t len = ident_len(name);
		unsigned int id = pos++;

		if (name[len] == ',')
			id = (unsigned int)strtoul(name + len + 1, NULL, 0);
		if (len != 6 || strncmp(name, "unspec", 6))
			add_helper(g, name, len, id);
		p = name + len;
	}
	if (!g->nr_helpers)
		die("empty __BPF_FUNC_MAPPER", ENOENT);
}

/* " * long bpf_x(...)" followed by " * <ws>Description": returns the prototype. */
static bool proto_line(const char *line, const char *next, char *out, size_t size)
{
	const char *nl = strchr(line, '\n');
	size_t len;

	if (strncmp(line, " * ", 3) || isspace((unsigned char)line[3]) || !nl)
		return false;
	next += strspn(next, " *\t");
	if (strncmp(next, "Description", 11))
		return false;
	line += 3;
	len = (size_t)(nl - line);
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	if (len >= size)
		die("prototype too long", E2BIG);
	memcpy(out, line, len);
	out[len] = '\0';
	return true;
}

/* The helper name of a prototype: the identifier before the first '('. */
static bool proto_name(const char *proto, char *name, size_t size)
{
	const char *paren = strchr(proto, '('), *start = paren;

	if (!paren)
		return false;
	while (start > proto && (isalnum((unsigned char)start[-1]) || start[-1] == '_'))
		start--;
	if (strncmp(start, "bpf_", 4) || (size_t)(paren - start - 4) >= size)
		return false;
	memcpy(name, start + 4, paren - start - 4);
	name[paren - start - 4] = '\0';
	return true;
}

static void parse_docs(struct gen *g, const char *hdr)
{
	const char *p = strstr(hdr, "Start of BPF helper function descriptions:");
	const char *end = p ? strstr(p, "*/") : NULL;
	char proto[MAX_PROTO], name[64];

	if (!p || !end)
		die("no helper descriptions in header", ENOENT);
	for (; p && p < end; p = strchr(p, '\n')) {
		const char *next;
		struct helper *h;

		p += *p == '\n';
		next = strchr(p, '\n');
		if (!next || !proto_line(p, next + 1, proto, sizeof(proto)) ||
		    !proto_name(proto, name, sizeof(name)))
			continue;
		h = find_helper(g, name);
		if (!h)
			continue; /* documented but not in the mapper: skip */
		if (!h->docs++)
			strcpy(h->proto, proto);
	}
}

static void add_extras(struct gen *g)
{
	for (size_t i = 0; i < sizeof(extra_helpers) / sizeof(extra_helpers[0]); i++) {
		const char *name = extra_helpers[i].name;
		struct helper *h = find_helper(g, name);

		if (h && h->id != extra_helpers[i].id)
			die(name, EINVAL); /* the table disagrees with the header */
		for (int j = 0; !h && j < g->nr_helpers; j++)
			if (g->helpers[j].id == extra_helpers[i].id)
				die(name, EEXIST); /* same id, other name: table is wrong */
		if (!h)
			h = add_helper(g, name, strlen(name), extra_helpers[i].id);
		if (!strcmp(h->proto, extra_helpers[i].proto))
			continue;
		snprintf(h->proto, sizeof(h->proto), "%s", extra_helpers[i].proto);
		h->docs = 1;
		g->nr_extra++;
	}
}

static void note_struct(struct gen *g, const char *name, size_t len)
{
	for (int i = 0; i < g->nr_structs; i++)
		if (strlen(g->structs[i]) == len && !strncmp(g->structs[i], name, len))
			return;
	if (g->nr_structs == MAX_STRUCTS || !(g->structs[g->nr_structs] = strndup(name, len)))
		die("struct list", ENOMEM);
	g->nr_structs++;
}

/*
 * Copies @in to @out with type_map[] applied to whole words ("struct x" counts
 * as one word) and notes every struct left, for the forward declarations.
 */
static void rewrite_types(struct gen *g, const char *in, char *out, size_t size)
{
	size_t o = 0;

	while (*in && o + 64 < size) {
		size_t len = ident_len(in), skip = len;
		const char *repl = NULL;

		if (!len) {
			out[o++] = *in++;
			continue;
		}
		if (len == 6 && !strncmp(in, "struct", 6) && in[6] == ' ')
			skip = 7 + ident_len(in + 7);
		for (size_t i = 0; i < sizeof(type_map) / sizeof(type_map[0]) && !repl; i++)
			if (strlen(type_map[i].from) == skip &&
			    !strncmp(in, type_map[i].from, skip))
				repl = type_map[i].to;
		if (!repl && skip > len)
			note_struct(g, in + 7, skip - 7);
		if (repl && !strncmp(repl, "struct ", 7))
			note_struct(g, repl + 7, strlen(repl) - 7);
		o += (size_t)snprintf(out + o, size - o, "%.*s", (int)(repl ? strlen(repl) : skip),
				      repl ? repl : in);
		in += skip;
	}
	out[o] = '\0';
}

/* Split "ret name(args)" at the helper name; args loses its outer parens. */
static void split_proto(const struct helper *h, char *ret, char *args, size_t size)
{
	char needle[80];
	const char *name, *open, *close;

	snprintf(needle, sizeof(needle), "bpf_%s(", h->name);
	name = strstr(h->proto, needle);
	open = name ? name + strlen(needle) - 1 : NULL;
	close = strrchr(h->proto, ')');
	if (!name || !close || close < open || (size_t)(name - h->proto) >= size)
		die(h->proto, EINVAL);
	snprintf(ret, size, "%.*s", (int)(name - h->proto), h->proto);
	snprintf(args, size, "%.*s", (int)(close - open - 1), open + 1);
	/* documented once per context type: the program passes its own ctx */
	if (h->docs > 1) {
		char *comma = strchr(args, ',');
		size_t rest = comma ? strlen(comma) : 0;

		if (9 + rest >= size)
			die(h->proto, E2BIG);
		memmove(args + 9, comma ? comma : "", rest + 1);
		memcpy(args, "void *ctx", 9);
	}
}

static void emit_helper(struct gen *g, const struct helper *h, char *line, size_t size)
{
	char ret[MAX_PROTO], args[MAX_PROTO], tret[MAX_PROTO], targs[MAX_PROTO];
	size_t rl;

	split_proto(h, ret, args, sizeof(ret));
	rewrite_types(g, ret, tret, sizeof(tret));
	rewrite_types(g, args, targs, sizeof(targs));
	/* "void *" stays glued to the name: "void *(* const bpf_x)" */
	rl = strlen(tret);
	while (rl && tret[rl - 1] == ' ')
		tret[--rl] = '\0';
	snprintf(line, size, "static %s%s(* const bpf_%s)(%s) = (void *)%u;", tret,
		 rl && tret[rl - 1] == '*' ? "" : " ", h->name, targs, h->id);
}

static int cmp_helper(const void *a, const void *b)
{
	const struct helper *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void emit(struct gen *g, const char *src)
{
	static char lines[MAX_HELPERS][2 * MAX_PROTO];

	qsort(g->helpers, g->nr_helpers, sizeof(g->helpers[0]), cmp_helper);
	for (int i = 0; i < g->nr_helpers; i++) {
		/* listed but not documented: it needs an extra_helpers[] entry */
		if (!g->helpers[i].docs)
			die(g->helpers[i].name, ENOENT);
		emit_helper(g, &g->helpers[i], lines[i], sizeof(lines[i]));
	}
	qsort(g->structs, g->nr_structs, sizeof(g->structs[0]), cmp_str);

	printf("/* SPDX-License-Identifier: (BSD-2-Clause OR GPL-2.0-only) */\n"
	       "/*\n * BPF helper declarations: generated by tools/gen_helper_defs.c from\n"
	       " * %s (%d helpers, %d prototypes from the tool's own table).\n"
	       " * Do not edit. Each helper is a constant pointer holding its id; a call\n"
	       " * through it compiles to \"call <id>\". Include <bpf/bpf_helpers.h>.\n */\n"
	       "#ifndef BBPF_BPF_HELPER_DEFS_H\n#define BBPF_BPF_HELPER_DEFS_H\n\n",
	       src, g->nr_helpers, g->nr_extra);
	for (int i = 0; i < g->nr_structs; i++)
		printf("struct %s;\n", g->structs[i]);
	putchar('\n');
	for (int i = 0; i < g->nr_helpers; i++)
		printf("%s\n", lines[i]);
	printf("\n#endif /* BBPF_BPF_HELPER_DEFS_H */\n");
}

int main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : "/usr/include/linux/bpf.h";
	static struct gen g;
	char *hdr;

	if (argc > 2) {
		fprintf(stderr, "usage: gen_helper_defs [UAPI_BPF_H] > bpf_helper_defs.h\n");
		return 2;
	}
	hdr = slurp(src);
	parse_mapper(&g, hdr);
	parse_docs(&g, hdr);
	add_extras(&g);
	emit(&g, src);
	free(hdr);
	for (int i = 0; i < g.nr_structs; i++)
		free(g.structs[i]);
	if (fflush(stdout) || ferror(stdout))
		die("stdout", EIO);
	return 0;
}
