// SPDX-License-Identifier: BSD-2-Clause
/*
 * The host side of extern resolution: read the kernel config and kallsyms
 * into memory so that the resolver (externs.c) only ever sees text. File
 * I/O through stdio, gzip through zlib's inflater (internal/gunzip.h); no
 * bpf() or other syscall wrapper.
 *
 *   kernel config   /proc/config.gz (CONFIG_IKCONFIG_PROC), else /boot/config-$(uname -r)
 *                   (either may be gzip'ed or plain)
 *   kallsyms        /proc/kallsyms (size unknown in advance: read to EOF)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "internal/gunzip.h"
#include "internal/log.h"
#include "internal/mem.h"
#include "obj/internal.h"
#include "load/externs.h"
#include "kernel/internal.h"

#define READ_CHUNK 65536
/* A kernel config inflates to a few hundred KB; more is not a config. */
#define CONFIG_MAX (64u << 20)

/* The config at @path as text: read whole, inflated when it is gzip'ed. */
static int read_config(const char *path, char **text, size_t *sz)
{
	uint8_t *raw;
	size_t raw_sz;
	int err = bbpf__read_text(path, text, sz);

	if (err || !bbpf__is_gzip((const uint8_t *)*text, *sz))
		return err;
	err = bbpf__gunzip((const uint8_t *)*text, *sz, CONFIG_MAX, path, &raw, &raw_sz);
	free(*text);
	if (err)
		return err;
	*text = (char *)raw;
	*sz = raw_sz;
	return 0;
}

int bbpf__kconfig_read(char **text, size_t *sz)
{
	char path[128];
	struct utsname u;
	int err;

	err = read_config("/proc/config.gz", text, sz);
	if (!err) {
		pr_debug("kernel config: /proc/config.gz\n");
		return 0;
	}
	if (uname(&u))
		return -errno;
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	err = read_config(path, text, sz);
	if (err)
		pr_debug("kernel config: neither /proc/config.gz nor %s: %s\n", path,
			 strerror(-err));
	else
		pr_debug("kernel config: %s\n", path);
	return err;
}

int bbpf__kallsyms_read(char **text, size_t *sz)
{
	return bbpf__read_text("/proc/kallsyms", text, sz);
}

int bbpf__read_text(const char *path, char **text, size_t *sz)
{
	size_t len = 0, cap = 0, n;
	char *buf = NULL;
	FILE *f = fopen(path, "re");
	int err = 0;

	if (!f)
		return -errno;
	for (;;) {
		err = bbpf__grow((void **)&buf, &cap, 1, len + READ_CHUNK + 1);
		if (err)
			break;
		n = fread(buf + len, 1, READ_CHUNK, f);
		len += n;
		if (n < READ_CHUNK) {
			err = ferror(f) ? -EIO : 0;
			break;
		}
	}
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*text = buf;
	*sz = len;
	return 0;
}

/* Which host facts @obj's externs need. */
static void needs(const struct bbpf_obj *obj, bool *config, bool *syms, bool *release)
{
	const struct bbpf_extern *x;
	size_t i;

	*config = *syms = *release = false;
	for (i = 0; i < obj->ext_cnt; i++) {
		x = &obj->exts[i].desc;
		if (x->kind == BBPF_EXTERN_KCONFIG) {
			*config |= !strncmp(x->name, "CONFIG_", 7);
			*release |= !strcmp(x->name, "LINUX_KERNEL_VERSION");
			*syms |= !strcmp(x->name, "LINUX_HAS_SYSCALL_WRAPPER");
		} else {
			*syms |= !x->is_func && !x->type_id;
		}
	}
}

int bbpf__extern_env_host(const struct bbpf_obj *obj, struct bbpf__extern_env *env)
{
	bool config, syms, release;
	struct utsname u;
	int err;

	needs(obj, &config, &syms, &release);
	if (config && !env->kconfig) {
		err = bbpf__kconfig_read(&env->own_kconfig, &env->kconfig_sz);
		if (err == -ENOMEM)
			return err;
		env->kconfig = env->own_kconfig;
	}
	if (syms && !env->kallsyms) {
		err = bbpf__kallsyms_read(&env->own_kallsyms, &env->kallsyms_sz);
		if (err == -ENOMEM)
			return err;
		env->kallsyms = env->own_kallsyms;
	}
	if (release && !env->release && !env->version_code && !uname(&u)) {
		snprintf(env->own_release, sizeof(env->own_release), "%s", u.release);
		env->release = env->own_release;
	}
	return 0;
}

void bbpf__extern_env_release(struct bbpf__extern_env *env)
{
	free(env->own_kconfig);
	free(env->own_kallsyms);
	env->own_kconfig = env->own_kallsyms = NULL;
}
