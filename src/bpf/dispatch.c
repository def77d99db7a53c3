/*
 * dispatch.c - from seccomp_data.nr to its outcome, for one value of
 * seccomp_data.arch: a balanced binary search over ranges of numbers.
 *
 * Every number 0..0xffffffff has an outcome: bad_arch_action outside the
 * arches present, newer_action above an arch's max_nr, else the constant
 * action or the rule chain of chain.c (default_action when no rule names
 * it).  Consecutive numbers with the same constant action form one range;
 * a number with a rule chain is a range of its own.  The search tests only
 * nr, so for a constant outcome the path reads nr and arch alone, which
 * the kernel's action cache recognises.
 *
 * Ranges are not stored: they are found from the top down by a cursor that
 * scans the rules (the compiler allocates nothing), and the search is laid
 * out in the same order, the upper half of each node first.
 */
#include "bpf/codegen.h"

#define NR_END ((uint64_t)UINT32_MAX + 1)

struct outcome {
	int is_chain;
	uint32_t action;       /* !is_chain */
	struct chain chain;    /* is_chain */
};

struct cursor {
	const struct codegen_group *group;
	uint64_t hi;           /* ranges below this number remain */
};

static int in_window(const struct codegen_group *g, uint64_t nr)
{
	return (nr & g->window_bit) != 0 && nr != UINT32_MAX;
}

static const struct bpf_arch_rules *member_of(const struct codegen_group *g,
					      uint64_t nr)
{
	return in_window(g, nr) ? g->high : g->base;
}

static void outcome_at(const struct codegen *cg,
		       const struct codegen_group *g, uint64_t nr,
		       struct outcome *o)
{
	const struct bpf_arch_rules *arch = member_of(g, nr);

	o->is_chain = 0;
	if (arch == NULL) {
		o->action = cg->policy->bad_arch_action;
	} else if (nr > arch->max_nr) {
		o->action = cg->policy->newer_action;
	} else {
		chain_find(&o->chain, arch, (uint32_t)nr,
			   cg->policy->default_action);
		o->action = o->chain.fallback;
		o->is_chain = o->chain.count > 0;
	}
}

static void raise_to(uint64_t *best, uint64_t candidate, uint64_t nr)
{
	if (candidate <= nr && candidate > *best)
		*best = candidate;
}

static void arch_bounds(const struct bpf_arch_rules *arch, uint64_t nr,
			uint64_t *best)
{
	size_t i;

	if (arch == NULL)
		return;
	raise_to(best, (uint64_t)arch->max_nr + 1, nr);
	for (i = 0; i < arch->rule_count; i++) {
		raise_to(best, arch->rules[i].nr, nr);
		raise_to(best, (uint64_t)arch->rules[i].nr + 1, nr);
	}
}

/*
 * The first number of the stretch holding nr over which the outcome cannot
 * change: the largest window edge (a multiple of the window bit, or
 * 0xffffffff), max_nr + 1, rule number or rule number + 1 not above nr.
 */
static uint64_t stretch_start(const struct codegen_group *g, uint64_t nr)
{
	uint64_t best = 0;

	if (g->window_bit != 0) {
		raise_to(&best, nr / g->window_bit * g->window_bit, nr);
		raise_to(&best, UINT32_MAX, nr);
	}
	arch_bounds(g->base, nr, &best);
	arch_bounds(g->high, nr, &best);
	return best;
}

/* The range just below c->hi: its outcome in *o, c->hi moved to its start. */
static void range_below(const struct codegen *cg, struct cursor *c,
			struct outcome *o)
{
	uint64_t lo = stretch_start(c->group, c->hi - 1);
	struct outcome next;

	outcome_at(cg, c->group, lo, o);
	while (!o->is_chain && lo > 0) {
		outcome_at(cg, c->group, lo - 1, &next);
		if (next.is_chain || next.action != o->action)
			break;
		lo = stretch_start(c->group, lo - 1);
	}
	c->hi = lo;
}

void dispatch_actions(const struct codegen *cg,
		      const struct codegen_group *group,
		      codegen_action_fn *fn, void *ctx)
{
	struct cursor c = { group, NR_END };
	struct outcome o;

	while (c.hi > 0) {
		range_below(cg, &c, &o);
		if (o.is_chain)
			chain_actions(&o.chain, fn, ctx);
		else
			fn(ctx, o.action);
	}
}

static size_t range_count(const struct codegen *cg,
			  const struct codegen_group *group)
{
	struct cursor c = { group, NR_END };
	struct outcome o;
	size_t n = 0;

	while (c.hi > 0) {
		range_below(cg, &c, &o);
		n++;
	}
	return n;
}

static void note_nr(struct codegen *cg, uint32_t nr_base)
{
	cg->em.note.kind = BPF_NOTE_NR;
	cg->em.note.arg = 0;
	cg->em.note.width = 0;
	cg->em.note.origin = -1;
	cg->em.note.nr_base = nr_base;
}

/* A constant range is its return; a chain is emitted in place. */
static bpf_label leaf_emit(struct codegen *cg, struct cursor *c)
{
	struct outcome o;

	range_below(cg, c, &o);
	if (!o.is_chain)
		return codegen_return(cg, o.action);
	cg->em.note.nr_base = o.chain.arch->nr_base;
	return chain_emit(cg, &o.chain);
}

/*
 * The n ranges just below c->hi, split in two halves at the first number
 * of the upper one:
 *
 *	jge  #first  L_upper  L_lower
 * L_lower:	<search of the lower half>
 * L_upper:	<search of the upper half>
 */
static bpf_label search_emit(struct codegen *cg, struct cursor *c, size_t n)
{
	const struct codegen_group *g = c->group;
	bpf_label upper, lower;
	uint32_t first;

	if (n == 1)
		return leaf_emit(cg, c);
	upper = search_emit(cg, c, n / 2);
	first = (uint32_t)c->hi;
	lower = search_emit(cg, c, n - n / 2);
	note_nr(cg, in_window(g, first) ? g->window_bit : 0);
	return emit_jump(&cg->em, BPF_JGE, first, upper, lower);
}

/*
 *	ld   nr
 *	<search over all ranges>
 *
 * With a single range, the outcome is constant and its return is the
 * entry: nothing is loaded.
 */
bpf_label dispatch_emit(struct codegen *cg, const struct codegen_group *group)
{
	struct cursor c = { group, NR_END };
	size_t n = range_count(cg, group);
	bpf_label entry;

	cg->em.note.audit_arch = group->audit_arch;
	entry = search_emit(cg, &c, n);
	if (n == 1)
		return entry;
	note_nr(cg, 0);
	return emit_stmt(&cg->em, BPF_LD | BPF_W | BPF_ABS, CODEGEN_NR_OFFSET);
}
