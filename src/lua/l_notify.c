/*
 * l_notify.c - the user-notification half of seccomp.core: whether a
 * filter needs a supervisor, and a notified syscall as the table a
 * profile's supervise function receives (see core.h).
 */
#include <stdint.h>

#include <lauxlib.h>

#include "arch/arch.h"
#include "bpf/program.h"
#include "lua/core.h"
#include "sandbox/notify.h"

/*
 * The arch of a notified call.  x32 shares x86_64's audit value; its
 * numbers carry the x32 bit, so an arch with a number base wins when the
 * number has that base.
 */
static const struct arch_info *notified_arch(const struct seccomp_data *d)
{
	const struct arch_info *plain = NULL;

	for (int i = 0; i < ARCH_COUNT; i++) {
		const struct arch_info *a = arch_get((enum arch_id)i);

		if (a->audit_arch != d->arch)
			continue;
		if (a->nr_base == 0)
			plain = a;
		else if (((uint32_t)d->nr & a->nr_base) != 0)
			return a;
	}
	return plain;
}

static void set_integer(lua_State *L, const char *key, lua_Integer value)
{
	lua_pushinteger(L, value);
	lua_setfield(L, -2, key);
}

void core_push_notification(lua_State *L, const struct seccomp_notif *call)
{
	const struct seccomp_data *d = &call->data;
	const struct arch_info *arch = notified_arch(d);

	lua_createtable(L, 0, 6);
	set_integer(L, "pid", (lua_Integer)call->pid);
	set_integer(L, "nr", (lua_Integer)d->nr);
	set_integer(L, "ip", (lua_Integer)d->instruction_pointer);
	if (arch != NULL) {
		const char *name = arch_syscall_name(arch, (uint32_t)d->nr);

		lua_pushstring(L, arch->name);
		lua_setfield(L, -2, "arch");
		if (name != NULL) {
			lua_pushstring(L, name);
			lua_setfield(L, -2, "syscall");
		}
	}
	lua_createtable(L, 6, 0);
	for (int i = 0; i < 6; i++) {
		lua_pushinteger(L, (lua_Integer)d->args[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "args");
}

/* core.notifies(filter): true when the filter can return user_notif */
static int l_notifies(lua_State *L)
{
	const struct bpf_program *program = core_filter_program(L, 1);

	if (program == NULL)
		return luaL_typeerror(L, 1, "Filter");
	lua_pushboolean(L, notify_wanted(program->insns, program->len));
	return 1;
}

static const luaL_Reg notify_functions[] = {
	{ "notifies", l_notifies },
	{ NULL, NULL }
};

void core_register_notify(lua_State *L)
{
	luaL_setfuncs(L, notify_functions, 0);
}
