/*
 * marshal.c - core.compile's spec table to struct bpf_policy.
 *
 * Two passes over the table.  The first checks every field, and counts the
 * rules, clauses and comparisons; one userdata then holds the whole policy.
 * The second fills it arch by arch, since a syscall's number, whether it
 * exists at all, and the width of its arguments depend on the arch.  Only
 * raw table access is used, so no Lua code runs between the passes.
 *
 * On an arch with socketcall(2) or ipc(2), a rule on a syscall those
 * multiplex gets a copy on the multiplexer, tagged so that listings can say
 * so.  Its real arguments sit behind a pointer the filter cannot read, so a
 * copy of a conditional rule fails closed: dropped when it would allow,
 * decided by the sub-call number alone when it denies.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <lauxlib.h>
#include <linux/seccomp.h>

#include "arch/arch.h"
#include "lua/marshal.h"

/* The origin tag of rule i (from 0): which rule, and which copy of it. */
enum mux { MUX_NONE, MUX_SOCKETCALL, MUX_IPC };
#define ORIGIN_TAG(i, mux) ((int)((i) * 4 + (size_t)(mux)))
#define RULES_MAX ((size_t)INT32_MAX / 4 - 1)

struct sizes {
	size_t rules, clauses, compares;
};

struct marshal {
	struct bpf_policy policy;
	struct bpf_arch_rules arches[ARCH_COUNT];
	const struct arch_info *info[ARCH_COUNT];
	struct bpf_rule *rule, *rule_end;      /* next free, end */
	struct bpf_clause *clause, *clause_end;
	struct bpf_compare *compare, *compare_end;
};

static const char *const spec_keys[] = {
	"arches", "default", "bad_arch", "newer", "rules", NULL
};

static const char *const rule_keys[] = {
	"syscall", "action", "origin", "clauses", NULL
};

static const char *const compare_keys[] = {
	"arg", "op", "value", "mask", NULL
};

static const char *const op_names[] = {   /* in enum bpf_op order */
	"eq", "ne", "lt", "le", "gt", "ge", "masked_eq", NULL
};

/* Raises "rule <rule>: <message>", or the message alone for rule 0. */
static int fail(lua_State *L, int rule, const char *fmt, ...)
{
	va_list ap;

	if (rule > 0)
		lua_pushfstring(L, "rule %d: ", rule);
	else
		lua_pushliteral(L, "");
	va_start(ap, fmt);
	lua_pushvfstring(L, fmt, ap);
	va_end(ap);
	lua_concat(L, 2);
	return lua_error(L);
}

static int rawfield(lua_State *L, int t, const char *key)
{
	t = lua_absindex(L, t);
	lua_pushstring(L, key);
	return lua_rawget(L, t);
}

static int list_index(const char *const *names, const char *name)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

static void check_keys(lua_State *L, int t, const char *const *keys,
		       int rule, const char *where)
{
	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			fail(L, rule, "%sa key of type %s", where,
			     luaL_typename(L, -1));
		if (list_index(keys, lua_tostring(L, -1)) < 0)
			fail(L, rule, "%sunknown field '%s'", where,
			     lua_tostring(L, -1));
	}
}

/*
 * Table t must be a plain list: a stray key would be a level of nesting
 * gone missing, and an empty clause list means "always".
 */
static size_t check_list(lua_State *L, int t, int rule, const char *what)
{
	size_t n = lua_rawlen(L, t), keys = 0;

	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 ||
		    (size_t)lua_tointeger(L, -1) > n)
			fail(L, rule, "%s must be a list", what);
		keys++;
	}
	if (keys != n)
		fail(L, rule, "%s must be a list", what);
	return n;
}

static lua_Integer to_integer(lua_State *L, int idx, int rule,
			      const char *what)
{
	lua_Integer v = 0;
	int ok = 0;

	if (lua_type(L, idx) == LUA_TNUMBER)
		v = lua_tointegerx(L, idx, &ok);
	if (!ok)
		fail(L, rule, "%s must be an integer, not %s", what,
		     luaL_typename(L, idx));
	return v;
}

/* Field key of table t as a SECCOMP_RET_* word, fallback when absent. */
static uint32_t action_field(lua_State *L, int t, const char *key, int rule,
			     const uint32_t *fallback)
{
	lua_Integer v;

	if (rawfield(L, t, key) == LUA_TNIL && fallback != NULL) {
		lua_pop(L, 1);
		return *fallback;
	}
	v = to_integer(L, -1, rule, key);
	if (v < 0 || v > UINT32_MAX)
		fail(L, rule, "%s must be a SECCOMP_RET_* value "
		     "0..0xffffffff", key);
	lua_pop(L, 1);
	return (uint32_t)v;
}

static const char *syscall_field(lua_State *L, int r, int rule)
{
	const char *name;

	if (rawfield(L, r, "syscall") != LUA_TSTRING)
		fail(L, rule, "syscall must be a name, not %s",
		     luaL_typename(L, -1));
	name = lua_tostring(L, -1);
	lua_pop(L, 1);
	return name;      /* still referenced by the rule table */
}

static size_t read_arches(lua_State *L, int spec,
			  const struct arch_info **info)
{
	size_t n, i, j, count = 0;
	const char *name;

	if (rawfield(L, spec, "arches") != LUA_TTABLE ||
	    (n = check_list(L, lua_gettop(L), 0, "arches")) == 0)
		fail(L, 0, "arches must be a list of arch names");
	for (i = 1; i <= n; i++) {
		if (lua_rawgeti(L, -1, (lua_Integer)i) != LUA_TSTRING)
			fail(L, 0, "arches[%d] must be an arch name",
			     (int)i);
		name = lua_tostring(L, -1);
		info[count] = arch_by_name(name);
		if (info[count] == NULL)
			fail(L, 0, "unknown arch '%s'", name);
		for (j = 0; j < count; j++)
			if (info[j] == info[count])
				fail(L, 0, "arch '%s' given twice", name);
		count++;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return count;
}

/* ------------------------------------------------------------------ */
/* First pass: checks and sizes.                                       */

static int check_compare(lua_State *L, int c, int rule)
{
	lua_Integer arg;
	int op;

	if (!lua_istable(L, c))
		fail(L, rule, "a comparison must be a table, not %s",
		     luaL_typename(L, c));
	check_keys(L, c, compare_keys, rule, "comparison: ");
	rawfield(L, c, "arg");
	arg = to_integer(L, -1, rule, "arg");
	if (arg < 0 || arg > 5)
		fail(L, rule, "arg must be 0..5");
	if (rawfield(L, c, "op") != LUA_TSTRING)
		fail(L, rule, "op must be a name, not %s",
		     luaL_typename(L, -1));
	op = list_index(op_names, lua_tostring(L, -1));
	if (op < 0)
		fail(L, rule, "unknown operator '%s'", lua_tostring(L, -1));
	rawfield(L, c, "value");
	to_integer(L, -1, rule, "value");
	if (rawfield(L, c, "mask") == LUA_TNIL && op == BPF_OP_MASKED_EQ)
		fail(L, rule, "masked_eq needs a mask");
	if (!lua_isnil(L, -1) && op != BPF_OP_MASKED_EQ)
		fail(L, rule, "mask is only for masked_eq");
	if (!lua_isnil(L, -1))
		to_integer(L, -1, rule, "mask");
	lua_pop(L, 4);
	return op;
}

/* The clauses of rule table r: counted into *s, their number returned. */
static size_t check_clauses(lua_State *L, int r, int rule, struct sizes *s)
{
	size_t n, i, k, m;
	int t;

	if (rawfield(L, r, "clauses") == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (!lua_istable(L, -1))
		fail(L, rule, "clauses must be a list of clauses");
	t = lua_gettop(L);
	n = check_list(L, t, rule, "clauses");
	for (i = 1; i <= n; i++) {
		if (lua_rawgeti(L, t, (lua_Integer)i) != LUA_TTABLE)
			fail(L, rule, "clause %d must be a list of "
			     "comparisons", (int)i);
		m = check_list(L, lua_gettop(L), rule, "a clause");
		for (k = 1; k <= m; k++) {
			lua_rawgeti(L, -1, (lua_Integer)k);
			check_compare(L, lua_gettop(L), rule);
			lua_pop(L, 1);
		}
		s->compares += m;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	s->clauses += n;
	return n;
}

static int known_somewhere(const struct marshal *m, size_t arches,
			   const char *name)
{
	size_t t;

	for (t = 0; t < arches; t++)
		if (arch_syscall_nr(m->info[t], name) >= 0 ||
		    arch_socketcall_call(m->info[t], name) >= 0 ||
		    arch_ipc_call(m->info[t], name) >= 0)
			return 1;
	return 0;
}

static void check_rule(lua_State *L, int r, int rule,
		       const struct marshal *m, size_t arches,
		       struct sizes *s)
{
	lua_Integer origin;
	const char *name;

	if (!lua_istable(L, r))
		fail(L, rule, "must be a table, not %s", luaL_typename(L, r));
	check_keys(L, r, rule_keys, rule, "");
	name = syscall_field(L, r, rule);
	if (!known_somewhere(m, arches, name))
		fail(L, rule, "syscall '%s' is unknown to every target arch",
		     name);
	action_field(L, r, "action", rule, NULL);
	if (rawfield(L, r, "origin") != LUA_TNIL) {
		origin = to_integer(L, -1, rule, "origin");
		if (origin < INT32_MIN || origin > INT32_MAX)
			fail(L, rule, "origin must fit in 32 bits");
	}
	lua_pop(L, 1);
	check_clauses(L, r, rule, s);
	s->rules++;
}

static void check_rules(lua_State *L, int spec, const struct marshal *m,
			size_t arches, struct sizes *s)
{
	size_t n, i;
	int t;

	if (rawfield(L, spec, "rules") != LUA_TTABLE)
		fail(L, 0, "rules must be a list of rules");
	t = lua_gettop(L);
	n = check_list(L, t, 0, "rules");
	if (n > RULES_MAX)
		fail(L, 0, "too many rules");
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, t, (lua_Integer)i);
		check_rule(L, lua_gettop(L), (int)i, m, arches, s);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* ------------------------------------------------------------------ */
/* Second pass: the policy, arch by arch.                              */

static void *take(lua_State *L, void *next, void *end, size_t size)
{
	if ((char *)next + size > (char *)end)
		fail(L, 0, "the spec table changed while it was read");
	return next;
}

static struct bpf_rule *new_rule(lua_State *L, struct marshal *m)
{
	take(L, m->rule, m->rule_end, sizeof(*m->rule));
	return m->rule++;
}

static struct bpf_clause *new_clause(lua_State *L, struct marshal *m)
{
	take(L, m->clause, m->clause_end, sizeof(*m->clause));
	return m->clause++;
}

static struct bpf_compare *new_compare(lua_State *L, struct marshal *m)
{
	take(L, m->compare, m->compare_end, sizeof(*m->compare));
	return m->compare++;
}

/* Comparison table c, already checked. */
static void fill_compare(lua_State *L, int c, struct bpf_compare *out,
			 const struct arch_info *arch, const char *name)
{
	rawfield(L, c, "arg");
	out->arg = (uint8_t)lua_tointeger(L, -1);
	rawfield(L, c, "op");
	out->op = (uint8_t)list_index(op_names, lua_tostring(L, -1));
	rawfield(L, c, "value");
	out->value = (uint64_t)lua_tointeger(L, -1);
	rawfield(L, c, "mask");
	out->mask = (uint64_t)lua_tointeger(L, -1);
	out->low_half_only = arch_arg_bits(arch, name, out->arg) == 32;
	lua_pop(L, 4);
}

static void fill_clause(lua_State *L, int t, struct marshal *m,
			const struct arch_info *arch, const char *name)
{
	struct bpf_clause *clause = new_clause(L, m);
	size_t k, n = lua_rawlen(L, t);

	clause->compares = m->compare;
	clause->compare_count = n;
	for (k = 1; k <= n; k++) {
		lua_rawgeti(L, t, (lua_Integer)k);
		fill_compare(L, lua_gettop(L), new_compare(L, m), arch, name);
		lua_pop(L, 1);
	}
}

static void fill_clauses(lua_State *L, int r, struct marshal *m,
			 const struct arch_info *arch, struct bpf_rule *rule,
			 const char *name)
{
	size_t i, n;

	rule->clauses = m->clause;
	rule->clause_count = 0;
	if (rawfield(L, r, "clauses") == LUA_TTABLE) {
		n = lua_rawlen(L, -1);
		for (i = 1; i <= n; i++) {
			lua_rawgeti(L, -1, (lua_Integer)i);
			fill_clause(L, lua_gettop(L), m, arch, name);
			lua_pop(L, 1);
		}
		rule->clause_count = n;
	}
	lua_pop(L, 1);
}

static int permits(uint32_t action)
{
	uint32_t kind = action & SECCOMP_RET_ACTION_FULL;

	return kind == SECCOMP_RET_ALLOW || kind == SECCOMP_RET_LOG;
}

/*
 * The copy of a rule on socketcall (arg0 == call) or ipc
 * ((arg0 & 0xffff) == call: the high half of the word is a version).
 */
static void add_multiplexed(lua_State *L, struct marshal *m,
			    const struct arch_info *arch,
			    const struct bpf_rule *rule, const char *name,
			    size_t index)
{
	int call = arch_socketcall_call(arch, name);
	const char *via = call >= 0 ? "socketcall" : "ipc";
	int64_t nr = -1;
	struct bpf_rule *copy;
	struct bpf_clause *clause;
	struct bpf_compare *cmp;

	if (call < 0)
		call = arch_ipc_call(arch, name);
	if (call >= 0)
		nr = arch_syscall_nr(arch, via);
	if (nr < 0 || (rule->clause_count > 0 && permits(rule->action)))
		return;
	copy = new_rule(L, m);
	clause = new_clause(L, m);
	cmp = new_compare(L, m);
	memset(cmp, 0, sizeof(*cmp));
	cmp->op = via[0] == 'i' ? BPF_OP_MASKED_EQ : BPF_OP_EQ;
	cmp->mask = via[0] == 'i' ? 0xffff : 0;
	cmp->value = (uint64_t)call;
	cmp->low_half_only = arch_arg_bits(arch, via, 0) == 32;
	clause->compare_count = 1;
	clause->compares = cmp;
	*copy = (struct bpf_rule){ (uint32_t)nr, rule->action, 1, clause,
		ORIGIN_TAG(index, via[0] == 'i' ? MUX_IPC : MUX_SOCKETCALL) };
}

/* Rule table r, the index-th (from 0), on one arch. */
static void fill_rule(lua_State *L, int r, size_t index, struct marshal *m,
		      const struct arch_info *arch)
{
	const char *name = syscall_field(L, r, 0);
	int64_t nr = arch_syscall_nr(arch, name);
	struct bpf_rule rule = { 0, 0, 0, NULL, ORIGIN_TAG(index, MUX_NONE) };

	rule.action = action_field(L, r, "action", 0, NULL);
	rule.nr = (uint32_t)nr;
	fill_clauses(L, r, m, arch, &rule, name);
	if (nr >= 0)
		*new_rule(L, m) = rule;
	add_multiplexed(L, m, arch, &rule, name, index);
}

static void fill_arch(lua_State *L, int rules, struct marshal *m, size_t t)
{
	const struct arch_info *arch = m->info[t];
	struct bpf_arch_rules *out = &m->arches[t];
	size_t i, n = lua_rawlen(L, rules);

	out->audit_arch = arch->audit_arch;
	out->nr_base = arch->nr_base;
	out->max_nr = arch->max_nr;
	out->name = arch->name;
	out->rules = m->rule;
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, rules, (lua_Integer)i);
		fill_rule(L, lua_gettop(L), i - 1, m, arch);
		lua_pop(L, 1);
	}
	out->rule_count = (size_t)(m->rule - out->rules);
}

/* ------------------------------------------------------------------ */

/* One userdata: struct marshal, then the rules, clauses, comparisons. */
static struct marshal *allocate(lua_State *L, const struct sizes *s,
				size_t arches)
{
	size_t rules = arches * 2 * s->rules;
	size_t clauses = arches * (s->clauses + s->rules);
	size_t compares = arches * (s->compares + s->rules);
	size_t size = sizeof(struct marshal) +
		      rules * sizeof(struct bpf_rule) +
		      clauses * sizeof(struct bpf_clause) +
		      compares * sizeof(struct bpf_compare);
	struct marshal *m = lua_newuserdatauv(L, size, 0);

	memset(m, 0, sizeof(*m));
	m->rule = (struct bpf_rule *)(m + 1);
	m->rule_end = m->rule + rules;
	m->clause = (struct bpf_clause *)m->rule_end;
	m->clause_end = m->clause + clauses;
	m->compare = (struct bpf_compare *)m->clause_end;
	m->compare_end = m->compare + compares;
	return m;
}

const struct bpf_policy *marshal_policy(lua_State *L, int spec)
{
	static const uint32_t kill = SECCOMP_RET_KILL_PROCESS;
	static const uint32_t enosys = SECCOMP_RET_ERRNO | 38;
	struct marshal probe, *m;
	struct sizes s = { 0, 0, 0 };
	size_t arches, t;

	spec = lua_absindex(L, spec);
	luaL_checktype(L, spec, LUA_TTABLE);
	check_keys(L, spec, spec_keys, 0, "spec: ");
	arches = read_arches(L, spec, probe.info);
	probe.policy.default_action = action_field(L, spec, "default", 0,
						   NULL);
	probe.policy.bad_arch_action = action_field(L, spec, "bad_arch", 0,
						    &kill);
	probe.policy.newer_action = action_field(L, spec, "newer", 0,
						 &enosys);
	check_rules(L, spec, &probe, arches, &s);
	m = allocate(L, &s, arches);
	memcpy(m->info, probe.info, sizeof(m->info));
	m->policy = probe.policy;
	rawfield(L, spec, "rules");
	for (t = 0; t < arches; t++)
		fill_arch(L, lua_gettop(L), m, t);
	lua_pop(L, 1);
	m->policy.arch_count = arches;
	m->policy.arches = m->arches;
	return &m->policy;
}

void marshal_notes(lua_State *L, int spec, struct bpf_program *program)
{
	struct bpf_note *note;
	lua_Integer origin;
	size_t pc, index;
	int known;

	rawfield(L, lua_absindex(L, spec), "rules");
	for (pc = 0; pc < program->len; pc++) {
		note = &program->notes[pc];
		if (note->origin < 0)
			continue;
		index = (size_t)note->origin / 4;
		note->multiplexed = (uint8_t)(note->origin % 4);
		lua_rawgeti(L, -1, (lua_Integer)index + 1);
		rawfield(L, -1, "origin");
		origin = lua_tointegerx(L, -1, &known);
		note->origin = known ? (int)origin : (int)index + 1;
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
}
