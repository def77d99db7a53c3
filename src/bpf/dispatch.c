/*
 * dispatch.c - from seccomp_data.nr to its outcome, for one value of
 * seccomp_data.arch: a binary search over the ranges of numbers that
 * share an outcome (ranges.c).  The search tests only nr, so for a
 * constant outcome the path reads nr and arch alone, which the kernel's
 * action cache recognises.
 *
 * The search is balanced by weight (ranges.c: the known numbers a range
 * holds), not by the count of ranges: each node splits where its two
 * sides weigh most nearly the same, so that the long stretches of allowed
 * syscalls sit near the root and the path is short on average over the
 * numbers programs make.  Splits by weight alone could make one path as
 * long as there are ranges; so each node also keeps both sides small
 * enough that no path has more than DISPATCH_SLACK jumps beyond the
 * ceil(log2(ranges)) of a search balanced by count.
 *
 * A group whose high member is a target (x32 beside x86_64 under
 * AUDIT_ARCH_X86_64) tests the window bit once, first, then searches
 * each side on its own: below it the base member's numbers, from it up
 * the window and what lies past it (the base's numbers from 0x80000000,
 * 0xffffffff).  Else the window holds only stretches of bad_arch and
 * newer numbers, which weigh one each: one search takes all, and leaves
 * them at the bottom of its upper side, off the base member's paths.
 */
#include "bpf/codegen.h"

/* How many jumps a path may have beyond a search balanced by count. */
#define DISPATCH_SLACK 2

/* From the top range down. */
void dispatch_actions(const struct codegen_group *group,
		      codegen_action_fn *fn, void *ctx)
{
	const struct codegen_range *r;
	size_t i = group->range_count;

	while (i-- > 0) {
		r = &group->ranges[i];
		if (r->chain != NULL)
			chain_actions(r->chain, fn, ctx);
		else
			fn(ctx, r->action);
	}
}

static int in_window(const struct codegen_group *g, uint32_t nr)
{
	return (nr & g->window_bit) != 0 && nr != UINT32_MAX;
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
static bpf_label leaf_emit(struct codegen *cg, const struct codegen_range *r)
{
	if (r->chain == NULL)
		return codegen_return(cg, r->action);
	cg->em.note.nr_base = r->chain->arch->nr_base;
	return chain_emit(cg, r->chain);
}

/*
 * Where the n ranges from r (n >= 2) split into r[0..k) and r[k..n):
 * the k whose sides weigh most nearly the same, among those that leave
 * no side more than most ranges (n <= 2 * most).  The lower side's
 * weight grows with k, so the scan stops once it reaches half.
 */
static size_t split_at(const struct codegen_range *r, size_t n,
		       size_t most)
{
	size_t k = n > most ? n - most : 1, last = n - 1 < most ? n - 1 : most;
	size_t i, best = k;
	uint64_t total = 0, below = 0, gap, best_gap = UINT64_MAX;

	for (i = 0; i < n; i++)
		total += r[i].weight;
	for (i = 0; i < k; i++)
		below += r[i].weight;
	for (; k <= last; below += r[k++].weight) {
		gap = 2 * below > total ? 2 * below - total : total - 2 * below;
		if (gap < best_gap) {
			best_gap = gap;
			best = k;
		}
		if (2 * below >= total)
			break;
	}
	return best;
}

/*
 * The n ranges from r up, split at the first number of r[k]; most
 * bounds the ranges on either side, and halves at each level down:
 *
 *	jge  #first  L_upper  L_lower
 * L_lower:	<search of r[0..k)>
 * L_upper:	<search of r[k..n)>
 */
static bpf_label search_emit(struct codegen *cg,
			     const struct codegen_group *g,
			     const struct codegen_range *r, size_t n,
			     size_t most)
{
	bpf_label upper, lower;
	size_t k;

	if (n == 1)
		return leaf_emit(cg, r);
	k = split_at(r, n, most);
	upper = search_emit(cg, g, r + k, n - k, most / 2);
	lower = search_emit(cg, g, r, k, most / 2);
	note_nr(cg, in_window(g, r[k].first) ? g->window_bit : 0);
	return emit_jump(&cg->em, BPF_JGE, r[k].first, upper, lower);
}

/* A search of n ranges at most DISPATCH_SLACK levels deeper than
 * ceil(log2(n)): half the leaves such a tree can hold on each side. */
static bpf_label search_all(struct codegen *cg,
			    const struct codegen_group *g,
			    const struct codegen_range *r, size_t n)
{
	size_t most = 1;

	while (most < n)
		most *= 2;
	return search_emit(cg, g, r, n, most << (DISPATCH_SLACK - 1));
}

/* How many ranges start below the window bit; all with no window to
 * test, or none whose high member is a target. */
static size_t below_window(const struct codegen_group *g)
{
	size_t n = 0;

	if (g->window_bit == 0 || g->high.rules == NULL)
		return g->range_count;
	while (n < g->range_count && g->ranges[n].first < g->window_bit)
		n++;
	return n;
}

/*
 * The search from the window bit up begins at the range that holds the
 * bit, whether or not it starts there; the base member's side is laid
 * out last, next to what follows (compile.c: the returns, for the first
 * group).
 *
 *	jge  #window_bit  L_high  L_low
 * L_high:	<search of the ranges from the one holding the bit>
 * L_low:	<search of the ranges below the bit>
 */
static bpf_label window_emit(struct codegen *cg,
			     const struct codegen_group *g, size_t low)
{
	const struct codegen_range *r = g->ranges;
	size_t from = r[low].first == g->window_bit ? low : low - 1;
	bpf_label low_entry, high_entry;

	low_entry = search_all(cg, g, r, low);
	high_entry = search_all(cg, g, r + from, g->range_count - from);
	note_nr(cg, g->window_bit);
	return emit_jump(&cg->em, BPF_JGE, g->window_bit, high_entry,
			 low_entry);
}

/*
 *	ld   nr
 *	<window test, searches>
 *
 * With a single range, the outcome is constant and its return is the
 * entry: nothing is loaded.  With a window from which every number has
 * the outcome of the last range below it, there is nothing to test it
 * for: one search takes all.
 */
bpf_label dispatch_emit(struct codegen *cg, const struct codegen_group *group)
{
	size_t n = group->range_count, low = below_window(group);

	cg->em.note.audit_arch = group->audit_arch;
	if (n == 1)
		return leaf_emit(cg, group->ranges);
	if (low == n)
		search_all(cg, group, group->ranges, n);
	else
		window_emit(cg, group, low);
	note_nr(cg, 0);
	return emit_stmt(&cg->em, BPF_LD | BPF_W | BPF_ABS, CODEGEN_NR_OFFSET);
}
