/*
 * codegen.h - what the parts of the compiler share (private to src/bpf/):
 * compile.c (arch prologue, returns, top level), plan.c (the work done
 * before emitting), order.c (each arch's rules by number), ranges.c
 * (ranges of syscall numbers that share an outcome), dispatch.c (binary
 * search over them), chain.c (the rules deciding one number), compare.c
 * (one argument comparison).
 */
#ifndef LUASANDBOX_BPF_CODEGEN_H
#define LUASANDBOX_BPF_CODEGEN_H

#include "bpf/emit.h"
#include "bpf/policy.h"

/* x32 numbers on AUDIT_ARCH_X86_64 carry this bit (__X32_SYSCALL_BIT). */
#define CODEGEN_X32_BIT 0x40000000u

/* Offsets in struct seccomp_data; every target arch is little-endian. */
#define CODEGEN_NR_OFFSET 0
#define CODEGEN_ARCH_OFFSET 4
#define CODEGEN_ARG_LO(i) (16u + 8u * (i))
#define CODEGEN_ARG_HI(i) (16u + 8u * (i) + 4u)

struct codegen_group;

struct codegen {
	struct emitter em;
	const struct bpf_policy *policy;
	struct codegen_group *groups;  /* plan.c */
	size_t group_count;
	size_t return_count;   /* the returns are labels 1..return_count */
};

/*
 * One arch's rules, and their indexes ordered by number (order.c): the
 * rules naming one number sit together, in policy order.
 */
struct codegen_arch {
	const struct bpf_arch_rules *rules;    /* NULL: not a target */
	const size_t *by_nr;
};

enum truth { TRUTH_NEVER, TRUTH_ALWAYS, TRUTH_DEPENDS };

/* What decides one syscall number: a constant action or some rules. */
struct chain {
	const struct bpf_arch_rules *arch;
	const size_t *run;     /* the indexes of the rules naming it */
	size_t run_len;
	uint32_t fallback;     /* when no conditional rule holds */
	size_t first;          /* conditional rules from run[first] decide */
	size_t count;          /* how many; 0: fallback is constant */
};

/*
 * Numbers from first up to the next range's first that share one
 * outcome: a constant action, or (a single number) the chain of rules
 * that decides it.  weight is how often the search is expected to end
 * there (ranges.c says how it is counted); dispatch.c balances by it.
 */
struct codegen_range {
	uint32_t first;
	uint32_t action;       /* when chain is NULL */
	const struct chain *chain;
	uint64_t weight;
};

/*
 * The arches of one seccomp_data.arch value: the high member (x32) takes
 * the numbers in the window, those with its nr_base bit set but for
 * 0xffffffff; the base member all others.  On AUDIT_ARCH_X86_64 the window
 * is there even when x32 is not a target: its numbers then take
 * bad_arch_action, like the numbers of any missing member.
 */
struct codegen_group {
	uint32_t audit_arch;
	struct codegen_arch base;              /* nr_base 0 */
	struct codegen_arch high;              /* nr_base != 0 */
	uint32_t window_bit;                   /* 0: no window */
	struct codegen_range *ranges;          /* ranges.c, by number */
	size_t range_count;
};

/* Called once for each action a part of the program may return. */
typedef void codegen_action_fn(void *ctx, uint32_t action);

/* compile.c */
bpf_label codegen_return(const struct codegen *cg, uint32_t action);

/* compare.c */
#define COMPARE_HELD_NONE UINT32_MAX
enum truth compare_truth(const struct bpf_compare *cmp);
bpf_label compare_emit(struct codegen *cg, const struct bpf_compare *cmp,
		       bpf_label yes, bpf_label no);
/* The seccomp_data offset A holds on every jump of cmp's code to yes
 * (pass) or no (!pass), or COMPARE_HELD_NONE. */
uint32_t compare_held(const struct bpf_compare *cmp, int pass);

/* chain.c */
enum truth rule_truth(const struct bpf_rule *rule);
void chain_find(struct chain *chain, const struct bpf_arch_rules *arch,
		const size_t *run, size_t run_len, uint32_t default_action);
void chain_actions(const struct chain *chain, codegen_action_fn *fn,
		   void *ctx);
bpf_label chain_emit(struct codegen *cg, const struct chain *chain);

/* plan.c: the scratch bpf_compile() takes; cg->groups in it */
size_t plan_size(const struct bpf_policy *policy);
void plan_build(struct codegen *cg, void *scratch);

/* order.c: by_nr for arch, with spare room for as many indexes */
void order_by_nr(const struct bpf_arch_rules *arch, size_t *by_nr,
		 size_t *spare);

/* ranges.c */
/*
 * Room for the ranges of any group arch is in, and for their chains,
 * counted for each arch.
 */
size_t ranges_bound(const struct bpf_arch_rules *arch);
size_t ranges_chain_bound(const struct bpf_arch_rules *arch);
/*
 * group->ranges, up to the sum of its members' ranges_bound(); the chains
 * go from *chains on, which is moved past them.
 */
void ranges_build(const struct codegen *cg, struct codegen_group *group,
		  struct chain **chains);

/* dispatch.c */
void dispatch_actions(const struct codegen_group *group,
		      codegen_action_fn *fn, void *ctx);
bpf_label dispatch_emit(struct codegen *cg,
			const struct codegen_group *group);

#endif
