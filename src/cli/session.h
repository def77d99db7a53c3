/*
 * session.h - what the parts of the command line share: the options, the
 * Lua stack slots of a run, and the one-line error and -v voices.
 */
#ifndef LUASANDBOX_CLI_SESSION_H
#define LUASANDBOX_CLI_SESSION_H

#include <stddef.h>
#include <lua.h>

#include "cli/options.h"

/*
 * The Lua stack of a run: the policy, its filter, the decide function
 * of the supervisor, and with --learn the recorder.
 */
enum { SLOT_POLICY = 1, SLOT_FILTER, SLOT_DECIDE, SLOT_RECORDER };

/* The parsed command line, set once by main(). */
extern struct options session_opts;

/* Prints "luasandbox: message" and returns the failure status, 125. */
int session_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* With -v, prints "luasandbox: message". */
void session_verbose(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Microseconds on the monotonic clock, for -v's costs. */
double session_now_us(void);

/* Writes len bytes to path ('-': stdout).  Returns 0, or 125 (printed). */
int session_write_file(const char *path, const char *bytes, size_t len);

/* Compiles the policy in SLOT_POLICY into SLOT_FILTER; 0 or 125. */
int session_compile(lua_State *L, const char *name);

/* --check, --dump, --explain, --export, --bpf; 0 or 125. (report.c) */
int report_run(lua_State *L);

/* --import FILE.json: prints the equivalent profile. (report.c) */
int report_import(lua_State *L);

/* Launches COMMAND under the policy in SLOT_POLICY. (run.c) */
int run_profile(lua_State *L);

/* --learn OUT.lua -- COMMAND. (run.c) */
int run_learn(lua_State *L);

#endif
