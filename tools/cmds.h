/* SPDX-License-Identifier: BSD-2-Clause */
/* The top-level commands of the barebpf CLI, one file per noun. */
#ifndef BBPF_TOOLS_CMDS_H
#define BBPF_TOOLS_CMDS_H

struct cmd;

int do_version(int argc, char **argv);
int do_feature(int argc, char **argv);
int do_btf(int argc, char **argv);
int do_obj(int argc, char **argv);
int do_core(int argc, char **argv);
int do_load(int argc, char **argv);
int do_run(int argc, char **argv);
int do_gen(int argc, char **argv);
int do_trace(int argc, char **argv);

/* Subcommand tables and usages, for help and --help (main.c). */
extern const struct cmd feature_cmds[], btf_cmds[], obj_cmds[], core_cmds[], gen_cmds[];
extern const char load_usage[], run_usage[], trace_usage[];

#endif
