/*
 * core.c - opens the seccomp.core module: the C half of the Lua API.
 */
#include <lauxlib.h>

#include "lua/core.h"

int luaopen_seccomp_core(lua_State *L)
{
	lua_newtable(L);
	core_register_arch(L);
	core_register_filter(L);
	core_register_child(L);
	core_register_notify(L);
	return 1;
}
