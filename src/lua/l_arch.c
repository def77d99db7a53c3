/*
 * l_arch.c - the arch half of seccomp.core: arch facts and syscall-table
 * lookups for Lua (see core.h for the contract).
 */
#include <lauxlib.h>

#include "arch/arch.h"
#include "lua/core.h"

/* The arch named by argument idx; an unknown name raises. */
static const struct arch_info *check_arch(lua_State *L, int idx)
{
	const char *name = luaL_checkstring(L, idx);
	const struct arch_info *arch = arch_by_name(name);

	if (arch == NULL)
		luaL_error(L, "unknown arch '%s'", name);
	return arch;
}

static int l_arches(lua_State *L)
{
	lua_createtable(L, ARCH_COUNT, 0);
	for (int i = 0; i < ARCH_COUNT; i++) {
		lua_pushstring(L, arch_get((enum arch_id)i)->name);
		lua_rawseti(L, -2, i + 1);
	}
	return 1;
}

static int l_native_arch(lua_State *L)
{
	lua_pushstring(L, arch_native()->name);
	return 1;
}

static void set_integer(lua_State *L, const char *key, lua_Integer value)
{
	lua_pushinteger(L, value);
	lua_setfield(L, -2, key);
}

static int l_arch_info(lua_State *L)
{
	const struct arch_info *arch = check_arch(L, 1);

	lua_createtable(L, 0, 5);
	lua_pushstring(L, arch->name);
	lua_setfield(L, -2, "name");
	set_integer(L, "audit_arch", arch->audit_arch);
	set_integer(L, "bits", arch->bits);
	set_integer(L, "nr_base", arch->nr_base);
	set_integer(L, "max_nr", arch->max_nr);
	return 1;
}

static int l_syscall_number(lua_State *L)
{
	const struct arch_info *arch = check_arch(L, 1);
	int64_t nr = arch_syscall_nr(arch, luaL_checkstring(L, 2));

	if (nr < 0)
		lua_pushnil(L);
	else
		lua_pushinteger(L, (lua_Integer)nr);
	return 1;
}

static int l_syscall_name(lua_State *L)
{
	const struct arch_info *arch = check_arch(L, 1);
	lua_Integer nr = luaL_checkinteger(L, 2);
	const char *name = NULL;

	if (nr >= 0 && nr <= (lua_Integer)UINT32_MAX)
		name = arch_syscall_name(arch, (uint32_t)nr);
	if (name == NULL)
		lua_pushnil(L);
	else
		lua_pushstring(L, name);
	return 1;
}

/* The tables are sorted by name already, so this is a plain copy. */
static int l_syscall_names(lua_State *L)
{
	const struct arch_info *arch = check_arch(L, 1);

	lua_createtable(L, (int)arch->syscall_count, 0);
	for (size_t i = 0; i < arch->syscall_count; i++) {
		lua_pushstring(L, arch->syscalls[i].name);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/*
 * core.reachable(arch, name): true when a filter for arch can decide
 * syscall name, by its own number or as a socketcall/ipc sub-call.
 */
static int l_reachable(lua_State *L)
{
	const struct arch_info *arch = check_arch(L, 1);
	const char *name = luaL_checkstring(L, 2);

	lua_pushboolean(L, arch_syscall_nr(arch, name) >= 0 ||
			       arch_socketcall_call(arch, name) >= 0 ||
			       arch_ipc_call(arch, name) >= 0);
	return 1;
}

static int l_arg_bits(lua_State *L)
{
	const struct arch_info *arch = check_arch(L, 1);
	const char *name = luaL_checkstring(L, 2);
	lua_Integer arg = luaL_checkinteger(L, 3);

	if (arg < 0 || arg > 5)
		return luaL_error(L, "argument index %I out of range (0..5)",
				  arg);
	lua_pushinteger(L, arch_arg_bits(arch, name, (unsigned)arg));
	return 1;
}

static const luaL_Reg arch_functions[] = {
	{ "arches", l_arches },
	{ "native_arch", l_native_arch },
	{ "arch_info", l_arch_info },
	{ "syscall_number", l_syscall_number },
	{ "syscall_name", l_syscall_name },
	{ "syscall_names", l_syscall_names },
	{ "arg_bits", l_arg_bits },
	{ "reachable", l_reachable },
	{ NULL, NULL }
};

void core_register_arch(lua_State *L)
{
	luaL_setfuncs(L, arch_functions, 0);
}
