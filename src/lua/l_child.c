/*
 * l_child.c - the checkpoint verbs, as core.verbs.*: plain functions that
 * act on the calling process.  lua/sandbox/checkpoint.lua wraps them as
 * the methods of the child object a ready(child) hook receives.  Each
 * raises "verb: call: strerror" on failure; the launcher turns that into
 * exit status 125 before execve.
 */
#include <errno.h>
#include <string.h>

#include <lauxlib.h>

#include "bpf/program.h"
#include "lua/core.h"
#include "sandbox/install.h"

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

static const luaL_Reg verbs[] = {
	{ "no_new_privs", verb_no_new_privs },
	{ "install", verb_install },
	{ NULL, NULL }
};

void core_register_child(lua_State *L)
{
	luaL_newlib(L, verbs);
	lua_setfield(L, -2, "verbs");
}
