// SPDX-License-Identifier: BSD-2-Clause
/*
 * bpf/examples/opensnoop's main.c, compiled in as it is (its main renamed),
 * run in a child on the real kernel here and in every matrix guest: it
 * prints its header once attached, then the openat() of a path made up
 * here; its closing line counts what the program saw in .bss; it exits 0
 * and leaves the kernel as before. (tests/examples/opensnoop.sh runs the
 * static binary itself on this host.)
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "../helpers/kstate.h"

#define main opensnoop_main
#include "../../bpf/examples/opensnoop/main.c"
#undef main

/* The whole of file @path (at most @sz - 1 bytes) into @buf. */
static void slurp(const char *path, char *buf, size_t sz)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sz - 1, f) : 0;

	buf[n] = 0;
	if (f)
		fclose(f);
}

static void test_opensnoop(void **state)
{
	char out[] = "/tmp/bbpf_opensnoop_out_XXXXXX", err[] = "/tmp/bbpf_opensnoop_err_XXXXXX";
	char marker[64], text[1 << 16], *line;
	char *args[] = { "opensnoop", "-d", "3", NULL };
	struct kstate before;
	int fo, fe, status, i, fd;
	pid_t child;

	(void)state;
	kstate_settle_long(&before);
	fo = mkstemp(out);
	fe = mkstemp(err);
	assert_true(fo >= 0 && fe >= 0);
	child = fork();
	assert_true(child >= 0);
	if (!child) {
		dup2(fo, 1);
		dup2(fe, 2);
		_exit(opensnoop_main(3, args));
	}
	for (i = 0; i < 200; i++) { /* attached once the header is out */
		slurp(out, text, sizeof(text));
		if (!strncmp(text, "PID", 3))
			break;
		usleep(50 * 1000);
	}
	snprintf(marker, sizeof(marker), "/nonexistent/bbpf_opensnoop_%d", (int)getpid());
	fd = openat(AT_FDCWD, marker, O_RDONLY); /* musl open() is SYS_open on x86_64 */
	assert_true(fd < 0);
	assert_int_equal(waitpid(child, &status, 0), child);
	slurp(out, text, sizeof(text));
	if (!strstr(text, marker))
		print_message("stdout:\n%s\n", text);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(text, marker));
	slurp(err, text, sizeof(text)); /* library warnings may come first (no kernel BTF) */
	line = strstr(text, " opens seen, 0 dropped");
	assert_non_null(line);
	while (line > text && line[-1] != '\n')
		line--;
	assert_true(*line >= '1' && *line <= '9');
	close(fo);
	close(fe);
	unlink(out);
	unlink(err);
	assert_true(kstate_wait_same(&before));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opensnoop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
