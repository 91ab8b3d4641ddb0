// SPDX-License-Identifier: BSD-2-Clause
/*
 * The test init of the matrix's `barebpf init` boots (tests/matrix/initboot.sh):
 * what barebpf hands PID 1 over to, at /newroot/sbin/init of the initramfs
 * (/sbin/init once barebpf has switched root to /newroot). Static, alone.
 *
 * BOOTINIT_MODE (from the kernel command line, through barebpf's exec):
 *   trace     checks the root was switched, runs the markers
 *             /sbin/bbpf-marker-a and -b (links to this binary: named so, it
 *             exits 7), waits until /run/barebpf.log shows each marker's exec
 *             and its exit with code 7, then stops every other process with
 *             SIGTERM as a shutdown does and times how long the collector
 *             takes to go (it must not hold the shutdown up)
 *   fail      checks its arguments are the kernel's one word "splash" (passed
 *             on by barebpf); the host reads barebpf's reason on the console
 *   baseline  the same, when the kernel starts it directly (rdinit=)
 * Prints, each alone on a line:
 *   matrix-initboot: reached mode=M pid=N boottime=S   (seconds since the kernel started)
 *   matrix-initboot-log: LINE                         (the log's marker lines)
 *   matrix-initboot: PASS M | FAIL M: why
 * and powers off.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOG "/run/barebpf.log"

static double boottime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void power_off(void)
{
	fflush(NULL);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static int run_marker(const char *path)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execl(path, strrchr(path, '/') + 1, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The log's lines about @name, echoed; true when both its exec and its exit with code 7 are there. */
static int log_has(const char *name, int echo)
{
	char line[1024];
	int exec = 0, exit7 = 0;
	FILE *f = fopen(LOG, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, name))
			continue;
		if (echo)
			printf("matrix-initboot-log: %s", line);
		exec |= strstr(line, " exec ") != NULL;
		exit7 |= strstr(line, " exit ") && strstr(line, "code 7");
	}
	fclose(f);
	return exec && exit7;
}

/* SIGTERM to every other process, as a shutdown does; seconds until none is left, or -1. */
static double stop_others(void)
{
	double t0 = boottime();

	kill(-1, SIGTERM);
	while (boottime() - t0 < 15) {
		if (waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)
			return boottime() - t0;
		usleep(20000);
	}
	return -1;
}

static const char *trace_mode(void)
{
	static const char *const markers[] = { "/sbin/bbpf-marker-a", "/sbin/bbpf-marker-b" };
	struct stat st;
	double t0, gone;
	int i, rc;

	if (!stat("/newroot", &st) || stat("/sbin/bbpf-marker-a", &st))
		return "the root was not switched to /newroot";
	if (stat(LOG, &st))
		return "no " LOG " (was /run moved into the new root?)";
	for (i = 0; i < 2; i++) {
		rc = run_marker(markers[i]);
		if (rc != 7) {
			printf("matrix-initboot: %s exited %d\n", markers[i], rc);
			return "a marker did not run";
		}
	}
	for (t0 = boottime(); boottime() - t0 < 10; usleep(100000))
		if (log_has("bbpf-marker-a", 0) && log_has("bbpf-marker-b", 0))
			break;
	rc = log_has("bbpf-marker-a", 1) & log_has("bbpf-marker-b", 1);
	gone = stop_others();
	printf("matrix-initboot: the collector stopped %.2f s after SIGTERM\n", gone);
	if (!rc)
		return "the log lacks a marker's exec or its exit with code 7";
	return gone < 0 ? "a process (the collector?) still runs 15 s after SIGTERM" : NULL;
}

int main(int argc, char **argv)
{
	const char *mode = getenv("BOOTINIT_MODE"), *why = NULL;
	double t = boottime();

	if (strstr(argv[0], "bbpf-marker"))
		return 7;
	mode = mode ? mode : "none";
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("matrix-initboot: reached mode=%s pid=%d boottime=%.3f\n", mode, (int)getpid(), t);
	if (getpid() != 1)
		why = "not PID 1";
	else if (!strcmp(mode, "trace"))
		why = trace_mode();
	else if (!strcmp(mode, "fail") && (argc != 2 || strcmp(argv[1], "splash")))
		why = "the kernel's argument 'splash' did not come through";
	else if (strcmp(mode, "fail") && strcmp(mode, "baseline"))
		why = "unknown BOOTINIT_MODE";
	if (why)
		printf("matrix-initboot: FAIL %s: %s\n", mode, why);
	else
		printf("matrix-initboot: PASS %s\n", mode);
	power_off();
	return 0;
}
