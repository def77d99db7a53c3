/*
 * marshal.h - the spec table core.compile takes (see core.h), resolved to
 * the struct bpf_policy of src/bpf/policy.h for its target arches.
 */
#ifndef LUASANDBOX_LUA_MARSHAL_H
#define LUASANDBOX_LUA_MARSHAL_H

#include <lua.h>

#include "bpf/policy.h"
#include "bpf/program.h"

/*
 * Reads the spec table at index spec into a policy that lives in a new
 * userdata pushed on the stack (collected with it, so an error raised
 * half-way leaks nothing).  Raises on bad input: "rule 3: unknown
 * operator 'eqq'".
 */
const struct bpf_policy *marshal_policy(lua_State *L, int spec);

/*
 * The policy's rules carry marshal's own origin tags; this puts back the
 * spec's origin of each rule and marks the notes of the socketcall or ipc
 * copies (multiplexed: 1 socketcall, 2 ipc).
 */
void marshal_notes(lua_State *L, int spec, struct bpf_program *program);

#endif
