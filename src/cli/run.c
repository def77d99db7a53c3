/*
 * run.c - launching COMMAND: the checkpoint the child runs, the
 * supervisor's decisions, and --learn, which records every syscall and
 * writes the profile of what it saw.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bpf/program.h"
#include "cli/session.h"
#include "lua/core.h"
#include "lua/host.h"
#include "sandbox/launch.h"

struct checkpoint_ctx {
	lua_State *L;
	const char *path;
};

static void push_argv(lua_State *L)
{
	lua_createtable(L, session_opts.command_argc, 0);
	for (int i = 0; i < session_opts.command_argc; i++) {
		lua_pushstring(L, session_opts.command[i]);
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
	double t0 = session_now_us();

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
	session_verbose("child %d: checkpoint ran in %.0f us%s", (int)getpid(),
			session_now_us() - t0, lua_isnil(L, -1)
			? "; its hook installed the filters" : "");
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
	int status = launch_resolve(session_opts.command[0], path, size, msg,
				    sizeof(msg));

	if (status != 0) {
		fprintf(stderr, "luasandbox: %s\n", msg);
		return status;
	}
	session_verbose("command '%s' is '%s'", session_opts.command[0], path);
	return 0;
}

/* Runs the resolved command under SLOT_FILTER, supervised by
 * SLOT_DECIDE. */
static int run_command(lua_State *L, const char *path)
{
	struct host_error err;

	lua_pushstring(L, session_opts.profile != NULL ? session_opts.profile
						   : "--learn");
	lua_pushvalue(L, SLOT_FILTER);
	lua_pushstring(L, path);
	lua_pushvalue(L, SLOT_POLICY);
	if (host_call(L, "sandbox.cli", "exec_refusal", 4, 1, &err) != 0)
		return session_fail("%s", err.message);
	if (!lua_isnil(L, -1))
		return session_fail("%s", lua_tostring(L, -1));
	lua_pop(L, 1);
	struct checkpoint_ctx ctx = { L, path };
	struct launch launch = {
		path, session_opts.command, run_checkpoint, &ctx, decide_call,
		L,
	};
	int status = launch_run(&launch);
	session_verbose("workload ended with status %d", status);
	return status;
}

int run_profile(lua_State *L)
{
	char path[PATH_MAX];
	struct host_error err;
	int status = resolve_command(path, sizeof(path));

	if (status != 0)
		return status;
	lua_pushvalue(L, SLOT_POLICY);
	lua_createtable(L, 0, 1);
	lua_pushinteger(L, session_opts.verbose);
	lua_setfield(L, -2, "verbose");
	if (host_call(L, "sandbox.supervise", "new", 2, 1, &err) != 0)
		return session_fail("%s", err.message);
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
		return session_fail("%s", err.message);
	}
	const char *text = lua_tolstring(L, -1, &len);
	if (text == NULL)
		return status;
	if (session_write_file(session_opts.learn, text, len) != 0)
		return LAUNCH_EXIT_FAILURE;
	session_verbose("wrote the learned profile to '%s'",
			session_opts.learn);
	return status;
}

/* --learn OUT.lua -- COMMAND */
int run_learn(lua_State *L)
{
	char path[PATH_MAX];
	struct host_error err;
	int status = resolve_command(path, sizeof(path));

	if (status != 0)
		return status;
	lua_pushinteger(L, session_opts.verbose);
	if (host_call(L, "sandbox.learn", "start", 1, 3, &err) != 0)
		return session_fail("%s", err.message);
	status = session_compile(L, "--learn");
	if (status != 0)
		return status;
	return write_learned(L, run_command(L, path));
}

