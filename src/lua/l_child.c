/*
 * l_child.c - the checkpoint verbs, as core.verbs.*: plain functions that
 * act on the calling process.  lua/sandbox/checkpoint.lua wraps them as
 * the methods of the child object a ready(child) hook receives.  Each
 * raises "verb: call: strerror" on failure; the launcher turns that into
 * exit status 125 before execve.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "bpf/program.h"
#include "lua/core.h"
#include "sandbox/fds.h"
#include "sandbox/identity.h"
#include "sandbox/install.h"
#include "sandbox/limits.h"

/* core.verbs.no_new_privs() */
static int verb_no_new_privs(lua_State *L)
{
	char msg[256];

	if (install_no_new_privs(msg, sizeof(msg)) != 0)
		return luaL_error(L, "no_new_privs: %s", msg);
	return 0;
}

/* core.verbs.install(filter) */
static int verb_install(lua_State *L)
{
	const struct bpf_program *program = core_filter_program(L, 1);
	char msg[256];

	if (program == NULL)
		return luaL_typeerror(L, 1, "Filter");
	if (install_filter(program->insns, program->len, NULL, msg,
			   sizeof(msg)) != 0)
		return luaL_error(L, "install: %s", msg);
	return 0;
}

/* An id argument: a non-negative integer that fits uid_t. */
static unsigned check_id(lua_State *L, int arg)
{
	lua_Integer id = luaL_checkinteger(L, arg);

	luaL_argcheck(L, id >= 0 && id <= 0xfffffffe, arg, "not a valid id");
	return (unsigned)id;
}

/* The bounds and names of a list argument, for its checks and errors. */
struct list_kind {
	lua_Integer lo, hi;
	const char *what;      /* "groups" */
	const char *item;      /* "a group id" */
};

/*
 * The list at argument 1: at most max integers, each in the kind's
 * bounds, into out.  Returns how many.  Raises naming the bad entry.
 */
static size_t check_list(lua_State *L, lua_Integer *out, size_t max,
			 const struct list_kind *kind)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_Integer n = luaL_len(L, 1);

	if (n < 0 || (size_t)n > max)
		luaL_error(L, "more than %d %s", (int)max, kind->what);
	for (lua_Integer i = 1; i <= n; i++) {
		int isnum;

		lua_rawgeti(L, 1, i);
		out[i - 1] = lua_tointegerx(L, -1, &isnum);
		if (!isnum || out[i - 1] < kind->lo || out[i - 1] > kind->hi)
			luaL_error(L, "%s: entry %d is not %s", kind->what,
				   (int)i, kind->item);
		lua_pop(L, 1);
	}
	return (size_t)n;
}

/* core.verbs.groups{ gid, ... } */
static int verb_groups(lua_State *L)
{
	lua_Integer list[64];
	gid_t groups[64];
	char msg[256];
	static const struct list_kind kind = {
		0, 0xfffffffe, "groups", "a group id"
	};
	size_t n = check_list(L, list, 64, &kind);

	for (size_t i = 0; i < n; i++)
		groups[i] = (gid_t)list[i];
	if (identity_set_groups(groups, n, msg, sizeof(msg)) != 0)
		return luaL_error(L, "groups: %s", msg);
	return 0;
}

/* core.verbs.gid(gid) and core.verbs.uid(uid) */
static int verb_gid(lua_State *L)
{
	char msg[256];

	if (identity_set_gid(check_id(L, 1), msg, sizeof(msg)) != 0)
		return luaL_error(L, "group: %s", msg);
	return 0;
}

static int verb_uid(lua_State *L)
{
	char msg[256];

	if (identity_set_uid(check_id(L, 1), msg, sizeof(msg)) != 0)
		return luaL_error(L, "user: %s", msg);
	return 0;
}

/* core.verbs.drop_cap(name | "all") */
static int verb_drop_cap(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	int cap = strcmp(name, "all") == 0 ? -1 : identity_cap_number(name);
	char msg[256];

	if (cap < 0 && strcmp(name, "all") != 0)
		return luaL_error(L, "drop_caps: unknown capability '%s'",
				  name);
	if (identity_drop_bounding(cap, msg, sizeof(msg)) != 0 ||
	    identity_clear_inheritable(msg, sizeof(msg)) != 0)
		return luaL_error(L, "drop_caps: %s", msg);
	return 0;
}

/* core.verbs.rlimit(name, soft [, hard]); a negative value: unlimited */
static int verb_rlimit(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	lua_Integer soft = luaL_checkinteger(L, 2);
	lua_Integer hard = luaL_optinteger(L, 3, soft);
	int resource = limits_resource(name);
	char msg[256];

	if (resource < 0)
		return luaL_error(L, "rlimit: unknown resource '%s'", name);
	if (limits_set(resource, soft < 0 ? RLIM_INFINITY : (rlim_t)soft,
		       hard < 0 ? RLIM_INFINITY : (rlim_t)hard, msg,
		       sizeof(msg)) != 0)
		return luaL_error(L, "rlimit: %s: %s", name, msg);
	return 0;
}

/* core.verbs.chdir(path) */
static int verb_chdir(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);

	if (chdir(path) != 0)
		return luaL_error(L, "chdir: '%s': %s", path, strerror(errno));
	return 0;
}

/* core.verbs.setenv(name, value | nil): nil unsets */
static int verb_setenv(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	const char *value = luaL_optstring(L, 2, NULL);
	int r = value ? setenv(name, value, 1) : unsetenv(name);

	if (r != 0)
		return luaL_error(L, "setenv: '%s': %s", name, strerror(errno));
	return 0;
}

/* core.verbs.clearenv() */
static int verb_clearenv(lua_State *L)
{
	if (clearenv() != 0)
		return luaL_error(L, "clearenv: failed");
	return 0;
}

/* core.verbs.close_fds{ keep... }: every descriptor above 2 */
static int verb_close_fds(lua_State *L)
{
	lua_Integer list[64];
	int keep[64];
	static const struct list_kind kind = {
		0, INT_MAX, "descriptors to keep", "a descriptor"
	};
	size_t n = check_list(L, list, 64, &kind);

	for (size_t i = 0; i < n; i++)
		keep[i] = (int)list[i];
	if (fds_close_from(3, keep, (int)n) != 0)
		return luaL_error(L, "close_fds: %s", strerror(errno));
	return 0;
}

static const luaL_Reg verbs[] = {
	{ "no_new_privs", verb_no_new_privs },
	{ "install", verb_install },
	{ "groups", verb_groups },
	{ "gid", verb_gid },
	{ "uid", verb_uid },
	{ "drop_cap", verb_drop_cap },
	{ "rlimit", verb_rlimit },
	{ "chdir", verb_chdir },
	{ "setenv", verb_setenv },
	{ "clearenv", verb_clearenv },
	{ "close_fds", verb_close_fds },
	{ NULL, NULL }
};

void core_register_child(lua_State *L)
{
	luaL_newlib(L, verbs);
	lua_setfield(L, -2, "verbs");
}
