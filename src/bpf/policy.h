/*
 * policy.h - what the compiler takes: a policy already resolved to syscall
 * numbers, one rule list per target arch.
 *
 * Meaning, which the compiler, the simulator-based specs and the plain Lua
 * evaluator all share: for a syscall of one arch, the rules naming its
 * number are read from the LAST to the first; the first whose condition
 * holds decides.  When none holds, the default action decides.  A number
 * above the arch's max_nr takes newer_action; a foreign arch, or an x32
 * number (bit 30 set, but not 0xffffffff) on AUDIT_ARCH_X86_64 when x32 is
 * not a target, takes bad_arch_action.
 *
 * A condition is an OR of clauses; a clause is an AND of comparisons; a rule
 * with no clause always holds.  Comparisons are unsigned on 64-bit values,
 * both 32-bit halves checked.  A comparison with low_half_only set (32-bit
 * arch, or an argument the kernel reads as 32 bits) compares only bits 0..31
 * of the argument against bits 0..31 of value (and of mask).
 */
#ifndef LUASANDBOX_BPF_POLICY_H
#define LUASANDBOX_BPF_POLICY_H

#include <stddef.h>
#include <stdint.h>

enum bpf_op {
	BPF_OP_EQ,
	BPF_OP_NE,
	BPF_OP_LT,
	BPF_OP_LE,
	BPF_OP_GT,
	BPF_OP_GE,
	BPF_OP_MASKED_EQ       /* (arg & mask) == value */
};

struct bpf_compare {
	uint8_t arg;           /* 0..5 */
	uint8_t op;            /* enum bpf_op */
	uint8_t low_half_only; /* compare bits 0..31 only */
	uint64_t value;
	uint64_t mask;         /* BPF_OP_MASKED_EQ only */
};

struct bpf_clause {            /* AND of compares */
	size_t compare_count;
	const struct bpf_compare *compares;
};

struct bpf_rule {
	uint32_t nr;           /* as seccomp_data.nr carries it */
	uint32_t action;       /* SECCOMP_RET_* | data */
	size_t clause_count;   /* 0: unconditional; else OR of clauses */
	const struct bpf_clause *clauses;
	int origin;            /* the caller's tag, shown in listings */
};

struct bpf_arch_rules {
	uint32_t audit_arch;
	uint32_t nr_base;      /* 0x40000000 for x32, else 0 */
	uint32_t max_nr;       /* highest number the tables know */
	const char *name;      /* for listings: "x86_64", ... */
	size_t rule_count;
	const struct bpf_rule *rules;  /* in policy order */
};

struct bpf_policy {
	size_t arch_count;
	const struct bpf_arch_rules *arches;
	uint32_t default_action;
	uint32_t bad_arch_action;
	uint32_t newer_action;
};

#endif
