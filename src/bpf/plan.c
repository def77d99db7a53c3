/*
 * plan.c - what the compiler works out before it emits anything, in the
 * scratch memory the caller lends: each arch's rules ordered by number
 * (order.c), the groups of arches that share a seccomp_data.arch value,
 * and each group's ranges (ranges.c).  Laid out as
 *
 *	groups     one per arch at most
 *	by_nr      each arch's rule indexes in turn
 *	spare      as many indexes as the largest arch has rules
 *	ranges     ranges_bound() of each arch, added up
 *	chains     ranges_chain_bound() of each arch, added up
 */
#include <stddef.h>
#include <linux/audit.h>

#include "bpf/codegen.h"

struct layout {
	size_t by_nr, spare, ranges, chains, end;      /* byte offsets */
};

static size_t align_up(size_t n)
{
	size_t a = _Alignof(max_align_t);

	return (n + a - 1) / a * a;
}

static void layout_of(const struct bpf_policy *policy, struct layout *l)
{
	size_t i, rules = 0, largest = 0, ranges = 0, chains = 0, n;

	for (i = 0; i < policy->arch_count; i++) {
		n = policy->arches[i].rule_count;
		rules += n;
		largest = n > largest ? n : largest;
		ranges += ranges_bound(&policy->arches[i]);
		chains += ranges_chain_bound(&policy->arches[i]);
	}
	l->by_nr = align_up(policy->arch_count *
			    sizeof(struct codegen_group));
	l->spare = align_up(l->by_nr + rules * sizeof(size_t));
	l->ranges = align_up(l->spare + largest * sizeof(size_t));
	l->chains = align_up(l->ranges +
			     ranges * sizeof(struct codegen_range));
	l->end = l->chains + chains * sizeof(struct chain);
}

size_t plan_size(const struct bpf_policy *policy)
{
	struct layout l;

	layout_of(policy, &l);
	return l.end;
}

static void set_member(const struct bpf_arch_rules *arch,
		       const size_t *by_nr, struct codegen_group *g)
{
	struct codegen_arch *member = arch->nr_base == 0 ? &g->base :
				      &g->high;

	member->rules = arch;
	member->by_nr = by_nr;
}

/*
 * The group led by arches[i], or 0 when an earlier arch leads it.
 * by_nr[j] is where the indexes of arches[j] start.
 */
static int group_of(const struct bpf_policy *policy, size_t i,
		    size_t *by_nr, struct codegen_group *g)
{
	const struct bpf_arch_rules *arches = policy->arches;
	size_t j;

	for (j = 0; j < i; j++) {
		if (arches[j].audit_arch == arches[i].audit_arch)
			return 0;
		by_nr += arches[j].rule_count;
	}
	g->audit_arch = arches[i].audit_arch;
	g->base = g->high = (struct codegen_arch){ NULL, NULL };
	for (j = i; j < policy->arch_count; j++) {
		if (arches[j].audit_arch == g->audit_arch)
			set_member(&arches[j], by_nr, g);
		by_nr += arches[j].rule_count;
	}
	g->window_bit = g->high.rules ? g->high.rules->nr_base : 0;
	if (g->audit_arch == AUDIT_ARCH_X86_64 && g->high.rules == NULL)
		g->window_bit = CODEGEN_X32_BIT;
	return 1;
}

static void order_arches(const struct bpf_policy *policy, size_t *by_nr,
			 size_t *spare)
{
	size_t i;

	for (i = 0; i < policy->arch_count; i++) {
		order_by_nr(&policy->arches[i], by_nr, spare);
		by_nr += policy->arches[i].rule_count;
	}
}

/*
 * Each group takes the ranges and chains it builds from what is left: no
 * more than the bounds of its own members, so the rest is enough for the
 * others.
 */
void plan_build(struct codegen *cg, void *scratch)
{
	const struct bpf_policy *policy = cg->policy;
	char *base = scratch;
	struct layout l;
	struct codegen_group *g = scratch;
	struct codegen_range *free_ranges;
	struct chain *free_chains;
	size_t i, *by_nr;

	layout_of(policy, &l);
	by_nr = (size_t *)(base + l.by_nr);
	free_ranges = (struct codegen_range *)(base + l.ranges);
	free_chains = (struct chain *)(base + l.chains);
	order_arches(policy, by_nr, (size_t *)(base + l.spare));
	cg->groups = g;
	cg->group_count = 0;
	for (i = 0; i < policy->arch_count; i++) {
		if (!group_of(policy, i, by_nr, &g[cg->group_count]))
			continue;
		g[cg->group_count].ranges = free_ranges;
		ranges_build(cg, &g[cg->group_count], &free_chains);
		free_ranges += g[cg->group_count].range_count;
		cg->group_count++;
	}
}
