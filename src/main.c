/*
 * main.c - the luasandbox command line.
 *
 *   luasandbox [OPTIONS] PROFILE [-- COMMAND [ARG...]]
 *
 * Loads the profile, compiles it, then either reports on the filter
 * (--check, --dump, --bpf) or launches COMMAND under it.  Exit status: the
 * workload's own, 128+N for signal N, 125 when luasandbox fails, 126 when
 * COMMAND cannot be executed, 127 when it is not found.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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
#include "sandbox/install.h"
#include "sandbox/launch.h"
#include "cli/options.h"

static struct options opts;

/* Prints "luasandbox: message" and returns the failure status. */
__attribute__((format(printf, 1, 2)))
static int die(const char *fmt, ...)
{
	va_list ap;

	fputs("luasandbox: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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

/* Leaves the policy (index 1) and its filter (index 2) on the stack. */
static int load_and_compile(lua_State *L)
{
	struct host_error err;
	double t0 = now_us();

	lua_pushstring(L, opts.profile);
	if (host_call(L, "sandbox.profile", "load", 1, 1, &err) != 0)
		return die("%s", err.message);
	double t1 = now_us();
	VERBOSE("loaded '%s' in %.0f us", opts.profile, t1 - t0);
	lua_getfield(L, 1, "compile");
	lua_pushvalue(L, 1);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		host_take_error(L, &err);
		return die("%s", err.message);
	}
	const struct bpf_program *program = core_filter_program(L, 2);
	if (program == NULL)
		return die("%s: compile() returned no filter", opts.profile);
	VERBOSE("compiled %zu instructions in %.0f us", program->len,
		now_us() - t1);
	return 0;
}

/* Calls sandbox.cli.NAME(subject, policy, filter), prints its string. */
static int print_report(lua_State *L, const char *name, const char *subject)
{
	struct host_error err;

	lua_pushstring(L, subject);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	if (host_call(L, "sandbox.cli", name, 3, 1, &err) != 0)
		return die("%s", err.message);
	fputs(lua_tostring(L, -1), stdout);
	lua_pop(L, 1);
	if (fflush(stdout) != 0)
		return die("cannot write the report: %s", strerror(errno));
	return 0;
}

static int write_bpf(lua_State *L)
{
	size_t len;
	FILE *f;

	lua_getfield(L, 2, "bytes");
	lua_pushvalue(L, 2);
	lua_call(L, 1, 1);
	const char *bytes = lua_tolstring(L, -1, &len);
	f = strcmp(opts.bpf_out, "-") == 0 ? stdout : fopen(opts.bpf_out, "wb");
	if (f == NULL)
		return die("cannot open '%s': %s", opts.bpf_out,
			   strerror(errno));
	size_t written = fwrite(bytes, 1, len, f);
	int closed = f == stdout ? fflush(f) : fclose(f);
	if (written != len || closed != 0)
		return die("cannot write '%s': %s", opts.bpf_out,
			   strerror(errno));
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

/* The ready(child) hook, run in the child by launch_run. */
static int run_checkpoint(void *data, char *msg, size_t size)
{
	struct checkpoint_ctx *ctx = data;
	lua_State *L = ctx->L;
	struct host_error err;

	lua_pushvalue(L, 1);
	lua_createtable(L, 0, 2);
	lua_pushstring(L, ctx->path);
	lua_setfield(L, -2, "path");
	lua_createtable(L, opts.command_argc, 0);
	for (int i = 0; i < opts.command_argc; i++) {
		lua_pushstring(L, opts.command[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "argv");
	if (host_call(L, "sandbox.checkpoint", "run", 2, 1, &err) != 0) {
		snprintf(msg, size, "%s", err.message);
		return -1;
	}
	if (lua_isnil(L, -1))
		return 0;
	/* The profile's filter, installed last: nothing runs under it
	 * between here and execve but the call itself. */
	const struct bpf_program *program = core_filter_program(L, -1);
	if (program == NULL) {
		snprintf(msg, size, "the checkpoint returned no filter");
		return -1;
	}
	if (install_no_new_privs(msg, size) != 0)
		return -1;
	return install_filter(program->insns, program->len, NULL, msg, size);
}

static int launch_command(lua_State *L)
{
	char path[PATH_MAX], msg[PATH_MAX + 64];
	struct host_error err;

	int status = launch_resolve(opts.command[0], path, sizeof(path), msg,
				    sizeof(msg));
	if (status != 0) {
		fprintf(stderr, "luasandbox: %s\n", msg);
		return status;
	}
	VERBOSE("command '%s' is '%s'", opts.command[0], path);
	lua_pushstring(L, opts.profile);
	lua_pushvalue(L, 2);
	if (host_call(L, "sandbox.cli", "exec_refusal", 2, 1, &err) != 0)
		return die("%s", err.message);
	if (!lua_isnil(L, -1))
		return die("%s", lua_tostring(L, -1));
	lua_pop(L, 1);
	struct checkpoint_ctx ctx = { L, path };
	struct launch launch = { path, opts.command, run_checkpoint, &ctx };
	status = launch_run(&launch);
	VERBOSE("workload ended with status %d", status);
	return status;
}

int main(int argc, char **argv)
{
	struct host_error err;

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
	status = load_and_compile(L);
	if (status == 0 && options_reports(&opts))
		status = report_modes(L);
	else if (status == 0)
		status = launch_command(L);
	lua_close(L);
	return status;
}
