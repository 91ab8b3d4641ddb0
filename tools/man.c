// SPDX-License-Identifier: BSD-2-Clause
/*
 * barebpf(8), `barebpf help --man`: the command table's summaries and usage
 * texts, the same strings `--help` prints, set in roff. Usage texts stay
 * verbatim (no-fill), so the page cannot say other than the binary.
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "man.h"

/* @s as roff text: backslashes and hyphens escaped, a leading '.' or '\'' defused. */
static void put_text(const char *s)
{
	bool line_start = true;

	for (; *s; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", stdout);
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
		line_start = *s == '\n';
	}
}

/* A block printed as is: the usage texts are laid out for a terminal already. */
static void put_verbatim(const char *s)
{
	fputs(".PP\n.nf\n", stdout);
	put_text(s);
	if (*s && s[strlen(s) - 1] != '\n')
		putchar('\n');
	fputs(".fi\n", stdout);
}

static void put_cmd(const char *parent, const struct cmd *c)
{
	const struct cmd *s;

	printf(".SS \"%s%s%s\"\n", parent ? parent : "", parent ? " " : "", c->name);
	put_text(c->help);
	fputs(".\n", stdout);
	if (c->usage)
		put_verbatim(c->usage);
	for (s = c->sub; s && s->name; s++)
		put_cmd(c->name, s);
}

static const char description[] =
	"barebpf loads compiled eBPF objects (ELF .bpf.o) into the kernel without libbpf: it\n"
	"reads their BTF, applies CO-RE relocations against the kernel's BTF (or a BTF file),\n"
	"creates maps and loads programs with raw bpf() calls, attaches them and reads their\n"
	"ring buffers and perf buffers. barebpf trace runs an embedded collector of process,\n"
	"network and memory events; barebpf init traces a machine's boot as PID 1 of an\n"
	"initramfs. Inspection commands (obj, btf, core) need no kernel.\n";

static const char environment[] =
	".TP\n.B BAREBPF_BTF\n"
	"the target BTF (a path) when no --btf is given; before /sys/kernel/btf/vmlinux.\n"
	".TP\n.B BAREBPF_SYSCALLS\n"
	"1 (or json): as --syscalls, also for programs using libbarebpf.\n"
	".TP\n.B BAREBPF_NO\n"
	"feat,...: act as if the kernel lacked these features (names as feature probe prints\n"
	"them), to exercise fallbacks.\n";

static const char btf_order[] =
	"The kernel's BTF is the first of: --btf, BAREBPF_BTF, /sys/kernel/btf/vmlinux,\n"
	"/boot/vmlinux-RELEASE, /lib/modules/RELEASE/vmlinux-RELEASE and .../build/vmlinux,\n"
	"/usr/lib/debug/boot/vmlinux-RELEASE, then a btfhub tree given with --btf-dir\n"
	"(DIR/ID/VERSION_ID/ARCH/RELEASE.btf or .btf.gz). A BTF path may be raw BTF, .btf.gz\n"
	"or an ELF file with a .BTF section.\n";

int man_print(const struct cmd *cmds, const char *synopsis, const char *options,
	      const char *version)
{
	const struct cmd *c;

	printf(".TH BAREBPF 8 \"\" \"barebpf %s\" \"System Administration\"\n", version);
	fputs(".SH NAME\nbarebpf \\- load, inspect, attach and trace eBPF programs, without libbpf\n",
	      stdout);
	fputs(".SH SYNOPSIS\n.B barebpf\n", stdout);
	put_text(synopsis);
	fputs("\n.I COMMAND\n[ARGS]\n.SH DESCRIPTION\n", stdout);
	put_text(description);
	fputs(".SH OPTIONS\nGlobal options come before the command; -j/--json and -v may also\n"
	      "follow it.\n",
	      stdout);
	put_verbatim(options);
	fputs(".SH COMMANDS\nA command or subcommand may be given as any unique prefix of its\n"
	      "name (barebpf f p is barebpf feature probe). COMMAND --help and\n"
	      "barebpf help COMMAND print the usage below.\n",
	      stdout);
	for (c = cmds; c->name; c++)
		put_cmd(NULL, c);
	fputs(".SH ENVIRONMENT\n", stdout);
	put_text(environment);
	fputs(".SH FILES\n", stdout);
	put_text(btf_order);
	fputs(".SH EXIT STATUS\n0 success, 1 failure (the message says what and why),\n"
	      "2 usage error.\n"
	      ".SH SEE ALSO\n.BR bpf (2),\n.BR bpftool (8)\n",
	      stdout);
	return EXIT_OK;
}
