/*
 * marshal_names.c - the kept facts of syscall names (see marshal_names.h).
 */
#include <string.h>
#include <lauxlib.h>

#include "lua/marshal_names.h"

static const char cache_key = 0;   /* its address keys the registry */

void names_push_cache(lua_State *L)
{
	if (lua_rawgetp(L, LUA_REGISTRYINDEX, &cache_key) == LUA_TTABLE)
		return;
	lua_pop(L, 1);
	lua_createtable(L, 0, 512);
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &cache_key);
}

struct name_facts *names_find(lua_State *L, int cache, int name,
			      struct name_facts *fresh)
{
	struct name_facts *kept;

	lua_pushvalue(L, name);
	if (lua_rawget(L, cache) == LUA_TUSERDATA) {
		kept = lua_touserdata(L, -1);
		lua_pop(L, 1);
		return kept;
	}
	lua_pop(L, 1);
	memset(fresh, 0, sizeof(*fresh));
	return fresh;
}

struct name_facts *names_keep(lua_State *L, int cache, int name,
			      const struct name_facts *facts)
{
	struct name_facts *kept;

	cache = lua_absindex(L, cache);
	name = lua_absindex(L, name);
	kept = lua_newuserdatauv(L, sizeof(*kept), 0);
	*kept = *facts;
	lua_pushvalue(L, name);
	lua_insert(L, -2);
	lua_rawset(L, cache);
	return kept;       /* the cache, in the registry, holds it */
}

/* The sub-call lookups are skipped on arches without the multiplexer:
 * each would search the arch's table for it first. */
void names_resolve(struct name_facts *f, const struct arch_info *arch,
		   const char *name, int socketcall, int ipc)
{
	unsigned bit = 1u << arch->id;

	if (f->resolved & bit)
		return;
	f->nr[arch->id] = arch_syscall_nr(arch, name);
	f->socketcall[arch->id] = (int16_t)(socketcall ?
		arch_socketcall_call(arch, name) : -1);
	f->ipc[arch->id] = (int16_t)(ipc ? arch_ipc_call(arch, name) : -1);
	f->resolved |= bit;
}

unsigned names_arg_bits(struct name_facts *f, const struct arch_info *arch,
			const char *name, unsigned arg)
{
	uint8_t *bits = &f->arg_bits[arch->id][arg];

	if (*bits == 0)
		*bits = (uint8_t)arch_arg_bits(arch, name, arg);
	return *bits;
}
