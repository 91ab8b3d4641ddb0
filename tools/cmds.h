/* SPDX-License-Identifier: BSD-2-Clause */
/* The top-level commands of the barebpf CLI, one file per noun. */
#ifndef BBPF_TOOLS_CMDS_H
#define BBPF_TOOLS_CMDS_H

#include <stdbool.h>

struct cmd;

int do_version(int argc, char **argv);
int do_feature(int argc, char **argv);
int do_btf(int argc, char **argv);
int do_obj(int argc, char **argv);
int do_obj_dump(int argc, char **argv);
int do_core(int argc, char **argv);
int do_load(int argc, char **argv);
int do_run(int argc, char **argv);
int do_gen(int argc, char **argv);
int do_trace(int argc, char **argv);
int do_init(int argc, char **argv);
int do_gen_initramfs(int argc, char **argv);

/*
 * PID 1 runs `barebpf init` (cmd_init.c) when named "init", given no
 * arguments, or given ones that name no command (the kernel passes its
 * unknown words, "splash", to init); @is_command tells the commands.
 */
bool init_wanted(int argc, char **argv, bool (*is_command)(const char *word));
int init_main(int argc, char **argv);

/* Subcommand tables and usages, for help and --help (main.c). */
extern const struct cmd feature_cmds[], btf_cmds[], obj_cmds[], core_cmds[], gen_cmds[];
extern const char load_usage[], run_usage[], trace_usage[], init_usage[], gen_initramfs_usage[];

#endif
