/*
 * compile.c - policy to classic BPF: checks the policy, works out the
 * ranges of numbers of each arch in the caller's scratch memory (plan.c),
 * places one return per distinct action, then each arch's dispatch
 * (dispatch.c), then the tests of seccomp_data.arch that lead to them.
 * From the top:
 *
 *	ld   arch
 *	jeq  #<audit arch 1>  L1  N2
 * N2:	jeq  #<audit arch 2>  L2  bad
 * L2:	ld   nr                       ; dispatch of arch 2
 *	...
 * L1:	ld   nr                       ; dispatch of arch 1
 *	...
 *	ret  <action>                 ; one per distinct action, the last
 * bad:	ret  <bad_arch_action>        ; ones in the program
 *
 * The first target arch, the one a sandbox mostly runs, is tested first
 * and its dispatch sits right above the returns: its searches end in
 * jumps to returns within reach, with no BPF_JA trampoline on the way
 * (when the other dispatches are long, it is the test of its arch that
 * takes one, a single jump instead of one at each leaf).
 *
 * x86_64 and x32 share AUDIT_ARCH_X86_64 and so one dispatch, whose x32
 * window (numbers with bit 30 set, but not 0xffffffff) goes to the x32
 * rules, or to bad_arch_action when x32 is not a target.
 */
#include <stdio.h>

#include "bpf/codegen.h"
#include "bpf/compile.h"
#include "bpf/verify.h"

static int bad_compare(struct bpf_error *err, int origin,
		       const struct bpf_compare *c)
{
	if (c->arg > 5)
		snprintf(err->message, sizeof(err->message),
			 "rule %d: argument index %u is not 0..5", origin,
			 c->arg);
	else
		snprintf(err->message, sizeof(err->message),
			 "rule %d: unknown operator %u", origin, c->op);
	return -1;
}

static int check_rules(const struct bpf_arch_rules *arch,
		       struct bpf_error *err)
{
	const struct bpf_rule *r;
	const struct bpf_compare *c;
	size_t i, j, k;

	for (i = 0; i < arch->rule_count; i++) {
		r = &arch->rules[i];
		for (j = 0; j < r->clause_count; j++) {
			for (k = 0; k < r->clauses[j].compare_count; k++) {
				c = &r->clauses[j].compares[k];
				if (c->arg > 5 || c->op > BPF_OP_MASKED_EQ)
					return bad_compare(err, r->origin, c);
			}
		}
	}
	return 0;
}

static int same_slot(const struct bpf_arch_rules *a,
		     const struct bpf_arch_rules *b)
{
	return a->audit_arch == b->audit_arch &&
	       (a->nr_base == 0) == (b->nr_base == 0);
}

/* The window of a high member is the numbers with its nr_base bit set: a
 * low bit would cut the numbers into countless ranges. */
static int good_base(uint32_t nr_base)
{
	return nr_base == 0 ||
	       (nr_base > 0xffff && (nr_base & (nr_base - 1)) == 0);
}

static int check_policy(const struct bpf_policy *policy,
			struct bpf_error *err)
{
	const struct bpf_arch_rules *arches = policy->arches;
	size_t i, j;

	if (policy->arch_count == 0) {
		snprintf(err->message, sizeof(err->message),
			 "policy targets no arch");
		return -1;
	}
	for (i = 0; i < policy->arch_count; i++) {
		if (!good_base(arches[i].nr_base)) {
			snprintf(err->message, sizeof(err->message),
				 "arch '%s': nr_base is not 0 or a single bit "
				 "above 0xffff", arches[i].name ?
				 arches[i].name : "?");
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (!same_slot(&arches[i], &arches[j]))
				continue;
			snprintf(err->message, sizeof(err->message),
				 "arch '%s' given twice", arches[i].name ?
				 arches[i].name : "?");
			return -1;
		}
		if (check_rules(&arches[i], err) < 0)
			return -1;
	}
	return 0;
}

bpf_label codegen_return(const struct codegen *cg, uint32_t action)
{
	const struct sock_filter *insns = cg->em.out->insns;
	bpf_label at;

	for (at = 1; at <= cg->return_count && at <= BPF_PROGRAM_MAX; at++)
		if (insns[BPF_PROGRAM_MAX - at].k == action)
			return at;
	return 0;
}

static void add_return(void *ctx, uint32_t action)
{
	struct codegen *cg = ctx;

	if (cg->return_count < BPF_PROGRAM_MAX &&
	    codegen_return(cg, action) != 0)
		return;
	cg->em.note.kind = BPF_NOTE_RETURN;
	emit_stmt(&cg->em, BPF_RET | BPF_K, action);
	cg->return_count++;
}

static int emit_returns(struct codegen *cg, struct bpf_error *err)
{
	size_t i;

	add_return(cg, cg->policy->bad_arch_action);
	for (i = 0; i < cg->group_count; i++)
		dispatch_actions(&cg->groups[i], add_return, cg);
	if (cg->return_count > BPF_PROGRAM_MAX) {
		snprintf(err->message, sizeof(err->message),
			 "filter needs more than the kernel's %d "
			 "instructions for its returns alone",
			 BPF_PROGRAM_MAX);
		return -1;
	}
	return 0;
}

static void note_arch(struct codegen *cg, uint32_t audit_arch)
{
	cg->em.note.kind = BPF_NOTE_ARCH;
	cg->em.note.audit_arch = audit_arch;
	cg->em.note.nr_base = 0;
	cg->em.note.origin = -1;
}

/*
 * The dispatch of group i, above it those of the groups after it and
 * their arch tests, then the test of group i's arch: the one tested
 * first is laid out last.
 */
static bpf_label arches_from(struct codegen *cg, size_t i)
{
	const struct codegen_group *g = &cg->groups[i];
	bpf_label entry, next;

	if (i == cg->group_count)
		return codegen_return(cg, cg->policy->bad_arch_action);
	entry = dispatch_emit(cg, g);
	next = arches_from(cg, i + 1);
	note_arch(cg, g->audit_arch);
	return emit_jump(&cg->em, BPF_JEQ, g->audit_arch, entry, next);
}

static void emit_arches(struct codegen *cg)
{
	arches_from(cg, 0);
	note_arch(cg, 0);
	emit_stmt(&cg->em, BPF_LD | BPF_W | BPF_ABS, CODEGEN_ARCH_OFFSET);
}

size_t bpf_compile_scratch_size(const struct bpf_policy *policy)
{
	return plan_size(policy);
}

int bpf_compile(const struct bpf_policy *policy, void *scratch,
		struct bpf_program *out, struct bpf_error *err)
{
	struct codegen cg;
	struct bpf_error why;

	if (check_policy(policy, err) < 0)
		return -1;
	cg.policy = policy;
	cg.return_count = 0;
	plan_build(&cg, scratch);
	emit_init(&cg.em, out);
	if (emit_returns(&cg, err) < 0)
		return -1;
	emit_arches(&cg);
	if (emit_finish(&cg.em, err) < 0)
		return -1;
	if (bpf_verify(out->insns, out->len, &why) < 0) {
		snprintf(err->message, sizeof(err->message),
			 "compiler error, program refused: %.200s",
			 why.message);
		out->len = 0;
		return -1;
	}
	return 0;
}
