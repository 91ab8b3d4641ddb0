// SPDX-License-Identifier: BSD-2-Clause
/*
 * Text to values for obj_opts.c (pure): a variable's value written as its
 * BTF type reads it, and the CLI forms
 *
 *   --set VAR=VALUE                 "answer=7", "name=eth0", "mode=MODE_FAST"
 *   --map NAME.max_entries=N        "events.max_entries=4096"
 *   --map NAME.value_size=N         ".data.custom" style names: the field is
 *                                   after the last '.' before '='
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include "internal/log.h"
#include "obj/internal.h"

static int encode_int(const char *name, const char *value, bool sgn, uint32_t size, void *dst)
{
	bool neg = false;
	uint64_t v;
	int err = bbpf__num_parse(value, strlen(value), &v, &neg);

	if (err) {
		pr_warn("variable '%s': '%s' is not %s\n", name, value,
			err == -E2BIG ? "a 64-bit number" : "a number");
		return err;
	}
	if (!bbpf__num_fits(v, neg, size, sgn)) {
		pr_warn("variable '%s': %s is out of range of a %s %u-byte integer\n", name, value,
			sgn ? "signed" : "unsigned", size);
		return -E2BIG;
	}
	memcpy(dst, &v, size); /* little-endian hosts: the low bytes; see below */
	if (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
		memcpy(dst, (char *)&v + 8 - size, size);
	return 0;
}

static int encode_bool(const char *name, const char *value, void *dst)
{
	static const char *const yes[] = { "true", "y", "1" }, *const no[] = { "false", "n", "0" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!strcmp(value, yes[i]) || !strcmp(value, no[i])) {
			*(uint8_t *)dst = !strcmp(value, yes[i]);
			return 0;
		}
	}
	pr_warn("variable '%s': '%s' is not a bool (true/false, y/n, 1/0)\n", name, value);
	return -EINVAL;
}

static int encode_enum(const struct bbpf_btf *btf, uint32_t id, const char *name, const char *value,
		       uint32_t size, void *dst)
{
	const struct btf_type *t = bbpf_btf_type_by_id(btf, id);
	bool sgn = bbpf_btf_kflag(t);
	int64_t v;
	char num[24];

	if (bbpf_btf_find_enum_value(btf, id, value, &v) < 0) {
		if (bbpf__num_parse(value, strlen(value), &(uint64_t){ 0 }, &(bool){ 0 })) {
			pr_warn("variable '%s': no enumerator '%s' in enum %s\n", name, value,
				bbpf_btf_name(btf, id));
			return -EINVAL;
		}
		return encode_int(name, value, sgn, size, dst);
	}
	snprintf(num, sizeof(num), sgn ? "%lld" : "%llu", (long long)v);
	return encode_int(name, num, sgn, size, dst);
}

static int encode_chars(const char *name, const char *value, uint32_t size, void *dst)
{
	size_t len = strlen(value);

	if (len >= size) {
		pr_warn("variable '%s': \"%s\" needs %zu bytes with its NUL, the array has %u\n",
			name, value, len + 1, size);
		return -E2BIG;
	}
	memset(dst, 0, size);
	memcpy(dst, value, len);
	return 0;
}

static bool is_char_array(const struct bbpf_btf *btf, const struct btf_type *t)
{
	int elem = bbpf_btf_is_array(t) ? bbpf_btf_resolve(btf, bbpf_btf_array(t)->type) : -1;
	const struct btf_type *e = elem > 0 ? bbpf_btf_type_by_id(btf, elem) : NULL;

	return e && bbpf_btf_is_int(e) && e->size == 1;
}

int bbpf__var_encode(const struct bbpf_btf *btf, uint32_t type_id, const char *name,
		     const char *value, void *dst, uint32_t size)
{
	int id = bbpf_btf_resolve(btf, type_id);
	const struct btf_type *t = id > 0 ? bbpf_btf_type_by_id(btf, id) : NULL;

	if (!t || bbpf_btf_size(btf, id) != (int)size) {
		pr_warn("variable '%s': its BTF type does not match its %u bytes\n", name, size);
		return -EINVAL;
	}
	if (bbpf_btf_is_int(t) && (bbpf_btf_int_encoding(t) & BTF_INT_BOOL))
		return encode_bool(name, value, dst);
	if (bbpf_btf_is_int(t) && size <= 8)
		return encode_int(name, value, bbpf_btf_int_encoding(t) & BTF_INT_SIGNED, size,
				  dst);
	if (bbpf_btf_is_any_enum(t) && size <= 8)
		return encode_enum(btf, id, name, value, size, dst);
	if (is_char_array(btf, t))
		return encode_chars(name, value, size, dst);
	pr_warn("variable '%s': a %s cannot be set from text (integers, bool, enums and char arrays can)\n",
		name, bbpf_btf_kind_str(bbpf_btf_kind(t)));
	return -EOPNOTSUPP;
}

/* ------------------------------------------------------------------ */
/* CLI forms                                                           */
/* ------------------------------------------------------------------ */

static int copy_name(const char *arg, size_t len, char *name, size_t name_sz)
{
	if (len >= name_sz) {
		pr_warn("'%s': the name is longer than %zu characters\n", arg, name_sz - 1);
		return -E2BIG;
	}
	memcpy(name, arg, len);
	name[len] = '\0';
	return 0;
}

int bbpf_opt_parse_set(const char *arg, char *name, size_t name_sz, const char **value)
{
	const char *eq = strchr(arg, '=');
	int err;

	if (!eq || eq == arg) {
		pr_warn("'%s': expected VAR=VALUE\n", arg);
		return -EINVAL;
	}
	err = copy_name(arg, eq - arg, name, name_sz);
	if (!err)
		*value = eq + 1;
	return err;
}

int bbpf_opt_parse_map(const char *arg, char *name, size_t name_sz, enum bbpf_map_field *field,
		       uint32_t *value)
{
	const char *eq = strchr(arg, '='), *dot = NULL, *p;
	enum bbpf_map_field f;
	bool neg = false;
	uint64_t v;
	int err;

	for (p = arg; eq && p < eq; p++)
		dot = *p == '.' ? p : dot;
	if (!eq || !dot || dot == arg) {
		pr_warn("'%s': expected NAME.max_entries=N or NAME.value_size=N\n", arg);
		return -EINVAL;
	}
	if (eq - dot - 1 == 11 && !strncmp(dot + 1, "max_entries", 11))
		f = BBPF_MAP_FIELD_MAX_ENTRIES;
	else if (eq - dot - 1 == 10 && !strncmp(dot + 1, "value_size", 10))
		f = BBPF_MAP_FIELD_VALUE_SIZE;
	else {
		pr_warn("'%s': the field is max_entries or value_size\n", arg);
		return -EINVAL;
	}
	err = bbpf__num_parse(eq + 1, strlen(eq + 1), &v, &neg);
	if (err || !bbpf__num_fits(v, neg, 4, false)) {
		pr_warn("'%s': '%s' is not a 32-bit unsigned number\n", arg, eq + 1);
		return err ?: -E2BIG;
	}
	err = copy_name(arg, dot - arg, name, name_sz);
	if (err)
		return err;
	*field = f;
	*value = v;
	return 0;
}

int bbpf_obj_apply_set(struct bbpf_obj *obj, const char *arg)
{
	char name[256];
	const char *value;
	int err = bbpf_opt_parse_set(arg, name, sizeof(name), &value);

	return err ?: bbpf_obj_set_var_str(obj, name, value);
}

int bbpf_obj_apply_map(struct bbpf_obj *obj, const char *arg)
{
	enum bbpf_map_field field;
	char name[256];
	uint32_t value;
	int idx, err = bbpf_opt_parse_map(arg, name, sizeof(name), &field, &value);

	if (err)
		return err;
	idx = bbpf_obj_find_map(obj, name);
	if (idx < 0) {
		pr_warn("%s: no map '%s'\n", obj->name, name);
		return idx;
	}
	if (obj->load) {
		pr_warn("map '%s': cannot change after load\n", name);
		return -EBUSY;
	}
	if (field == BBPF_MAP_FIELD_MAX_ENTRIES)
		return bbpf_map_set_max_entries(&obj->maps[idx], value);
	return bbpf_map_set_value_size(&obj->maps[idx], value);
}
