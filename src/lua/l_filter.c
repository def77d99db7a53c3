/*
 * l_filter.c - core.compile and the Filter it returns, plus the functions
 * that work on any raw cBPF program: core.verify, core.simulate and
 * core.action_name.  See core.h for the Lua-facing contract.
 *
 * A Filter is one userdata holding the whole struct bpf_program (code and
 * notes), so it owns no other resource and needs no __gc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>

#include "arch/arch.h"
#include "bpf/compile.h"
#include "bpf/disasm.h"
#include "bpf/simulate.h"
#include "bpf/verify.h"
#include "lua/core.h"
#include "lua/marshal.h"

#define FILTER_TYPE "seccomp.Filter"

static struct bpf_program *check_filter(lua_State *L, int idx)
{
	return luaL_checkudata(L, idx, FILTER_TYPE);
}

const struct bpf_program *core_filter_program(lua_State *L, int index)
{
	return luaL_testudata(L, index, FILTER_TYPE);
}

/* ------------------------------------------------------------------ */
/* Simulation input: { arch =, nr = | syscall =, args = {}, ip = }     */

static const char *const input_keys[] = {
	"arch", "nr", "syscall", "args", "ip", NULL
};

static void check_input_keys(lua_State *L, int t)
{
	size_t i;

	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		lua_pop(L, 1);
		for (i = 0; input_keys[i] != NULL; i++)
			if (lua_type(L, -1) == LUA_TSTRING &&
			    strcmp(lua_tostring(L, -1), input_keys[i]) == 0)
				break;
		if (input_keys[i] == NULL)
			luaL_error(L, "input: unknown field '%s'",
				   luaL_tolstring(L, -1, NULL));
	}
}

static lua_Integer input_integer(lua_State *L, int t, const char *key)
{
	lua_Integer v;
	int ok;

	lua_getfield(L, t, key);
	v = lua_tointegerx(L, -1, &ok);
	if (!ok && !lua_isnil(L, -1))
		luaL_error(L, "input: %s must be an integer", key);
	lua_pop(L, 1);
	return v;
}

/* The arch field: a name (returned) or a raw AUDIT_ARCH_* integer. */
static const struct arch_info *input_arch(lua_State *L, int t,
					  struct seccomp_data *data)
{
	const struct arch_info *arch;
	lua_Integer raw;

	if (lua_getfield(L, t, "arch") == LUA_TSTRING) {
		arch = arch_by_name(lua_tostring(L, -1));
		if (arch == NULL)
			luaL_error(L, "unknown arch '%s'", lua_tostring(L, -1));
		data->arch = arch->audit_arch;
		lua_pop(L, 1);
		return arch;
	}
	if (lua_isnil(L, -1))
		luaL_error(L, "input: arch is missing");
	lua_pop(L, 1);
	raw = input_integer(L, t, "arch");
	if (raw < 0 || raw > UINT32_MAX)
		luaL_error(L, "input: arch must be a name or a 32-bit value");
	data->arch = (uint32_t)raw;
	return NULL;
}

static void input_nr(lua_State *L, int t, const struct arch_info *arch,
		     struct seccomp_data *data)
{
	lua_Integer nr;
	int64_t found;

	if (lua_getfield(L, t, "syscall") != LUA_TNIL) {
		if (arch == NULL || !lua_isstring(L, -1))
			luaL_error(L, "input: syscall needs a name and an "
				   "arch name");
		found = arch_syscall_nr(arch, lua_tostring(L, -1));
		if (found < 0)
			luaL_error(L, "unknown syscall '%s' on arch '%s'",
				   lua_tostring(L, -1), arch->name);
		data->nr = (int)(uint32_t)found;
		lua_pop(L, 1);
		return;
	}
	lua_pop(L, 1);
	lua_getfield(L, t, "nr");
	if (lua_isnil(L, -1))
		luaL_error(L, "input: nr or syscall is missing");
	lua_pop(L, 1);
	nr = input_integer(L, t, "nr");
	if (nr < INT32_MIN || nr > UINT32_MAX)
		luaL_error(L, "input: nr must fit in 32 bits");
	data->nr = (int)(uint32_t)nr;
}

static void input_args(lua_State *L, int t, struct seccomp_data *data)
{
	lua_Integer i, v;
	int ok;

	if (lua_getfield(L, t, "args") == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1) || luaL_len(L, -1) > 6)
		luaL_error(L, "input: args must be a list of at most 6 "
			   "integers");
	for (i = 1; i <= 6; i++) {
		lua_rawgeti(L, -1, i);
		v = lua_tointegerx(L, -1, &ok);
		if (!ok && !lua_isnil(L, -1))
			luaL_error(L, "input: args[%d] must be an integer",
				   (int)i);
		data->args[i - 1] = ok ? (uint64_t)v : 0;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void read_input(lua_State *L, int t, struct seccomp_data *data)
{
	const struct arch_info *arch;

	luaL_checktype(L, t, LUA_TTABLE);
	check_input_keys(L, t);
	memset(data, 0, sizeof(*data));
	arch = input_arch(L, t, data);
	input_nr(L, t, arch, data);
	input_args(L, t, data);
	data->instruction_pointer = (uint64_t)input_integer(L, t, "ip");
}

static int push_outcome(lua_State *L, const struct sock_filter *insns,
			size_t len, const struct seccomp_data *data)
{
	struct bpf_outcome outcome;
	struct bpf_error err;

	if (bpf_simulate(insns, len, data, &outcome, &err) < 0)
		return luaL_error(L, "invalid program: %s", err.message);
	lua_pushinteger(L, outcome.action);
	lua_pushinteger(L, outcome.steps);
	return 2;
}

/* ------------------------------------------------------------------ */
/* Filter methods                                                      */

static int filter_eval(lua_State *L)
{
	struct bpf_program *program = check_filter(L, 1);
	struct seccomp_data data;

	read_input(L, 2, &data);
	return push_outcome(L, program->insns, program->len, &data);
}

static int filter_length(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)check_filter(L, 1)->len);
	return 1;
}

static int filter_bytes(lua_State *L)
{
	struct bpf_program *program = check_filter(L, 1);

	lua_pushlstring(L, (const char *)program->insns,
			program->len * sizeof(program->insns[0]));
	return 1;
}

/* Syscall names for listings: the table of the arch (x86_64 or x32 by
 * the number) sharing the audit arch that has a name for nr. */
static const char *name_syscall(void *ctx, uint32_t audit_arch, uint32_t nr)
{
	const struct arch_info *arch;
	const char *name;
	int id;

	(void)ctx;
	for (id = 0; id < ARCH_COUNT; id++) {
		arch = arch_get((enum arch_id)id);
		if (arch->audit_arch != audit_arch)
			continue;
		name = arch_syscall_name(arch, nr);
		if (name != NULL)
			return name;
	}
	return NULL;
}

static int filter_dump(lua_State *L)
{
	struct bpf_program *program = check_filter(L, 1);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	int failed;

	if (out == NULL)
		return luaL_error(L, "cannot list the filter: out of memory");
	failed = bpf_disassemble(program, out, name_syscall, NULL) < 0;
	failed |= fclose(out) != 0;
	if (!failed)
		lua_pushlstring(L, text, size);
	free(text);
	if (failed)
		return luaL_error(L, "cannot list the filter");
	return 1;
}

static int filter_tostring(lua_State *L)
{
	lua_pushfstring(L, "seccomp.Filter (%d instructions)",
			(int)check_filter(L, 1)->len);
	return 1;
}

/* ------------------------------------------------------------------ */
/* Module functions                                                    */

static int l_compile(lua_State *L)
{
	const struct bpf_policy *policy;
	struct bpf_program *program;
	struct bpf_error err;
	void *scratch;
	size_t size;

	luaL_checktype(L, 1, LUA_TTABLE);
	policy = marshal_policy(L, 1);
	size = bpf_compile_scratch_size(policy);
	scratch = lua_newuserdatauv(L, size > 0 ? size : 1, 0);
	program = lua_newuserdatauv(L, sizeof(*program), 0);
	if (bpf_compile(policy, scratch, program, &err) < 0) {
		lua_pushstring(L, err.message);   /* no position: as marshal */
		return lua_error(L);
	}
	marshal_notes(L, 1, program);
	luaL_setmetatable(L, FILTER_TYPE);
	return 1;
}

static int l_action_name(lua_State *L)
{
	lua_Integer action = luaL_checkinteger(L, 1);
	char name[32];

	luaL_argcheck(L, action >= 0 && action <= UINT32_MAX, 1,
		      "not a 32-bit action");
	bpf_action_name((uint32_t)action, name, sizeof(name));
	lua_pushstring(L, name);
	return 1;
}

/* The raw program in string argument idx, copied to aligned memory. */
static const struct sock_filter *check_bytes(lua_State *L, int idx,
					     size_t *len)
{
	size_t size;
	const char *bytes = luaL_checklstring(L, idx, &size);
	struct sock_filter *insns;

	if (size % sizeof(*insns) != 0)
		luaL_error(L, "a program is a multiple of %d bytes, not %d",
			   (int)sizeof(*insns), (int)size);
	*len = size / sizeof(*insns);
	insns = lua_newuserdatauv(L, size ? size : 1, 0);
	memcpy(insns, bytes, size);
	return insns;
}

static int l_verify(lua_State *L)
{
	const struct sock_filter *insns;
	struct bpf_error err;
	size_t len;

	luaL_checkstring(L, 1);
	if (lua_rawlen(L, 1) % sizeof(*insns) != 0) {
		lua_pushnil(L);
		lua_pushfstring(L, "a program is a multiple of %d bytes, "
				"not %d", (int)sizeof(*insns),
				(int)lua_rawlen(L, 1));
		return 2;
	}
	insns = check_bytes(L, 1, &len);
	if (bpf_verify(insns, len, &err) < 0) {
		lua_pushnil(L);
		lua_pushstring(L, err.message);
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static int l_simulate(lua_State *L)
{
	struct seccomp_data data;
	const struct sock_filter *insns;
	size_t len;

	insns = check_bytes(L, 1, &len);
	read_input(L, 2, &data);
	return push_outcome(L, insns, len, &data);
}

static const luaL_Reg filter_methods[] = {
	{ "eval", filter_eval },
	{ "length", filter_length },
	{ "bytes", filter_bytes },
	{ "dump", filter_dump },
	{ NULL, NULL }
};

static const luaL_Reg filter_meta[] = {
	{ "__len", filter_length },
	{ "__tostring", filter_tostring },
	{ NULL, NULL }
};

static const luaL_Reg functions[] = {
	{ "compile", l_compile },
	{ "action_name", l_action_name },
	{ "verify", l_verify },
	{ "simulate", l_simulate },
	{ NULL, NULL }
};

void core_register_filter(lua_State *L)
{
	luaL_newmetatable(L, FILTER_TYPE);
	luaL_setfuncs(L, filter_meta, 0);
	luaL_newlib(L, filter_methods);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
	luaL_setfuncs(L, functions, 0);
}
