// SPDX-License-Identifier: BSD-2-Clause
/*
 * libFuzzer entry point for the CO-RE engine: (object BTF + relocation
 * records + code) x target BTF. Input layout, all little endian:
 *
 *	u32 local_len, u32 targ_len, local BTF, target BTF,
 *	u8 insn_cnt, insn_cnt x 8 bytes of code,
 *	then 16-byte records {insn_off, type_id, access_str_off, kind}
 *
 * Every record goes through candidates, bbpf_core_calc() and, when the
 * offset lands in the code, bbpf_core_patch(); relocations pointing outside
 * the code, access strings past their type and absurd ids must give errors,
 * never a crash, hang or out-of-bounds access. Built by `make fuzz-core`.
 */
#include <stdlib.h>
#include <string.h>

#include <barebpf/btf.h>
#include <barebpf/core.h>

#define MAX_RELOS 64

struct input {
	const uint8_t *p;
	size_t left;
};

static const uint8_t *take(struct input *in, size_t n)
{
	const uint8_t *p = in->p;

	if (in->left < n)
		return NULL;
	in->p += n;
	in->left -= n;
	return p;
}

static uint32_t take_u32(struct input *in)
{
	const uint8_t *p = take(in, 4);
	uint32_t v = 0;

	if (p)
		memcpy(&v, p, 4);
	return v;
}

static void run_relos(struct input *in, struct bbpf_btf *local, struct bbpf_btf *targ,
		      struct bpf_insn *insns, size_t cnt)
{
	const struct bbpf_btf *t[1] = { targ };
	struct bbpf_core_targets tg = { t, NULL, 1 };
	struct bbpf_core_cache *cache;
	struct bbpf_core_cands *cands;
	struct bbpf_btf_core_relo r;
	struct bbpf_core_res res;
	const uint8_t *p;
	char buf[256];
	size_t at;
	int i;

	if (bbpf_core_cache_new(local, &tg, &cache))
		return;
	for (i = 0; i < MAX_RELOS && (p = take(in, sizeof(r))); i++) {
		memcpy(&r, p, sizeof(r));
		bbpf_core_spec_str(local, &r, buf, sizeof(buf));
		cands = NULL;
		if (r.kind != BPF_CORE_TYPE_ID_LOCAL &&
		    bbpf_core_cands_find(cache, r.type_id, &cands))
			continue;
		if (bbpf_core_calc(local, &r, cands, NULL, &res))
			continue;
		at = r.insn_off / sizeof(struct bpf_insn);
		if (r.insn_off % sizeof(struct bpf_insn) == 0 && at < cnt)
			bbpf_core_patch(&insns[at], cnt - at, &res, "fuzz", at);
	}
	bbpf_core_cache_free(cache);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t sz)
{
	struct input in = { data, sz };
	uint32_t llen = take_u32(&in), tlen = take_u32(&in);
	struct bbpf_btf *local = NULL, *targ = NULL;
	const uint8_t *lb = take(&in, llen), *tb = take(&in, tlen), *code;
	struct bpf_insn insns[256];
	size_t cnt;

	if (!lb || !tb || !take(&in, 1))
		return 0;
	cnt = in.p[-1];
	code = take(&in, cnt * sizeof(struct bpf_insn));
	if (!code)
		return 0;
	memcpy(insns, code, cnt * sizeof(struct bpf_insn));
	bbpf_set_print(NULL);
	if (!bbpf_btf_parse(lb, llen, NULL, &local) && !bbpf_btf_parse(tb, tlen, NULL, &targ))
		run_relos(&in, local, targ, insns, cnt);
	bbpf_btf_free(targ);
	bbpf_btf_free(local);
	return 0;
}
