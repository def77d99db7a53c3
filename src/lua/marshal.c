/*
 * marshal.c - core.compile's spec table to struct bpf_policy.
 *
 * Two passes.  The first walks the spec table once: it checks every
 * field, notes what each rule is (its name's facts, its action) in a
 * scratch record, and counts the rules, clauses and comparisons each arch
 * will hold, so that one userdata of the exact size then holds the whole
 * policy.  The second fills it arch by arch, since a syscall's number,
 * whether it exists at all, and the width of its arguments depend on the
 * arch; it reads the spec table again only for the clauses.  Only raw
 * table access is used, so no Lua code runs between the passes.
 *
 * Each table is walked once with lua_next(), which both checks its keys
 * and collects its values, rather than walked and then looked up field by
 * field.  Names resolve through the facts marshal_names.c keeps.
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
#include "lua/marshal_names.h"

/* The origin tag of rule i (from 0): which rule, and which copy of it. */
enum mux { MUX_NONE, MUX_SOCKETCALL, MUX_IPC };
#define ORIGIN_TAG(i, mux) ((int)((i) * 4 + (size_t)(mux)))
#define RULES_MAX ((size_t)INT32_MAX / 4 - 1)

/* Every key of the spec table: the spec's, a rule's, a comparison's. */
enum key {
	KEY_ARCHES, KEY_DEFAULT, KEY_BAD_ARCH, KEY_NEWER, KEY_RULES,
	KEY_SYSCALL, KEY_ACTION, KEY_ORIGIN, KEY_CLAUSES,
	KEY_ARG, KEY_OP, KEY_VALUE, KEY_MASK,
	KEY_COUNT
};

static const char *const key_names[KEY_COUNT] = {
	"arches", "default", "bad_arch", "newer", "rules",
	"syscall", "action", "origin", "clauses",
	"arg", "op", "value", "mask"
};

#define SLOTS 5                /* the most keys a table may have */

static const char *const op_names[] = {   /* in enum bpf_op order */
	"eq", "ne", "lt", "le", "gt", "ge", "masked_eq", NULL
};

/*
 * What both passes read with, kept on the stack: the key strings, the
 * kept name facts, a nil, and slots for the values of a table and of a
 * comparison in it.
 */
struct reader {
	int keys;              /* stack index of key_names[0], op_names[0]
				* after the keys */
	const char *key_ptr[KEY_COUNT];
	const char *op_ptr[BPF_OP_MASKED_EQ + 1];
	int names;             /* the kept name facts */
	int nil;
	int outer, inner;      /* SLOTS slots each */
	size_t arch_count;
	const struct arch_info *arch[ARCH_COUNT];
	int64_t via_nr[ARCH_COUNT][2];   /* socketcall, ipc: -1 when absent */
};

/* The values collected from one table. */
struct fields {
	int base;              /* stack index of the slot of key first */
	enum key first;
	unsigned seen;         /* bit k - first: the table has key k */
};

/* What the first pass learns of a rule, for the second. */
struct record {
	const char *name;      /* the spec table holds the string */
	struct name_facts *facts;
	uint32_t action;
	size_t clause_count;
	unsigned present;      /* bit t: target t has the syscall */
	unsigned copies;       /* bit t: a copy on target t's multiplexer */
	uint32_t nr[ARCH_COUNT];       /* on target t, when present */
};

struct sizes {
	size_t rules[ARCH_COUNT], clauses, compares;
};

/* The policy and the room to fill it: each arch's rules, then the
 * clauses and comparisons of all. */
struct marshal {
	struct bpf_policy policy;
	struct bpf_arch_rules arches[ARCH_COUNT];
	struct bpf_rule *rule[ARCH_COUNT], *rule_end[ARCH_COUNT];
	struct bpf_clause *clause, *clause_end;
	struct bpf_compare *compare, *compare_end;
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

/* Pushes field key of the table at absolute index t; returns its type. */
static int field(lua_State *L, const struct reader *rd, int t, enum key key)
{
	lua_pushvalue(L, rd->keys + (int)key);
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

/* The operator named s, or -1; as key_index() below, pointers first. */
static int op_index(const struct reader *rd, const char *s)
{
	int i;

	for (i = 0; i <= BPF_OP_MASKED_EQ; i++)
		if (s == rd->op_ptr[i])
			return i;
	return list_index(op_names, s);
}

/*
 * The key below the top, one of first..last.  Equal short strings are one
 * object in Lua 5.4, so the pointers settle it; strcmp() is there for a
 * Lua that does not intern them.
 */
static enum key key_index(lua_State *L, const struct reader *rd,
			  enum key first, enum key last, int rule,
			  const char *where)
{
	const char *s;
	int k;

	if (lua_type(L, -2) != LUA_TSTRING)
		fail(L, rule, "%sa key of type %s", where,
		     luaL_typename(L, -2));
	s = lua_tostring(L, -2);
	for (k = (int)first; k <= (int)last; k++)
		if (s == rd->key_ptr[k])
			return (enum key)k;
	for (k = (int)first; k <= (int)last; k++)
		if (strcmp(s, key_names[k]) == 0)
			return (enum key)k;
	fail(L, rule, "%sunknown field '%s'", where, s);
	return first;
}

/*
 * Checks that every key of table t is one of f->first..last, and puts the
 * value of each in its slot.
 */
static void collect(lua_State *L, const struct reader *rd, int t,
		    struct fields *f, enum key last, int rule,
		    const char *where)
{
	enum key k;

	f->seen = 0;
	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		k = key_index(L, rd, f->first, last, rule, where);
		f->seen |= 1u << (k - f->first);
		lua_replace(L, f->base + (int)(k - f->first));
	}
}

/* The stack index of the value collected for key k (maybe a nil). */
static int value(const struct reader *rd, const struct fields *f,
		 enum key k)
{
	if (!(f->seen & (1u << (k - f->first))))
		return rd->nil;
	return f->base + (int)(k - f->first);
}

/*
 * Table t must be a plain list: a stray key would be a level of nesting
 * gone missing, and an empty clause list means "always".
 */
static size_t check_list(lua_State *L, int t, int rule, const char *what)
{
	size_t n = lua_rawlen(L, t), keys = 0;
	lua_Integer k;

	lua_pushnil(L);
	while (lua_next(L, t) != 0) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || (k = lua_tointeger(L, -1)) < 1 ||
		    (size_t)k > n)
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

/* The value at idx as a SECCOMP_RET_* word, fallback when nil. */
static uint32_t to_action(lua_State *L, int idx, enum key key, int rule,
			  const uint32_t *fallback)
{
	lua_Integer v;

	if (lua_isnil(L, idx) && fallback != NULL)
		return *fallback;
	v = to_integer(L, idx, rule, key_names[key]);
	if (v < 0 || v > UINT32_MAX)
		fail(L, rule, "%s must be a SECCOMP_RET_* value "
		     "0..0xffffffff", key_names[key]);
	return (uint32_t)v;
}

/* ------------------------------------------------------------------ */
/* The reader and the spec's own fields.                               */

static void push_reader(lua_State *L, struct reader *rd)
{
	int k;

	luaL_checkstack(L, KEY_COUNT + 2 * SLOTS + 32, "marshal");
	rd->keys = lua_gettop(L) + 1;
	for (k = 0; k < KEY_COUNT; k++)
		rd->key_ptr[k] = lua_pushstring(L, key_names[k]);
	for (k = 0; k <= BPF_OP_MASKED_EQ; k++)
		rd->op_ptr[k] = lua_pushstring(L, op_names[k]);
	names_push_cache(L);
	rd->names = lua_gettop(L);
	lua_pushnil(L);
	rd->nil = lua_gettop(L);
	rd->outer = rd->nil + 1;
	rd->inner = rd->outer + SLOTS;
	lua_settop(L, rd->inner + SLOTS - 1);
	rd->arch_count = 0;
}

static void add_arch(lua_State *L, struct reader *rd, const char *name)
{
	const struct arch_info *arch = arch_by_name(name);
	size_t j;

	if (arch == NULL)
		fail(L, 0, "unknown arch '%s'", name);
	for (j = 0; j < rd->arch_count; j++)
		if (rd->arch[j] == arch)
			fail(L, 0, "arch '%s' given twice", name);
	rd->via_nr[rd->arch_count][0] = arch_syscall_nr(arch, "socketcall");
	rd->via_nr[rd->arch_count][1] = arch_syscall_nr(arch, "ipc");
	rd->arch[rd->arch_count++] = arch;
}

static void read_arches(lua_State *L, struct reader *rd, int list)
{
	size_t n, i;

	if (lua_type(L, list) != LUA_TTABLE ||
	    (n = check_list(L, list, 0, "arches")) == 0)
		fail(L, 0, "arches must be a list of arch names");
	for (i = 1; i <= n; i++) {
		if (lua_rawgeti(L, list, (lua_Integer)i) != LUA_TSTRING)
			fail(L, 0, "arches[%d] must be an arch name",
			     (int)i);
		add_arch(L, rd, lua_tostring(L, -1));
		lua_pop(L, 1);
	}
}

/* The spec's fields but its rules; the rules list pushed. */
static void read_spec(lua_State *L, struct reader *rd, int spec,
		      struct bpf_policy *policy)
{
	static const uint32_t kill = SECCOMP_RET_KILL_PROCESS;
	static const uint32_t enosys = SECCOMP_RET_ERRNO | 38;
	struct fields f = { rd->outer, KEY_ARCHES, 0 };

	collect(L, rd, spec, &f, KEY_RULES, 0, "spec: ");
	read_arches(L, rd, value(rd, &f, KEY_ARCHES));
	policy->default_action = to_action(L, value(rd, &f, KEY_DEFAULT),
					   KEY_DEFAULT, 0, NULL);
	policy->bad_arch_action = to_action(L, value(rd, &f, KEY_BAD_ARCH),
					    KEY_BAD_ARCH, 0, &kill);
	policy->newer_action = to_action(L, value(rd, &f, KEY_NEWER),
					 KEY_NEWER, 0, &enosys);
	lua_pushvalue(L, value(rd, &f, KEY_RULES));
	if (!lua_istable(L, -1))
		fail(L, 0, "rules must be a list of rules");
}

/* ------------------------------------------------------------------ */
/* First pass: checks, records and sizes.                              */

static void check_compare(lua_State *L, const struct reader *rd, int c,
			  int rule)
{
	struct fields f = { rd->inner, KEY_ARG, 0 };
	lua_Integer arg;
	int op, mask;

	if (!lua_istable(L, c))
		fail(L, rule, "a comparison must be a table, not %s",
		     luaL_typename(L, c));
	collect(L, rd, c, &f, KEY_MASK, rule, "comparison: ");
	arg = to_integer(L, value(rd, &f, KEY_ARG), rule, "arg");
	if (arg < 0 || arg > 5)
		fail(L, rule, "arg must be 0..5");
	if (lua_type(L, value(rd, &f, KEY_OP)) != LUA_TSTRING)
		fail(L, rule, "op must be a name, not %s",
		     luaL_typename(L, value(rd, &f, KEY_OP)));
	op = op_index(rd, lua_tostring(L, value(rd, &f, KEY_OP)));
	if (op < 0)
		fail(L, rule, "unknown operator '%s'",
		     lua_tostring(L, value(rd, &f, KEY_OP)));
	to_integer(L, value(rd, &f, KEY_VALUE), rule, "value");
	mask = value(rd, &f, KEY_MASK);
	if (lua_isnil(L, mask) && op == BPF_OP_MASKED_EQ)
		fail(L, rule, "masked_eq needs a mask");
	if (!lua_isnil(L, mask) && op != BPF_OP_MASKED_EQ)
		fail(L, rule, "mask is only for masked_eq");
	if (!lua_isnil(L, mask))
		to_integer(L, mask, rule, "mask");
}

/* The clause list at index t: its clauses counted, its comparisons
 * returned. */
static size_t check_clauses(lua_State *L, const struct reader *rd, int t,
			    int rule, size_t *clauses)
{
	size_t n, i, k, m, compares = 0;

	if (!lua_istable(L, t))
		fail(L, rule, "clauses must be a list of clauses");
	n = check_list(L, t, rule, "clauses");
	for (i = 1; i <= n; i++) {
		if (lua_rawgeti(L, t, (lua_Integer)i) != LUA_TTABLE)
			fail(L, rule, "clause %d must be a list of "
			     "comparisons", (int)i);
		m = check_list(L, lua_gettop(L), rule, "a clause");
		for (k = 1; k <= m; k++) {
			lua_rawgeti(L, -1, (lua_Integer)k);
			check_compare(L, rd, lua_gettop(L), rule);
			lua_pop(L, 1);
		}
		compares += m;
		lua_pop(L, 1);
	}
	*clauses = n;
	return compares;
}

/* The facts of string s at index name on every target, kept; NULL when
 * no target knows it. */
static struct name_facts *known_somewhere(lua_State *L,
					  const struct reader *rd, int name,
					  const char *s)
{
	struct name_facts fresh, *f;
	const struct arch_info *arch;
	int known = 0;
	size_t t;

	f = names_find(L, rd->names, name, &fresh);
	for (t = 0; t < rd->arch_count; t++) {
		arch = rd->arch[t];
		if (!(f->resolved & (1u << arch->id)))
			names_resolve(f, arch, s, rd->via_nr[t][0] >= 0,
				      rd->via_nr[t][1] >= 0);
		known |= f->nr[arch->id] >= 0 ||
			 f->socketcall[arch->id] >= 0 ||
			 f->ipc[arch->id] >= 0;
	}
	if (!known)
		return NULL;
	if (f == &fresh)
		f = names_keep(L, rd->names, name, f);
	return f;
}

static int permits(uint32_t action)
{
	uint32_t kind = action & SECCOMP_RET_ACTION_FULL;

	return kind == SECCOMP_RET_ALLOW || kind == SECCOMP_RET_LOG;
}

/*
 * The multiplexer of rule r's syscall on target t (0 socketcall, 1 ipc)
 * with its sub-call in *call, or -1 when the rule gets no copy there: the
 * arch has none, or the copy of a conditional rule would allow.
 */
static int multiplexer(const struct reader *rd, size_t t,
		       const struct record *r, int *call)
{
	unsigned id = rd->arch[t]->id;
	int ipc = r->facts->socketcall[id] < 0;

	*call = ipc ? r->facts->ipc[id] : r->facts->socketcall[id];
	if (*call < 0 || rd->via_nr[t][ipc] < 0 ||
	    (r->clause_count > 0 && permits(r->action)))
		return -1;
	return ipc;
}

/* Where rule r goes on each target arch, and the room it takes. */
static void place_rule(const struct reader *rd, struct record *r,
		       size_t compares, struct sizes *s)
{
	int64_t nr;
	size_t t;
	int call;

	r->present = r->copies = 0;
	for (t = 0; t < rd->arch_count; t++) {
		nr = r->facts->nr[rd->arch[t]->id];
		if (nr >= 0) {
			r->present |= 1u << t;
			r->nr[t] = (uint32_t)nr;
			s->rules[t]++;
			s->clauses += r->clause_count;
			s->compares += compares;
		}
		if (multiplexer(rd, t, r, &call) >= 0) {
			r->copies |= 1u << t;
			s->rules[t]++;
			s->clauses++;
			s->compares++;
		}
	}
}

static void check_rule(lua_State *L, const struct reader *rd, int t,
		       int rule, struct record *r, struct sizes *s)
{
	struct fields f = { rd->outer, KEY_SYSCALL, 0 };
	int name, clauses;
	size_t compares = 0;
	lua_Integer origin;

	if (!lua_istable(L, t))
		fail(L, rule, "must be a table, not %s", luaL_typename(L, t));
	collect(L, rd, t, &f, KEY_CLAUSES, rule, "");
	name = value(rd, &f, KEY_SYSCALL);
	if (lua_type(L, name) != LUA_TSTRING)
		fail(L, rule, "syscall must be a name, not %s",
		     luaL_typename(L, name));
	r->name = lua_tostring(L, name);
	r->facts = known_somewhere(L, rd, name, r->name);
	if (r->facts == NULL)
		fail(L, rule, "syscall '%s' is unknown to every target arch",
		     r->name);
	r->action = to_action(L, value(rd, &f, KEY_ACTION), KEY_ACTION,
			      rule, NULL);
	if (!lua_isnil(L, value(rd, &f, KEY_ORIGIN))) {
		origin = to_integer(L, value(rd, &f, KEY_ORIGIN), rule,
				    "origin");
		if (origin < INT32_MIN || origin > INT32_MAX)
			fail(L, rule, "origin must fit in 32 bits");
	}
	r->clause_count = 0;
	clauses = value(rd, &f, KEY_CLAUSES);
	if (!lua_isnil(L, clauses))
		compares = check_clauses(L, rd, clauses, rule,
					 &r->clause_count);
	place_rule(rd, r, compares, s);
}

/* Rules list t, of n rules, into records. */
static void check_rules(lua_State *L, const struct reader *rd, int t,
			size_t n, struct record *records, struct sizes *s)
{
	size_t i;

	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, t, (lua_Integer)i);
		check_rule(L, rd, lua_gettop(L), (int)i, &records[i - 1], s);
		lua_pop(L, 1);
	}
}

/* ------------------------------------------------------------------ */
/* Second pass: the policy, arch by arch.                              */

static void *take(lua_State *L, void *next, void *end, size_t size)
{
	if ((char *)next + size > (char *)end)
		fail(L, 0, "the spec table changed while it was read");
	return next;
}

static struct bpf_rule *new_rule(lua_State *L, struct marshal *m,
				 size_t t)
{
	take(L, m->rule[t], m->rule_end[t], sizeof(*m->rule[t]));
	return m->rule[t]++;
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
static void fill_compare(lua_State *L, const struct reader *rd, int c,
			 struct bpf_compare *out,
			 const struct arch_info *arch,
			 const struct record *r)
{
	field(L, rd, c, KEY_ARG);
	out->arg = (uint8_t)lua_tointeger(L, -1);
	field(L, rd, c, KEY_OP);
	out->op = (uint8_t)op_index(rd, lua_tostring(L, -1));
	field(L, rd, c, KEY_VALUE);
	out->value = (uint64_t)lua_tointeger(L, -1);
	field(L, rd, c, KEY_MASK);
	out->mask = (uint64_t)lua_tointeger(L, -1);
	out->low_half_only = names_arg_bits(r->facts, arch, r->name,
					    out->arg) == 32;
	lua_pop(L, 4);
}

static void fill_clause(lua_State *L, const struct reader *rd, int t,
			struct marshal *m, const struct arch_info *arch,
			const struct record *r)
{
	struct bpf_clause *clause = new_clause(L, m);
	size_t k, n = lua_rawlen(L, t);

	clause->compares = m->compare;
	clause->compare_count = n;
	for (k = 1; k <= n; k++) {
		lua_rawgeti(L, t, (lua_Integer)k);
		fill_compare(L, rd, lua_gettop(L), new_compare(L, m), arch,
			     r);
		lua_pop(L, 1);
	}
}

/* The clauses of rule table t, the record r of it. */
static void fill_clauses(lua_State *L, const struct reader *rd, int t,
			 struct marshal *m, const struct arch_info *arch,
			 const struct record *r)
{
	size_t i;

	field(L, rd, t, KEY_CLAUSES);
	for (i = 1; i <= r->clause_count; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		fill_clause(L, rd, lua_gettop(L), m, arch, r);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/*
 * The copy of a rule on socketcall (arg0 == call) or ipc
 * ((arg0 & 0xffff) == call: the high half of the word is a version).
 */
static void add_multiplexed(lua_State *L, const struct reader *rd,
			    struct marshal *m, size_t t,
			    const struct record *r, size_t index)
{
	const struct arch_info *arch = rd->arch[t];
	struct bpf_rule *copy;
	struct bpf_clause *clause;
	struct bpf_compare *cmp;
	int call, ipc;

	if (!(r->copies & (1u << t)))
		return;
	ipc = multiplexer(rd, t, r, &call);
	copy = new_rule(L, m, t);
	clause = new_clause(L, m);
	cmp = new_compare(L, m);
	memset(cmp, 0, sizeof(*cmp));
	cmp->op = ipc ? BPF_OP_MASKED_EQ : BPF_OP_EQ;
	cmp->mask = ipc ? 0xffff : 0;
	cmp->value = (uint64_t)call;
	cmp->low_half_only = arch_arg_bits(arch, ipc ? "ipc" : "socketcall",
					   0) == 32;
	clause->compare_count = 1;
	clause->compares = cmp;
	*copy = (struct bpf_rule){ (uint32_t)rd->via_nr[t][ipc], r->action, 1,
		clause, ORIGIN_TAG(index, ipc ? MUX_IPC : MUX_SOCKETCALL) };
}

/* Rule index (from 0) of rules list t on target arch number a. */
static void fill_rule(lua_State *L, const struct reader *rd, int t,
		      struct marshal *m, size_t a, const struct record *r,
		      size_t index)
{
	const struct arch_info *arch = rd->arch[a];
	struct bpf_rule *rule;

	if (r->present & (1u << a)) {
		rule = new_rule(L, m, a);
		*rule = (struct bpf_rule){ r->nr[a], r->action,
			r->clause_count, m->clause,
			ORIGIN_TAG(index, MUX_NONE) };
		if (r->clause_count > 0) {
			lua_rawgeti(L, t, (lua_Integer)index + 1);
			fill_clauses(L, rd, lua_gettop(L), m, arch, r);
			lua_pop(L, 1);
		}
	}
	add_multiplexed(L, rd, m, a, r, index);
}

static void fill_arch(lua_State *L, const struct reader *rd, int t,
		      struct marshal *m, size_t a,
		      const struct record *records, size_t n)
{
	const struct arch_info *arch = rd->arch[a];
	struct bpf_arch_rules *out = &m->arches[a];
	size_t i;

	out->audit_arch = arch->audit_arch;
	out->nr_base = arch->nr_base;
	out->max_nr = arch->max_nr;
	out->name = arch->name;
	out->rules = m->rule[a];
	for (i = 0; i < n; i++)
		fill_rule(L, rd, t, m, a, &records[i], i);
	out->rule_count = (size_t)(m->rule[a] - out->rules);
}

/* ------------------------------------------------------------------ */

/* One userdata: struct marshal, each arch's rules, then the clauses and
 * comparisons. */
static struct marshal *allocate(lua_State *L, const struct sizes *s,
				size_t arches)
{
	size_t rules = 0, t, size;
	struct marshal *m;
	struct bpf_rule *rule;

	for (t = 0; t < arches; t++)
		rules += s->rules[t];
	size = sizeof(struct marshal) + rules * sizeof(struct bpf_rule) +
	       s->clauses * sizeof(struct bpf_clause) +
	       s->compares * sizeof(struct bpf_compare);
	m = lua_newuserdatauv(L, size, 0);
	memset(m, 0, sizeof(*m));
	rule = (struct bpf_rule *)(m + 1);
	for (t = 0; t < arches; t++) {
		m->rule[t] = rule;
		rule += s->rules[t];
		m->rule_end[t] = rule;
	}
	m->clause = (struct bpf_clause *)rule;
	m->clause_end = m->clause + s->clauses;
	m->compare = (struct bpf_compare *)m->clause_end;
	m->compare_end = m->compare + s->compares;
	return m;
}

const struct bpf_policy *marshal_policy(lua_State *L, int spec)
{
	struct reader rd;
	struct bpf_policy policy;
	struct sizes s;
	struct record *records;
	struct marshal *m;
	int top, rules;
	size_t n, t;

	spec = lua_absindex(L, spec);
	luaL_checktype(L, spec, LUA_TTABLE);
	top = lua_gettop(L);
	push_reader(L, &rd);
	read_spec(L, &rd, spec, &policy);
	rules = lua_gettop(L);
	n = check_list(L, rules, 0, "rules");
	if (n > RULES_MAX)
		fail(L, 0, "too many rules");
	records = lua_newuserdatauv(L, n * sizeof(*records), 0);
	memset(&s, 0, sizeof(s));
	check_rules(L, &rd, rules, n, records, &s);
	m = allocate(L, &s, rd.arch_count);
	m->policy = policy;
	for (t = 0; t < rd.arch_count; t++)
		fill_arch(L, &rd, rules, m, t, records, n);
	m->policy.arch_count = rd.arch_count;
	m->policy.arches = m->arches;
	lua_replace(L, top + 1);
	lua_settop(L, top + 1);
	return &m->policy;
}

/* Consecutive instructions mostly come from one rule: it is looked up
 * once for them. */
void marshal_notes(lua_State *L, int spec, struct bpf_program *program)
{
	struct bpf_note *note;
	lua_Integer origin;
	size_t pc, index, last = SIZE_MAX;
	int known, tag = 0;

	spec = lua_absindex(L, spec);
	lua_pushliteral(L, "rules");
	lua_rawget(L, spec);
	lua_pushliteral(L, "origin");
	for (pc = 0; pc < program->len; pc++) {
		note = &program->notes[pc];
		if (note->origin < 0)
			continue;
		index = (size_t)note->origin / 4;
		note->multiplexed = (uint8_t)(note->origin % 4);
		if (index != last) {
			lua_rawgeti(L, -2, (lua_Integer)index + 1);
			lua_pushvalue(L, -2);
			lua_rawget(L, -2);
			origin = lua_tointegerx(L, -1, &known);
			tag = known ? (int)origin : (int)index + 1;
			lua_pop(L, 2);
			last = index;
		}
		note->origin = tag;
	}
	lua_pop(L, 2);
}
