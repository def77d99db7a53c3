/*
 * dispatch.c - from seccomp_data.nr to its outcome, for one value of
 * seccomp_data.arch: a balanced binary search over the ranges of numbers
 * that share an outcome (ranges.c).  The search tests only nr, so for a
 * constant outcome the path reads nr and arch alone, which the kernel's
 * action cache recognises.  The upper half of each node is laid out
 * first.
 */
#include "bpf/codegen.h"

/* From the top range down, as the search is laid out. */
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
 * The n ranges from r up, split in two halves at the first number of the
 * upper one (the n / 2 ranges at the top):
 *
 *	jge  #first  L_upper  L_lower
 * L_lower:	<search of the lower half>
 * L_upper:	<search of the upper half>
 */
static bpf_label search_emit(struct codegen *cg,
			     const struct codegen_group *g,
			     const struct codegen_range *r, size_t n)
{
	size_t split = n - n / 2;
	bpf_label upper, lower;
	uint32_t first;

	if (n == 1)
		return leaf_emit(cg, r);
	upper = search_emit(cg, g, r + split, n / 2);
	first = r[split].first;
	lower = search_emit(cg, g, r, split);
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
	size_t n = group->range_count;
	bpf_label entry;

	cg->em.note.audit_arch = group->audit_arch;
	entry = search_emit(cg, group, group->ranges, n);
	if (n == 1)
		return entry;
	note_nr(cg, 0);
	return emit_stmt(&cg->em, BPF_LD | BPF_W | BPF_ABS, CODEGEN_NR_OFFSET);
}
