/*
 * session.c - the helpers every part of the command line uses.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bpf/program.h"
#include "cli/message.h"
#include "cli/session.h"
#include "lua/core.h"
#include "lua/host.h"
#include "sandbox/launch.h"

struct options session_opts;

int session_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message_verror(fmt, ap);
	va_end(ap);
	return LAUNCH_EXIT_FAILURE;
}

void session_verbose(const char *fmt, ...)
{
	va_list ap;

	if (!session_opts.verbose)
		return;
	va_start(ap, fmt);
	message_verror(fmt, ap);
	va_end(ap);
}

double session_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Writes len bytes to path ('-': stdout).  Returns 0 or 125. */
int session_write_file(const char *path, const char *bytes, size_t len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");

	if (f == NULL)
		return session_fail("cannot open '%s': %s", path,
				    strerror(errno));
	size_t written = fwrite(bytes, 1, len, f);
	int closed = f == stdout ? fflush(f) : fclose(f);
	if (written != len || closed != 0)
		return session_fail("cannot write '%s': %s", path,
				    strerror(errno));
	return 0;
}

/* Compiles the policy in SLOT_POLICY into SLOT_FILTER. */
int session_compile(lua_State *L, const char *name)
{
	struct host_error err;
	double t0 = session_now_us();

	lua_getfield(L, SLOT_POLICY, "compile");
	lua_pushvalue(L, SLOT_POLICY);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		host_take_error(L, &err);
		return session_fail("%s", err.message);
	}
	lua_insert(L, SLOT_FILTER);
	const struct bpf_program *program = core_filter_program(L, SLOT_FILTER);
	if (program == NULL)
		return session_fail("%s: compile() returned no filter", name);
	session_verbose("compiled %zu instructions in %.0f us", program->len,
		session_now_us() - t0);
	return 0;
}

