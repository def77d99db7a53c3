/*
 * chain.c - the rules deciding one syscall number of one arch.
 *
 * They are tried from the last to the first and the first that holds
 * decides, so the last unconditional rule shadows every rule before it and
 * becomes the fallback (else default_action).  The conditional rules after
 * it form the chain; the ones tried just before the fallback with the same
 * action as the fallback change nothing and are left out.  A chain of no
 * rule is a constant outcome: the number never needs an argument loaded.
 *
 * Code for a chain, from the top (rule n is the last in policy order):
 *
 *	rule n:     clause 1: compare; compare; ...   all hold -> ret n
 *	            clause 2: ...                     one fails -> clause 2
 *	                                              last fails -> rule n-1
 *	rule n-1:   ...
 *	rule k+1:   ...                               last fails -> fallback
 */
#include "bpf/codegen.h"

static enum truth clause_truth(const struct bpf_clause *clause)
{
	enum truth all = TRUTH_ALWAYS, t;
	size_t i;

	for (i = 0; i < clause->compare_count; i++) {
		t = compare_truth(&clause->compares[i]);
		if (t == TRUTH_NEVER)
			return TRUTH_NEVER;
		if (t == TRUTH_DEPENDS)
			all = TRUTH_DEPENDS;
	}
	return all;
}

enum truth rule_truth(const struct bpf_rule *rule)
{
	enum truth any = TRUTH_NEVER, t;
	size_t i;

	if (rule->clause_count == 0)
		return TRUTH_ALWAYS;
	for (i = 0; i < rule->clause_count; i++) {
		t = clause_truth(&rule->clauses[i]);
		if (t == TRUTH_ALWAYS)
			return TRUTH_ALWAYS;
		if (t == TRUTH_DEPENDS)
			any = TRUTH_DEPENDS;
	}
	return any;
}

static const struct bpf_rule *run_rule(const struct chain *chain,
					size_t i)
{
	return &chain->arch->rules[chain->run[i]];
}

/*
 * run holds the indexes of the rules of arch naming one number, in policy
 * order.
 */
void chain_find(struct chain *chain, const struct bpf_arch_rules *arch,
		const size_t *run, size_t run_len, uint32_t default_action)
{
	const struct bpf_rule *r;
	size_t i = run_len;

	chain->arch = arch;
	chain->run = run;
	chain->run_len = run_len;
	chain->fallback = default_action;
	chain->first = 0;
	while (i-- > 0) {
		r = run_rule(chain, i);
		if (rule_truth(r) != TRUTH_ALWAYS)
			continue;
		chain->fallback = r->action;
		chain->first = i + 1;
		break;
	}
	for (i = chain->first; i < run_len; i++) {
		r = run_rule(chain, i);
		if (rule_truth(r) != TRUTH_DEPENDS)
			continue;
		if (r->action != chain->fallback)
			break;
		chain->first = i + 1;
	}
	chain->count = 0;
	for (i = chain->first; i < run_len; i++)
		chain->count +=
			(size_t)(rule_truth(run_rule(chain, i)) == TRUTH_DEPENDS);
}

void chain_actions(const struct chain *chain, codegen_action_fn *fn,
		   void *ctx)
{
	const struct bpf_rule *r;
	size_t i;

	fn(ctx, chain->fallback);
	for (i = chain->first; i < chain->run_len; i++) {
		r = run_rule(chain, i);
		if (rule_truth(r) == TRUTH_DEPENDS)
			fn(ctx, r->action);
	}
}

/*
 * A block about to be emitted jumps to target, which was emitted last and
 * so is reached from that block alone.  When target loads the word A
 * holds on all those jumps, the load goes: arg0 == 1 || arg0 == 2 reads
 * arg0 once.
 */
static bpf_label skip_reload(struct codegen *cg, bpf_label target,
			     uint32_t held)
{
	const struct sock_filter *f;

	if (held == COMPARE_HELD_NONE || target != emit_here(&cg->em) ||
	    target <= cg->return_count || target > BPF_PROGRAM_MAX)
		return target;
	f = &cg->em.out->insns[BPF_PROGRAM_MAX - target];
	if (f->code != (BPF_LD | BPF_W | BPF_ABS) || f->k != held)
		return target;
	return emit_drop(&cg->em);
}

/* What A holds whenever the clause fails, if it is always the same. */
static uint32_t clause_held(const struct bpf_clause *clause)
{
	uint32_t held = COMPARE_HELD_NONE, h;
	size_t i;
	int first = 1;

	for (i = 0; i < clause->compare_count; i++) {
		if (compare_truth(&clause->compares[i]) == TRUTH_ALWAYS)
			continue;
		h = compare_held(&clause->compares[i], 0);
		if (!first && h != held)
			return COMPARE_HELD_NONE;
		held = h;
		first = 0;
	}
	return held;
}

/* An AND: each comparison that holds goes on to the next one. */
static bpf_label clause_emit(struct codegen *cg,
			     const struct bpf_clause *clause,
			     bpf_label yes, bpf_label no)
{
	const struct bpf_compare *c;
	size_t i = clause->compare_count;
	bpf_label next = yes;

	no = skip_reload(cg, no, clause_held(clause));
	while (i-- > 0) {
		c = &clause->compares[i];
		if (compare_truth(c) == TRUTH_ALWAYS)
			continue;
		next = skip_reload(cg, next, compare_held(c, 1));
		next = compare_emit(cg, c, next, no);
	}
	return next;
}

/* An OR: each clause that fails goes on to the next one. */
static bpf_label rule_emit(struct codegen *cg, const struct bpf_rule *rule,
			   bpf_label no)
{
	bpf_label yes = codegen_return(cg, rule->action), next = no;
	size_t i = rule->clause_count;

	while (i-- > 0) {
		if (clause_truth(&rule->clauses[i]) == TRUTH_NEVER)
			continue;
		next = clause_emit(cg, &rule->clauses[i], yes, next);
	}
	return next;
}

bpf_label chain_emit(struct codegen *cg, const struct chain *chain)
{
	const struct bpf_rule *r;
	bpf_label next = codegen_return(cg, chain->fallback);
	size_t i;

	for (i = chain->first; i < chain->run_len; i++) {
		r = run_rule(chain, i);
		if (rule_truth(r) != TRUTH_DEPENDS)
			continue;
		cg->em.note.origin = r->origin;
		next = rule_emit(cg, r, next);
	}
	cg->em.note.origin = -1;
	return next;
}
