/*
 * marshal_names.h - what the arch tables say of one syscall name (its
 * number, its socketcall or ipc sub-call, the width of its arguments),
 * found once per Lua state and kept in a table keyed by the name.
 *
 * marshal reads every rule's name on every target arch.  Through the arch
 * lookups that costs a binary search with strcmp, and on an arch with
 * socketcall(2) or ipc(2) two more searches and two linear scans; a Lua
 * table keyed by the name's interned string answers at the cost of one
 * hash lookup.  Facts are found per arch on first need, and only names
 * that some arch knows are kept, so the table holds no more than the
 * names the arch tables know.
 */
#ifndef LUASANDBOX_LUA_MARSHAL_NAMES_H
#define LUASANDBOX_LUA_MARSHAL_NAMES_H

#include <stdint.h>
#include <lua.h>

#include "arch/arch.h"

struct name_facts {
	unsigned resolved;                /* bit 1 << arch id: set below */
	int64_t nr[ARCH_COUNT];           /* -1: not in the arch's table */
	int16_t socketcall[ARCH_COUNT];   /* sub-call number, or -1 */
	int16_t ipc[ARCH_COUNT];          /* sub-call number, or -1 */
	uint8_t arg_bits[ARCH_COUNT][6];  /* 32 or 64; 0: not asked yet */
};

/* Pushes the state's table of kept facts, made on first use. */
void names_push_cache(lua_State *L);

/*
 * The kept facts of the string at index name, or *fresh (cleared) when
 * the table at index cache has none.
 */
struct name_facts *names_find(lua_State *L, int cache, int name,
			      struct name_facts *fresh);

/* Keeps a copy of *facts for the string at index name; returns it. */
struct name_facts *names_keep(lua_State *L, int cache, int name,
			      const struct name_facts *facts);

/*
 * Fills in f's number and sub-calls on arch, unless already there; the
 * caller knows whether arch has socketcall and ipc at all.
 */
void names_resolve(struct name_facts *f, const struct arch_info *arch,
		   const char *name, int socketcall, int ipc);

/* arch_arg_bits(arch, name, arg), found once. */
unsigned names_arg_bits(struct name_facts *f, const struct arch_info *arch,
			const char *name, unsigned arg);

#endif
