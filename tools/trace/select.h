/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which collector events `barebpf trace` runs: --events LIST as a mask, and
 * the programs of the collector object that belong to the chosen events
 * (each program's name starts with its event's name and '_'). Pure.
 */
#ifndef BBPF_TOOLS_TRACE_SELECT_H
#define BBPF_TOOLS_TRACE_SELECT_H

#include <stdbool.h>
#include <stdint.h>

/* Every event type the collector has, as a mask (bit 1 << type). */
uint32_t trace_all_events(void);

/*
 * trace_parse_events() reads "exec,exit,connect" (names separated by commas;
 * "all" for every event) into *@mask. Returns 0, or -EINVAL with *@bad
 * pointing at the first word that names no event (to print it).
 */
int trace_parse_events(const char *list, uint32_t *mask, const char **bad);

/*
 * The event type a collector program belongs to, from its name
 * ("connect_state" -> BBPF_EV_CONNECT), or -ENOENT.
 */
int trace_prog_event(const char *prog_name);

#endif
