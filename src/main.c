/*
 * main.c - the luasandbox command line.
 *
 *   luasandbox [OPTIONS] PROFILE [-- COMMAND [ARG...]]
 *   luasandbox [OPTIONS] --learn OUT.lua -- COMMAND [ARG...]
 *
 * Loads the profile, compiles it, then either reports on the filter
 * (--check, --dump, --bpf) or launches COMMAND under it, answering its
 * notified syscalls with the profile's supervise function.  --learn runs
 * COMMAND under a filter that notifies every syscall and writes the
 * profile of the calls it made.  Exit status: the workload's own, 128+N
 * for signal N, 125 when luasandbox fails, 126 when COMMAND cannot be
 * executed, 127 when it is not found.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/session.h"
#include "lua/host.h"
#include "sandbox/fds.h"

/* Leaves the profile's policy in SLOT_POLICY. */
static int load_profile(lua_State *L)
{
	struct host_error err;
	double t0 = session_now_us();

	lua_pushstring(L, session_opts.profile);
	if (host_call(L, "sandbox.profile", "load", 1, 1, &err) != 0)
		return session_fail("%s", err.message);
	session_verbose("loaded '%s' in %.0f us", session_opts.profile,
			session_now_us() - t0);
	return 0;
}

/*
 * `make check ASAN=1` preloads the sanitizer runtimes into lua5.4 for the
 * module; a sanitized luasandbox has its own, and the workloads it runs
 * must not inherit them.
 */
static void drop_sanitizer_preload(void)
{
#if defined(__SANITIZE_ADDRESS__)
	unsetenv("LD_PRELOAD");
	unsetenv("ASAN_OPTIONS");
#endif
}

int main(int argc, char **argv)
{
	struct host_error err;

	drop_sanitizer_preload();
	if (fds_note_inherited() != 0)
		return session_fail("cannot list open descriptors: "
				    "/proc/self/fd: %s", strerror(errno));
	int status = options_parse(argc, argv, &session_opts);
	if (status >= 0)
		return status;
	lua_State *L = host_open(&err);
	if (L == NULL)
		return session_fail("%s", err.message);
	if (session_opts.import != NULL) {
		status = report_import(L);
		if (status != 0 || session_opts.profile == NULL) {
			lua_close(L);
			return status;
		}
		lua_settop(L, 0);
	}
	if (session_opts.learn != NULL) {
		status = run_learn(L);
		lua_close(L);
		return status;
	}
	status = load_profile(L);
	if (status == 0)
		status = session_compile(L, session_opts.profile);
	if (status == 0 && options_reports(&session_opts))
		status = report_run(L);
	else if (status == 0)
		status = run_profile(L);
	lua_close(L);
	return status;
}
