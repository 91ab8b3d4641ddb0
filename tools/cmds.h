/* SPDX-License-Identifier: BSD-2-Clause */
/* The top-level commands of the barebpf CLI, one file per noun. */
#ifndef BBPF_TOOLS_CMDS_H
#define BBPF_TOOLS_CMDS_H

int do_version(int argc, char **argv);
int do_feature(int argc, char **argv);
int do_btf(int argc, char **argv);
int do_obj(int argc, char **argv);
int do_core(int argc, char **argv);
int do_load(int argc, char **argv);

#endif
