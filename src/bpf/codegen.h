/*
 * codegen.h - what the parts of the compiler share (private to src/bpf/):
 * compile.c (arch prologue, returns, top level), dispatch.c (ranges of
 * syscall numbers, binary search), chain.c (the rules deciding one
 * number), compare.c (one argument comparison).
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

struct codegen {
	struct emitter em;
	const struct bpf_policy *policy;
	size_t return_count;   /* the returns are labels 1..return_count */
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
	const struct bpf_arch_rules *base;     /* nr_base 0, or NULL */
	const struct bpf_arch_rules *high;     /* nr_base != 0, or NULL */
	uint32_t window_bit;                   /* 0: no window */
};

enum truth { TRUTH_NEVER, TRUTH_ALWAYS, TRUTH_DEPENDS };

/* What decides one syscall number: a constant action or some rules. */
struct chain {
	const struct bpf_arch_rules *arch;
	uint32_t nr;
	uint32_t fallback;     /* when no conditional rule holds */
	size_t first;          /* conditional rules from here on decide */
	size_t count;          /* how many; 0: fallback is constant */
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
		uint32_t nr, uint32_t default_action);
void chain_actions(const struct chain *chain, codegen_action_fn *fn,
		   void *ctx);
bpf_label chain_emit(struct codegen *cg, const struct chain *chain);

/* dispatch.c */
void dispatch_actions(const struct codegen *cg,
		      const struct codegen_group *group,
		      codegen_action_fn *fn, void *ctx);
bpf_label dispatch_emit(struct codegen *cg,
			const struct codegen_group *group);

#endif
