// SPDX-License-Identifier: BSD-2-Clause
/* The CLI as a child process of a kernel test (cli_child.h). */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "cli_child.h"

const char *cli_path(void)
{
	return !access(CLI_BUILD, X_OK) ? CLI_BUILD : !access(CLI_MATRIX, X_OK) ? CLI_MATRIX : NULL;
}

pid_t cli_spawn(const char *const *args, int *out)
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	close(p[1]);
	*out = p[0];
	return pid;
}

int cli_run(const char *const *args, char *buf, size_t sz)
{
	char drop[512];
	size_t len = 0;
	int fd, st = 0;
	ssize_t n;
	pid_t pid = cli_spawn(args, &fd);

	/* Read to the end even when @buf is full: a child blocked on a full pipe never exits. */
	for (;;) {
		bool room = len < sz - 1;

		n = read(fd, room ? buf + len : drop, room ? sz - 1 - len : sizeof(drop));
		if (n <= 0)
			break;
		if (room)
			len += (size_t)n;
	}
	buf[len] = '\0';
	close(fd);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
