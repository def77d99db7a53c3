/*
 * report.c - the options that report on a profile instead of launching:
 * --check, --dump, --explain, --export and --bpf, and --import.  The text
 * comes from lua/sandbox/cli.lua; this prints or writes it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/session.h"
#include "lua/host.h"
#include "sandbox/launch.h"

/* Calls sandbox.cli.NAME(subject, policy, filter), prints its string. */
static int print_report(lua_State *L, const char *name, const char *subject)
{
	struct host_error err;

	lua_pushstring(L, subject);
	lua_pushvalue(L, SLOT_POLICY);
	lua_pushvalue(L, SLOT_FILTER);
	if (host_call(L, "sandbox.cli", name, 3, 1, &err) != 0)
		return session_fail("%s", err.message);
	fputs(lua_tostring(L, -1), stdout);
	lua_pop(L, 1);
	if (fflush(stdout) != 0)
		return session_fail("cannot write the report: %s",
				    strerror(errno));
	return 0;
}

static int write_bpf(lua_State *L)
{
	size_t len;

	lua_getfield(L, SLOT_FILTER, "bytes");
	lua_pushvalue(L, SLOT_FILTER);
	lua_call(L, 1, 1);
	const char *bytes = lua_tolstring(L, -1, &len);
	if (session_write_file(session_opts.bpf_out, bytes, len) != 0)
		return LAUNCH_EXIT_FAILURE;
	session_verbose("wrote %zu bytes of BPF to '%s'", len,
			session_opts.bpf_out);
	return 0;
}

int report_run(lua_State *L)
{
	int status = 0;

	if (session_opts.check)
		status = print_report(L, "summary", session_opts.profile);
	if (status == 0 && session_opts.dump)
		status = print_report(L, "dump", session_opts.profile);
	if (status == 0 && session_opts.explain != NULL)
		status = print_report(L, "explain", session_opts.explain);
	if (status == 0 && session_opts.export_as != NULL)
		status = print_report(L, "export", session_opts.export_as);
	if (status == 0 && session_opts.bpf_out != NULL)
		status = write_bpf(L);
	return status;
}

/* --import FILE.json: prints the equivalent profile script. */
int report_import(lua_State *L)
{
	struct host_error err;

	lua_pushstring(L, session_opts.import);
	if (host_call(L, "sandbox.cli", "import", 1, 1, &err) != 0)
		return session_fail("%s", err.message);
	fputs(lua_tostring(L, -1), stdout);
	if (fflush(stdout) != 0)
		return session_fail("cannot write the profile: %s",
				    strerror(errno));
	return 0;
}

