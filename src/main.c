/*
 * main.c - the luasandbox command line.
 *
 *   luasandbox [OPTIONS] PROFILE [-- COMMAND [ARG...]]
 *   luasandbox [OPTIONS] --learn OUT.lua -- COMMAND [ARG...]
 *
 * Loads the profile, compiles it, then either reports on the filter
 * (--check, --dump, --bpf) or launches COMMAND under it, answering its
 * notified syscalls with the profile's supervise function.  --learn runs
 * COMMAND under a filter that notifies every syscall and writes the
 * profile of the calls it made.  Exit status: the workload's own, 128+N
 * for signal N, 125 when luasandbox fails, 126 when COMMAND cannot be
 * executed, 127 when it is not found.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "bpf/program.h"
#include "lua/core.h"
#include "lua/host.h"
#include "sandbox/fds.h"
#include "sandbox/launch.h"
#include "cli/message.h"
#include "cli/options.h"

static struct options opts;

/*
 * The Lua stack of a launch: the policy, its filter, the decide function
 * of the supervisor, and with --learn the recorder.
 */
enum { SLOT_POLICY = 1, SLOT_FILTER, SLOT_DECIDE, SLOT_RECORDER };

/* Prints "luasandbox: message" and returns the failure status. */
__attribute__((format(printf, 1, 2)))
static int die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message_verror(fmt, ap);
	va_end(ap);
	return LAUNCH_EXIT_FAILURE;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

#define VERBOSE(...) \
	do { if (opts.verbose) { fputs("luasandbox: ", stderr); \
		fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* Leaves the profile's policy in SLOT_POLICY. */
static int load_profile(lua_State *L)
{
	struct host_error err;
	double t0 = now_us();

	lua_pushstring(L, opts.profile);
	if (host_call(L, "sandbox.profile", "load", 1, 1, &err) != 0)
		return die("%s", err.message);
	VERBOSE("loaded '%s' in %.0f us", opts.profile, now_us() - t0);
	return 0;
}

/* Compiles the policy in SLOT_POLICY into SLOT_FILTER. */
static int compile_policy(lua_State *L, const char *name)
{
	struct host_error err;
	double t0 = now_us();

	lua_getfield(L, SLOT_POLICY, "compile");
	lua_pushvalue(L, SLOT_POLICY);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		host_take_error(L, &err);
		return die("%s", err.message);
	}
	lua_insert(L, SLOT_FILTER);
	const struct bpf_program *program = core_filter_program(L, SLOT_FILTER);
	if (program == NULL)
		return die("%s: compile() returned no filter", name);
	VERBOSE("compiled %zu instructions in %.0f us", program->len,
		now_us() - t0);
	return 0;
}

/* Calls sandbox.cli.NAME(subject, policy, filter), prints its string. */
static int print_report(lua_State *L, const char *name, const char *subject)
{
	struct host_error err;

	lua_pushstring(L, subject);
	lua_pushvalue(L, SLOT_POLICY);
	lua_pushvalue(L, SLOT_FILTER);
	if (host_call(L, "sandbox.cli", name, 3, 1, &err) != 0)
		return die("%s", err.message);
	fputs(lua_tostring(L, -1), stdout);
	lua_pop(L, 1);
	if (fflush(stdout) != 0)
		return die("cannot write the report: %s", strerror(errno));
	return 0;
}

/* Writes len bytes to path ('-': stdout).  Returns 0 or 125. */
static int write_file(const char *path, const char *bytes, size_t len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");

	if (f == NULL)
		return die("cannot open '%s': %s", path, strerror(errno));
	size_t written = fwrite(bytes, 1, len, f);
	int closed = f == stdout ? fflush(f) : fclose(f);
	if (written != len || closed != 0)
		return die("cannot write '%s': %s", path, strerror(errno));
	return 0;
}

static int write_bpf(lua_State *L)
{
	size_t len;

	lua_getfield(L, SLOT_FILTER, "bytes");
	lua_pushvalue(L, SLOT_FILTER);
	lua_call(L, 1, 1);
	const char *bytes = lua_tolstring(L, -1, &len);
	if (write_file(opts.bpf_out, bytes, len) != 0)
		return LAUNCH_EXIT_FAILURE;
	VERBOSE("wrote %zu bytes of BPF to '%s'", len, opts.bpf_out);
	return 0;
}

static int report_modes(lua_State *L)
{
	int status = 0;

	if (opts.check)
		status = print_report(L, "summary", opts.profile);
	if (status == 0 && opts.dump)
		status = print_report(L, "dump", opts.profile);
	if (status == 0 && opts.explain != NULL)
		status = print_report(L, "explain", opts.explain);
	if (status == 0 && opts.export_as != NULL)
		status = print_report(L, "export", opts.export_as);
	if (status == 0 && opts.bpf_out != NULL)
		status = write_bpf(L);
	return status;
}

/* --import FILE.json: prints the equivalent profile script. */
static int import_profile(lua_State *L)
{
	struct host_error err;

	lua_pushstring(L, opts.import);
	if (host_call(L, "sandbox.cli", "import", 1, 1, &err) != 0)
		return die("%s", err.message);
	fputs(lua_tostring(L, -1), stdout);
	if (fflush(stdout) != 0)
		return die("cannot write the profile: %s", strerror(errno));
	return 0;
}

struct checkpoint_ctx {
	lua_State *L;
	const char *path;
};

static void push_argv(lua_State *L)
{
	lua_createtable(L, opts.command_argc, 0);
	for (int i = 0; i < opts.command_argc; i++) {
		lua_pushstring(L, opts.command[i]);
		lua_rawseti(L, -2, i + 1);
	}
}

/* The ready(child) hook, run in the child by launch_run; the filter it
 * returns stays on the child's Lua stack until execve. */
static int run_checkpoint(void *data, const struct bpf_program **filter,
			  char *msg, size_t size)
{
	struct checkpoint_ctx *ctx = data;
	lua_State *L = ctx->L;
	struct host_error err;

	lua_pushvalue(L, SLOT_POLICY);
	lua_createtable(L, 0, 2);
	lua_pushstring(L, ctx->path);
	lua_setfield(L, -2, "path");
	push_argv(L);
	lua_setfield(L, -2, "argv");
	if (host_call(L, "sandbox.checkpoint", "run", 2, 1, &err) != 0) {
		snprintf(msg, size, "%s", err.message);
		return -1;
	}
	if (lua_isnil(L, -1))
		return 0;
	*filter = core_filter_program(L, -1);
	if (*filter == NULL) {
		snprintf(msg, size, "the checkpoint returned no filter");
		return -1;
	}
	return 0;
}

/* decide(call) with the notification as its table; runs protected. */
static int call_decide(lua_State *L)
{
	const struct seccomp_notif *call = lua_touserdata(L, 2);

	lua_settop(L, 1);
	core_push_notification(L, call);
	lua_call(L, 1, 1);
	return 1;
}

/*
 * The supervisor's decision, by the function in SLOT_DECIDE: true lets
 * the call run, an integer fails it with that errno.  Anything else, and
 * an error (sandbox.supervise reports the profile's own), fails it with
 * EPERM.
 */
static int decide_call(void *data, const struct seccomp_notif *call)
{
	lua_State *L = data;
	int top = lua_gettop(L), verdict = EPERM, isnum;

	lua_pushcfunction(L, call_decide);
	lua_pushvalue(L, SLOT_DECIDE);
	lua_pushlightuserdata(L, (void *)(uintptr_t)call);
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		fprintf(stderr, "luasandbox: supervise: %s\n",
			msg != NULL ? msg : "error object is not a string");
	} else if (lua_isboolean(L, -1) && lua_toboolean(L, -1)) {
		verdict = NOTIFY_CONTINUE;
	} else {
		lua_Integer n = lua_tointegerx(L, -1, &isnum);
		if (isnum && n >= 0 && n <= 4095)
			verdict = (int)n;
	}
	lua_settop(L, top);
	return verdict;
}

/* Resolves COMMAND into path.  Returns 0, or 126/127 (printed). */
static int resolve_command(char *path, size_t size)
{
	char msg[PATH_MAX + 64];
	int status = launch_resolve(opts.command[0], path, size, msg,
				    sizeof(msg));

	if (status != 0) {
		fprintf(stderr, "luasandbox: %s\n", msg);
		return status;
	}
	VERBOSE("command '%s' is '%s'", opts.command[0], path);
	return 0;
}

/* Runs the resolved command under SLOT_FILTER, supervised by
 * SLOT_DECIDE. */
static int run_command(lua_State *L, const char *path)
{
	struct host_error err;

	lua_pushstring(L, opts.profile != NULL ? opts.profile : "--learn");
	lua_pushvalue(L, SLOT_FILTER);
	if (host_call(L, "sandbox.cli", "exec_refusal", 2, 1, &err) != 0)
		return die("%s", err.message);
	if (!lua_isnil(L, -1))
		return die("%s", lua_tostring(L, -1));
	lua_pop(L, 1);
	struct checkpoint_ctx ctx = { L, path };
	struct launch launch = {
		path, opts.command, run_checkpoint, &ctx, decide_call, L,
	};
	int status = launch_run(&launch);
	VERBOSE("workload ended with status %d", status);
	return status;
}

static int launch_profile(lua_State *L)
{
	char path[PATH_MAX];
	struct host_error err;
	int status = resolve_command(path, sizeof(path));

	if (status != 0)
		return status;
	lua_pushvalue(L, SLOT_POLICY);
	lua_createtable(L, 0, 1);
	lua_pushinteger(L, opts.verbose);
	lua_setfield(L, -2, "verbose");
	if (host_call(L, "sandbox.supervise", "new", 2, 1, &err) != 0)
		return die("%s", err.message);
	return run_command(L, path);
}

/* Writes the profile of what the recorder saw, if it saw anything (else
 * the command never started); returns status, or 125 when the profile
 * cannot be written. */
static int write_learned(lua_State *L, int status)
{
	struct host_error err;
	size_t len;

	lua_getfield(L, SLOT_RECORDER, "profile");
	lua_pushvalue(L, SLOT_RECORDER);
	lua_createtable(L, 0, 2);
	push_argv(L);
	lua_setfield(L, -2, "argv");
	lua_pushinteger(L, status);
	lua_setfield(L, -2, "status");
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		host_take_error(L, &err);
		return die("%s", err.message);
	}
	const char *text = lua_tolstring(L, -1, &len);
	if (text == NULL)
		return status;
	if (write_file(opts.learn, text, len) != 0)
		return LAUNCH_EXIT_FAILURE;
	VERBOSE("wrote the learned profile to '%s'", opts.learn);
	return status;
}

/* --learn OUT.lua -- COMMAND */
static int learn(lua_State *L)
{
	char path[PATH_MAX];
	struct host_error err;
	int status = resolve_command(path, sizeof(path));

	if (status != 0)
		return status;
	lua_pushinteger(L, opts.verbose);
	if (host_call(L, "sandbox.learn", "start", 1, 3, &err) != 0)
		return die("%s", err.message);
	status = compile_policy(L, "--learn");
	if (status != 0)
		return status;
	return write_learned(L, run_command(L, path));
}

/*
 * `make check ASAN=1` preloads the sanitizer runtimes into lua5.4 for the
 * module; a sanitized luasandbox has its own, and the workloads it runs
 * must not inherit them.
 */
static void drop_sanitizer_preload(void)
{
#if defined(__SANITIZE_ADDRESS__)
	unsetenv("LD_PRELOAD");
	unsetenv("ASAN_OPTIONS");
#endif
}

int main(int argc, char **argv)
{
	struct host_error err;

	drop_sanitizer_preload();
	if (fds_note_inherited() != 0)
		return die("cannot list open descriptors: /proc/self/fd: %s",
			   strerror(errno));
	int status = options_parse(argc, argv, &opts);
	if (status >= 0)
		return status;
	lua_State *L = host_open(&err);
	if (L == NULL)
		return die("%s", err.message);
	if (opts.import != NULL) {
		status = import_profile(L);
		if (status != 0 || opts.profile == NULL) {
			lua_close(L);
			return status;
		}
		lua_settop(L, 0);
	}
	if (opts.learn != NULL) {
		status = learn(L);
		lua_close(L);
		return status;
	}
	status = load_profile(L);
	if (status == 0)
		status = compile_policy(L, opts.profile);
	if (status == 0 && options_reports(&opts))
		status = report_modes(L);
	else if (status == 0)
		status = launch_profile(L);
	lua_close(L);
	return status;
}
