// SPDX-License-Identifier: BSD-2-Clause
/*
 * The object's BTF and its maps, made on a thread while the load's caller
 * opens the target BTF and applies CO-RE [sys]. Neither needs the other:
 * the maps need the object's BTF and the kernel's features (both known by
 * then), CO-RE needs the target BTF. Only .kconfig waits: its image holds
 * the externs, resolved against the target. The largest maps are the
 * slowest syscalls of a load (an 8 MiB ring buffer, a preallocated per-CPU
 * hash: milliseconds of kernel work each) and indexing the target BTF is
 * its slowest step in user space, so with a second CPU they overlap.
 *
 * With --syscalls (one listing, in order), on one CPU, or when no thread can
 * be made, bbpf__ahead_join() does the same steps itself, in the order the
 * load always had: target, CO-RE, then BTF and maps.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <barebpf/btf_write.h>
#include "internal/kfeat.h"
#include "internal/log.h"
#include "internal/step.h"
#include "load/internal.h"

#define AHEAD_STACK (128 * 1024)
#define BTF_LOG_SZ  (64 * 1024)

static void print_btf_refusal(const struct bbpf_obj *obj, const void *blob, size_t sz, int err)
{
	struct bbpf_sys_btf_load_opts o = { .sz = sizeof(o),
					    .log_size = BTF_LOG_SZ,
					    .log_level = 1 };
	char *log = calloc(1, BTF_LOG_SZ), *end;
	int fd;

	o.log_buf = log;
	fd = log ? bbpf_sys_btf_load(blob, (uint32_t)sz, &o) : -ENOMEM;
	if (fd >= 0)
		close(fd);
	end = log ? log + strnlen(log, BTF_LOG_SZ - 1) : NULL;
	while (end && end > log && end[-1] == '\n')
		*--end = '\0';
	while (end && end > log && end[-1] != '\n')
		end--;
	pr_warn("%s: the kernel refused the object's BTF (%s%s%s), continuing without it\n",
		obj->name, bbpf_strerror(err), end && *end ? ": " : "", end ? end : "");
	free(log);
}

/* The object's BTF, sanitized; a kernel refusing it is a warning, not a failure. */
static int load_btf(struct bbpf__ahead *a)
{
	struct bbpf_obj *obj = a->obj;
	void *blob = NULL;
	size_t sz = 0;
	int fd;

	if (a->btf_tried || !obj->btf || !a->kf->has[BBPF_FEAT_BTF])
		return 0;
	a->btf_tried = true;
	bbpf__sc_step(1, "load the object's BTF");
	fd = bbpf_btf_sanitize(obj->btf, a->kf, &blob, &sz);
	if (fd < 0)
		return fd;
	fd = bbpf_sys_btf_load(blob, (uint32_t)sz, NULL);
	if (fd < 0)
		print_btf_refusal(obj, blob, sz, fd);
	else
		obj->load->btf_fd = fd;
	free(blob);
	return 0;
}

static void *ahead_run(void *arg)
{
	struct bbpf__ahead *a = arg;

	a->err = load_btf(a);
	a->err = a->err ?: bbpf__load_maps(a->obj, a->pin_root, a->kf, a->want);
	return NULL;
}

/* The maps the thread makes: those of this stage (@now, NULL: all) but .kconfig. */
static bool *ahead_maps(const struct bbpf_obj *obj, const bool *now)
{
	bool *want = calloc(obj->map_cnt + 1, sizeof(bool));
	size_t i, n = 0;

	for (i = 0; want && i < obj->map_cnt; i++) {
		want[i] = (!now || now[i]) && obj->maps[i].kind != BBPF_MAP_KCONFIG;
		n += want[i];
	}
	if (want && !n) {
		free(want);
		return NULL;
	}
	return want;
}

void bbpf__ahead_start(struct bbpf__ahead *a, struct bbpf_obj *obj, const struct bbpf_kfeat *kf,
		       const char *pin_root, const bool *now)
{
	pthread_attr_t attr;

	memset(a, 0, sizeof(*a));
	a->obj = obj;
	a->kf = kf;
	a->pin_root = pin_root;
	a->now = now;
	if (bbpf__sc_on() || sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return;
	a->want = ahead_maps(obj, now);
	if (!a->want)
		return;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, AHEAD_STACK);
	a->running = !pthread_create(&a->th, &attr, ahead_run, a);
	pthread_attr_destroy(&attr);
}

int bbpf__ahead_join(struct bbpf__ahead *a, bool go_on)
{
	int err = 0;

	if (a->running) {
		pthread_join(a->th, NULL);
		a->running = false;
		err = a->err;
	}
	free(a->want);
	a->want = NULL;
	if (err || !go_on)
		return err;
	/* Everything the thread did not make (all of it, without a thread), in object order. */
	err = load_btf(a);
	return err ?: bbpf__load_maps(a->obj, a->pin_root, a->kf, a->now);
}
