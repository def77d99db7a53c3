/*
 * lsc_lua.c - the libseccomp oracle as a Lua module, build/helpers/lsc.so,
 * so that the differential specs and the benchmark run libseccomp in the
 * same process as our compiler, on the same clock.  Test-only: luasandbox
 * never links libseccomp.
 *
 *   local lsc = package.loadlib("build/helpers/lsc.so", "luaopen_lsc")()
 *   lsc.compile(lines, { optimize_tree = true, reps = 20 })
 *       -> bytes, best_ns, refused
 *   lsc.knows(name)                -> true when lsc.compile takes name
 *   lsc.syscall_number(arch, name) -> nr | nil     (libseccomp's names:
 *                                     "x86_64", "x86", "x32", ...)
 *   lsc.version()                  -> "2.5.4"
 *   lsc.now_ns()                   -> CLOCK_MONOTONIC in nanoseconds
 *
 * lines is a policy in lsc_policy.h's format.  bytes is the raw program
 * (struct sock_filter[]) of one untimed pass; refused lists the lines
 * libseccomp refused in that pass ("rule ...: Permission denied").  Then
 * reps timed passes (default 1) each build the context from the parsed
 * policy and export it; best_ns is the fastest.  Releasing the context is
 * not timed, as in lsc-compile.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>

#include "lsc_policy.h"

#define LSC_SESSION "lsc.session"
#define LSC_MAX_REPS 1000000

/*
 * Everything one compile holds, in a userdata whose __gc releases it, so
 * that a Lua error at any point leaks nothing.
 */
struct lsc_session {
	struct lsc_policy policy;
	scmp_filter_ctx ctx;
	int fd;
	bool tree;
	bool parsed;
};

static void session_close(struct lsc_session *s)
{
	if (s->ctx)
		seccomp_release(s->ctx);
	s->ctx = NULL;
	if (s->parsed)
		lsc_policy_free(&s->policy);
	s->parsed = false;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static int session_gc(lua_State *L)
{
	session_close(luaL_checkudata(L, 1, LSC_SESSION));
	return 0;
}

static struct lsc_session *new_session(lua_State *L)
{
	struct lsc_session *s = lua_newuserdatauv(L, sizeof(*s), 0);

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	luaL_setmetatable(L, LSC_SESSION);
	return s;
}

/* ------------------------------------------------------------------ */
/* Building a context                                                  */

/* The first arch line replaces the native arch seccomp_init chose;
 * libseccomp cannot drop its last arch, so the new one goes in first. */
static int add_arches(scmp_filter_ctx ctx, const struct lsc_policy *p)
{
	unsigned i;
	int rc;

	for (i = 0; i < p->narch; i++) {
		if (seccomp_arch_exist(ctx, p->arch[i]) == 0)
			continue;
		rc = seccomp_arch_add(ctx, p->arch[i]);
		if (rc == 0 && i == 0)
			rc = seccomp_arch_remove(ctx, seccomp_arch_native());
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The program is only exported, never loaded: no load-time attribute
 * may change it.  A refused bad-arch action is reported as a rule is. */
static int set_attributes(scmp_filter_ctx ctx, const struct lsc_session *s)
{
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 0);
	if (s->tree)
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (s->policy.badarch.no == 0)
		return 0;
	return seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				s->policy.badarch_action);
}

/* Pushes "LINE: strerror" onto the list at the stack top. */
static void note_refusal(lua_State *L, const struct lsc_line *line, int rc)
{
	lua_pushfstring(L, "line %d: %s", (int)line->no, strerror(-rc));
	lua_rawseti(L, -2, (lua_Integer)luaL_len(L, -2) + 1);
}

/*
 * Builds s->ctx from the parsed policy.  With L, each refusal goes onto
 * the list at L's stack top; without, refusals pass silently (the timed
 * passes repeat the untimed one).  -1 when libseccomp refuses the
 * default action or an arch: then no program would be comparable.
 */
static int build(struct lsc_session *s, lua_State *L)
{
	const struct lsc_policy *p = &s->policy;
	size_t i;
	int rc;

	s->ctx = seccomp_init(p->def_action);
	if (!s->ctx || add_arches(s->ctx, p) < 0)
		return -1;
	rc = set_attributes(s->ctx, s);
	if (rc < 0 && L)
		note_refusal(L, &p->badarch, rc);
	for (i = 0; i < p->nrule; i++) {
		const struct lsc_rule *r = &p->rule[i];

		rc = seccomp_rule_add_array(s->ctx, r->action, r->nr, r->ncmp,
					    r->cmp);
		if (rc < 0 && L)
			note_refusal(L, &r->src, rc);
	}
	return 0;
}

static void release(struct lsc_session *s)
{
	if (s->ctx)
		seccomp_release(s->ctx);
	s->ctx = NULL;
}

/* ------------------------------------------------------------------ */
/* Passes                                                              */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int rewind_fd(int fd)
{
	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	return 0;
}

/* Pushes the program s->fd holds as a string. */
static void push_program(lua_State *L, struct lsc_session *s)
{
	luaL_Buffer b;
	struct stat st;
	char *dst;
	ssize_t got;

	if (fstat(s->fd, &st) < 0)
		luaL_error(L, "lsc.compile: fstat: %s", strerror(errno));
	dst = luaL_buffinitsize(L, &b, (size_t)st.st_size);
	got = pread(s->fd, dst, (size_t)st.st_size, 0);
	if (got != (ssize_t)st.st_size)
		luaL_error(L, "lsc.compile: cannot read the program back");
	luaL_pushresultsize(&b, (size_t)got);
}

/* The untimed pass: pushes the refusal list, then the program. */
static void first_pass(lua_State *L, struct lsc_session *s)
{
	int rc;

	lua_newtable(L);
	if (build(s, L) < 0) {
		release(s);
		luaL_error(L, "lsc.compile: libseccomp refused the default "
			   "action or an arch");
	}
	rc = seccomp_export_bpf(s->ctx, s->fd);
	release(s);
	if (rc < 0)
		luaL_error(L, "lsc.compile: seccomp_export_bpf: %s",
			   strerror(-rc));
	push_program(L, s);
}

/* Best of reps passes, from the parsed policy to the exported program. */
static lua_Integer timed_passes(lua_State *L, struct lsc_session *s,
				lua_Integer reps)
{
	int64_t best = INT64_MAX, start, t;
	lua_Integer i;

	for (i = 0; i < reps; i++) {
		if (rewind_fd(s->fd) < 0)
			luaL_error(L, "lsc.compile: memfd: %s",
				   strerror(errno));
		start = now_ns();
		if (build(s, NULL) < 0 || seccomp_export_bpf(s->ctx, s->fd) < 0)
			t = -1;
		else
			t = now_ns() - start;
		release(s);
		if (t < 0)
			luaL_error(L, "lsc.compile: a timed pass failed");
		if (t < best)
			best = t;
	}
	return (lua_Integer)best;
}

/* ------------------------------------------------------------------ */
/* Module functions                                                    */

static lua_Integer option_reps(lua_State *L, int t)
{
	lua_Integer reps = 1;
	int ok;

	if (lua_getfield(L, t, "reps") != LUA_TNIL) {
		reps = lua_tointegerx(L, -1, &ok);
		if (!ok || reps < 1 || reps > LSC_MAX_REPS)
			luaL_error(L, "lsc.compile: 'reps' must be an integer "
				   "1..%d", LSC_MAX_REPS);
	}
	lua_pop(L, 1);
	return reps;
}

/* Parses text into s->policy; lsc_parse names a bad line on stderr. */
static void parse_text(lua_State *L, struct lsc_session *s,
		       const char *text, size_t len)
{
	FILE *in = fmemopen((void *)(uintptr_t)text, len ? len : 1, "r");
	int rc;

	if (!in)
		luaL_error(L, "lsc.compile: fmemopen: %s", strerror(errno));
	rc = lsc_parse(in, &s->policy);
	fclose(in);
	s->parsed = true;
	if (rc < 0)
		luaL_error(L, "lsc.compile: bad policy (see stderr)");
}

static int l_compile(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	struct lsc_session *s;
	lua_Integer reps = 1, best;
	bool tree = false;

	lua_settop(L, 2);
	if (!lua_isnil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		reps = option_reps(L, 2);
		lua_getfield(L, 2, "optimize_tree");
		tree = lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	s = new_session(L);               /* 3 */
	s->tree = tree;
	parse_text(L, s, text, len);
	s->fd = memfd_create("lsc", MFD_CLOEXEC);
	if (s->fd < 0)
		return luaL_error(L, "lsc.compile: memfd_create: %s",
				  strerror(errno));
	first_pass(L, s);                 /* refused (4), bytes (5) */
	best = timed_passes(L, s, reps);
	lua_pushvalue(L, 5);
	lua_pushinteger(L, best);
	lua_pushvalue(L, 4);
	session_close(s);
	return 3;
}

static int l_knows(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);

	lua_pushboolean(L, seccomp_syscall_resolve_name(name) !=
			       __NR_SCMP_ERROR);
	return 1;
}

static int l_syscall_number(lua_State *L)
{
	const char *arch = luaL_checkstring(L, 1);
	const char *name = luaL_checkstring(L, 2);
	uint32_t token = seccomp_arch_resolve_name(arch);
	int nr;

	if (token == 0)
		return luaL_error(L, "lsc.syscall_number: unknown arch '%s'",
				  arch);
	nr = seccomp_syscall_resolve_name_arch(token, name);
	if (nr < 0)
		lua_pushnil(L);
	else
		lua_pushinteger(L, nr);
	return 1;
}

static int l_version(lua_State *L)
{
	const struct scmp_version *v = seccomp_version();

	lua_pushfstring(L, "%d.%d.%d", (int)v->major, (int)v->minor,
			(int)v->micro);
	return 1;
}

static int l_now_ns(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)now_ns());
	return 1;
}

static const luaL_Reg lsc_functions[] = {
	{ "compile", l_compile },
	{ "knows", l_knows },
	{ "syscall_number", l_syscall_number },
	{ "version", l_version },
	{ "now_ns", l_now_ns },
	{ NULL, NULL }
};

int luaopen_lsc(lua_State *L);

int luaopen_lsc(lua_State *L)
{
	luaL_newmetatable(L, LSC_SESSION);
	lua_pushcfunction(L, session_gc);
	lua_setfield(L, -2, "__gc");
	lua_pop(L, 1);
	luaL_newlib(L, lsc_functions);
	return 1;
}
