/*
 * host.c - the launcher's Lua state.
 *
 * The Lua modules live in lua/ beside the executable in a checkout, or in
 * PREFIX/share/lua/5.4 once installed (the executable in PREFIX/bin); both
 * are put first on package.path so that the launcher never picks up
 * another copy.  seccomp.core is linked in and offered through
 * package.preload.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lualib.h>

#include "lua/core.h"
#include "lua/host.h"

void host_take_error(lua_State *L, struct host_error *err)
{
	const char *msg = lua_tostring(L, -1);

	if (msg == NULL)
		msg = luaL_typename(L, -1);
	snprintf(err->message, sizeof(err->message), "%s", msg);
	lua_pop(L, 1);
}

/* The directory of the running executable, without a final slash. */
static int executable_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n < 0 || (size_t)n >= size - 1)
		return -1;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	return 0;
}

static void prepend_module_paths(lua_State *L, const char *dir)
{
	lua_getglobal(L, "package");
	lua_pushfstring(L,
		"%s/lua/?.lua;%s/lua/?/init.lua;"
		"%s/../share/lua/5.4/?.lua;%s/../share/lua/5.4/?/init.lua;",
		dir, dir, dir, dir);
	lua_getfield(L, -2, "path");
	lua_concat(L, 2);
	lua_setfield(L, -2, "path");
	lua_pop(L, 1);
}

static int open_host(lua_State *L)
{
	char dir[PATH_MAX];

	luaL_openlibs(L);
	luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
	lua_pushcfunction(L, luaopen_seccomp_core);
	lua_setfield(L, -2, "seccomp.core");
	lua_pop(L, 1);
	if (executable_dir(dir, sizeof(dir)) != 0)
		return luaL_error(L, "cannot find the executable: "
				  "readlink(/proc/self/exe): %s",
				  strerror(errno));
	prepend_module_paths(L, dir);
	return 0;
}

lua_State *host_open(struct host_error *err)
{
	lua_State *L = luaL_newstate();

	if (L == NULL) {
		snprintf(err->message, sizeof(err->message),
			 "cannot create the Lua state: out of memory");
		return NULL;
	}
	lua_pushcfunction(L, open_host);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
		host_take_error(L, err);
		lua_close(L);
		return NULL;
	}
	return L;
}

int host_call(lua_State *L, const char *module, const char *function,
	      int nargs, int nresults, struct host_error *err)
{
	int base = lua_gettop(L) - nargs;

	lua_getglobal(L, "require");
	lua_pushstring(L, module);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		host_take_error(L, err);
		lua_pop(L, nargs);
		return -1;
	}
	lua_getfield(L, -1, function);
	lua_remove(L, -2);
	lua_insert(L, base + 1);
	if (lua_pcall(L, nargs, nresults, 0) != LUA_OK) {
		host_take_error(L, err);
		return -1;
	}
	return 0;
}
