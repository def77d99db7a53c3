/*
 * host.h - the embedded Lua 5.4 state of the launcher: opens the
 * libraries, makes seccomp.core loadable without a shared object, finds
 * the Lua modules beside the executable, and calls into them with errors
 * caught as one-line messages.
 */
#ifndef LUASANDBOX_LUA_HOST_H
#define LUASANDBOX_LUA_HOST_H

#include <stddef.h>
#include <lua.h>

struct host_error {
	char message[1024];
};

/* A new state, or NULL with err filled (out of memory). */
lua_State *host_open(struct host_error *err);

/*
 * Calls module.function with the nargs values on the stack top and leaves
 * nresults results.  Returns 0, or -1 with err holding the Lua error.
 */
int host_call(lua_State *L, const char *module, const char *function,
	      int nargs, int nresults, struct host_error *err);

/* Copies the message of the error on the stack top into err and pops it. */
void host_take_error(lua_State *L, struct host_error *err);

#endif
