/*
 * ranges.c - the numbers 0..0xffffffff of one seccomp_data.arch value cut
 * into ranges that share an outcome, for dispatch.c to search.
 *
 * Every number has an outcome: bad_arch_action outside the arches
 * present, newer_action above an arch's max_nr, else the constant action
 * or the rule chain of chain.c (default_action when no rule names it).
 * Consecutive numbers with the same constant action form one range; a
 * number with a rule chain is a range of its own.
 *
 * The group's numbers fall into regions that one member decides: the
 * whole space, or with a window the stretches between multiples of the
 * window bit, taken in turn by the base and the high member, and
 * 0xffffffff (the base's).  Each region is walked upwards once, along its
 * member's rules in number order (order.c), and each piece appended
 * either extends the last range or starts a new one.  Hence the bound: a
 * region adds at most two pieces (its gap and its newer numbers) beyond
 * two for each number its rules name (the number and the gap below it).
 *
 * Each range weighs as many numbers up to its member's max_nr as it
 * holds: a program makes the syscalls its tables know and, for all the
 * compiler can tell, each as often as another, so dispatch.c keeps the
 * search short on average over them (the benchmark measures just that:
 * every number 0..max_nr once).  A stretch the tables do not know weighs
 * one however long it is: the newer numbers above max_nr (billions of
 * them), which a libc tries once before it falls back, and the numbers
 * of a missing member, which no correct program makes.  Weighed by their
 * count they would pull the search towards numbers nobody calls.
 */
#include <linux/audit.h>

#include "bpf/codegen.h"

#define NR_END ((uint64_t)UINT32_MAX + 1)

/* One member's rules, read upwards by number across its regions. */
struct walk {
	const struct codegen_arch *arch;
	size_t at;             /* by_nr[at..] not passed yet */
};

struct builder {
	const struct bpf_policy *policy;
	struct codegen_group *group;
	struct chain *chains;  /* the next free one */
	struct walk base, high;
};

/* The regions of a window bit, 1 with none; 0 for a bit compile.c
 * refuses, which must not size the scratch. */
static uint64_t region_count(uint32_t window_bit)
{
	if (window_bit == 0)
		return 1;
	if (window_bit <= 0xffff || (window_bit & (window_bit - 1)) != 0)
		return 0;
	return NR_END / window_bit + 1;
}

size_t ranges_bound(const struct bpf_arch_rules *arch)
{
	uint32_t bit = arch->nr_base;

	if (bit == 0 && arch->audit_arch == AUDIT_ARCH_X86_64)
		bit = CODEGEN_X32_BIT;
	return 2 * arch->rule_count + 2 * (size_t)region_count(bit) + 2;
}

/* A chain has a rule with clauses, and no other chain has that rule. */
size_t ranges_chain_bound(const struct bpf_arch_rules *arch)
{
	size_t i, n = 0;

	for (i = 0; i < arch->rule_count; i++)
		n += arch->rules[i].clause_count > 0;
	return n;
}

static void add_range(struct codegen_group *g, uint64_t first,
		      uint32_t action, const struct chain *chain,
		      uint64_t weight)
{
	g->ranges[g->range_count++] = (struct codegen_range){
		(uint32_t)first, action, chain, weight };
}

static void add_constant(struct codegen_group *g, uint64_t first,
			 uint32_t action, uint64_t weight)
{
	struct codegen_range *last;

	if (g->range_count > 0) {
		last = &g->ranges[g->range_count - 1];
		if (last->chain == NULL && last->action == action) {
			last->weight += weight;
			return;
		}
	}
	add_range(g, first, action, NULL, weight);
}

static uint32_t nr_at(const struct walk *w, size_t i)
{
	return w->arch->rules->rules[w->arch->by_nr[i]].nr;
}

/*
 * The number at w, w moved past the rules naming it: a range of its own
 * when they make a chain, else a piece of a constant range.  Most numbers
 * have one rule, with no condition: its action is the outcome.
 */
static void add_number(struct builder *b, struct walk *w)
{
	const struct bpf_arch_rules *arch = w->arch->rules;
	const struct bpf_rule *first = &arch->rules[w->arch->by_nr[w->at]];
	size_t start = w->at++;
	uint32_t nr = first->nr;
	struct chain chain;

	while (w->at < arch->rule_count && nr_at(w, w->at) == nr)
		w->at++;
	if (w->at - start == 1 && first->clause_count == 0) {
		add_constant(b->group, nr, first->action, 1);
		return;
	}
	chain_find(&chain, arch, w->arch->by_nr + start, w->at - start,
		   b->policy->default_action);
	if (chain.count == 0) {
		add_constant(b->group, nr, chain.fallback, 1);
		return;
	}
	*b->chains = chain;
	add_range(b->group, nr, chain.fallback, b->chains++, 1);
}

/*
 * Numbers lo..hi-1 of member w: its numbers up to max_nr as its rules
 * decide them, with the gaps between at default_action, then the newer
 * ones, which weigh one all together.
 */
static void member_region(struct builder *b, struct walk *w, uint64_t lo,
			  uint64_t hi)
{
	const struct bpf_arch_rules *arch = w->arch->rules;
	uint64_t top = (uint64_t)arch->max_nr + 1, at = lo;
	uint32_t dflt = b->policy->default_action, nr;

	top = top < lo ? lo : top > hi ? hi : top;
	while (w->at < arch->rule_count && nr_at(w, w->at) < lo)
		w->at++;
	while (w->at < arch->rule_count && (nr = nr_at(w, w->at)) < top) {
		if (at < nr)
			add_constant(b->group, at, dflt, nr - at);
		add_number(b, w);
		at = (uint64_t)nr + 1;
	}
	if (at < top)
		add_constant(b->group, at, dflt, top - at);
	if (top < hi)
		add_constant(b->group, top, b->policy->newer_action, 1);
}

static void region(struct builder *b, struct walk *w, uint64_t lo,
		   uint64_t hi)
{
	if (w->arch->rules == NULL)
		add_constant(b->group, lo, b->policy->bad_arch_action, 1);
	else
		member_region(b, w, lo, hi);
}

/*
 * With a window bit: [0, bit) base, [bit, 2 bit) high, ... up to the
 * last window, which stops short of 0xffffffff.
 */
void ranges_build(const struct codegen *cg, struct codegen_group *group,
		  struct chain **chains)
{
	struct builder b = { cg->policy, group, *chains,
			     { &group->base, 0 }, { &group->high, 0 } };
	uint64_t bit = group->window_bit, lo, hi;
	int in;

	group->range_count = 0;
	if (bit == 0)
		region(&b, &b.base, 0, NR_END);
	for (lo = 0; bit != 0 && lo < NR_END; lo = hi) {
		hi = lo + bit;
		in = (lo & bit) != 0;
		if (in && hi == NR_END) {
			region(&b, &b.high, lo, UINT32_MAX);
			region(&b, &b.base, UINT32_MAX, NR_END);
		} else {
			region(&b, in ? &b.high : &b.base, lo, hi);
		}
	}
	*chains = b.chains;
}
