/*
 * core.h - the seccomp.core Lua module: one registration function per
 * concept, each adding its functions to the module table on the stack top.
 *
 * Lua-facing API (all errors raised with luaL_error, never exit):
 *
 *   core.arches()                  -> { "x86_64", "i386", ... }
 *   core.native_arch()             -> "x86_64"
 *   core.arch_info(arch)           -> { name, audit_arch, bits, nr_base,
 *                                       max_nr }
 *   core.syscall_number(arch, name)-> integer | nil
 *   core.syscall_name(arch, nr)    -> string | nil
 *   core.syscall_names(arch)       -> { "accept", ... } sorted
 *
 *   core.compile(spec)             -> Filter
 *     spec = { arches = { "x86_64", ... },
 *              default = u32, bad_arch = u32, newer = u32,  -- SECCOMP_RET_*
 *              rules = { { syscall = "openat", action = u32, origin = int,
 *                          clauses = { { { arg = 0, op = "eq", value = int,
 *                                          mask = int }, ... }, ... } },
 *                        ... } }        -- policy order, later wins
 *     A syscall name unknown to one arch is skipped on that arch.
 *   core.action_name(u32)          -> "errno(1)"
 *   core.verify(bytes)             -> true | nil, message
 *   core.simulate(bytes, input)    -> action, steps   (any cBPF program)
 *
 *   Filter: filter:eval{ arch = "x86_64", nr = int | syscall = name,
 *                        args = { ... }, ip = int } -> action, steps
 *           filter:length(), #filter, filter:bytes(), filter:dump()
 *
 *   The checkpoint verbs (child:install(filter), ...) are in l_child.c.
 *
 *   core.notifies(filter)          -> true when the filter can return
 *                                     user_notif (it needs a supervisor)
 */
#ifndef LUASANDBOX_LUA_CORE_H
#define LUASANDBOX_LUA_CORE_H

#include <lua.h>

struct bpf_program;

/*
 * The compiled program inside the Filter userdata at index, or NULL when
 * the value there is not a Filter.  Used by the launcher and by
 * child:install().  (l_filter.c)
 */
const struct bpf_program *core_filter_program(lua_State *L, int index);

void core_register_arch(lua_State *L);
void core_register_filter(lua_State *L);
void core_register_child(lua_State *L);
void core_register_notify(lua_State *L);

struct seccomp_notif;

/*
 * Pushes a notified syscall as the table a supervise function receives:
 * { pid =, arch = "x86_64", syscall = "openat", nr =, ip =,
 *   args = { six integers } }; arch and syscall are nil when the tables
 * do not know them.  (l_notify.c)
 */
void core_push_notification(lua_State *L, const struct seccomp_notif *call);

int luaopen_seccomp_core(lua_State *L);

#endif
