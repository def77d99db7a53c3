/*
 * lsc_policy.h - a policy in lsc-compile's line format, parsed once so
 * that every timed repetition builds the libseccomp context from memory.
 *
 *   arch NAME          x86_64, x86 (or i386), x32, aarch64, arm, riscv64;
 *                      the first one stands in for the native arch
 *   default ACTION     SECCOMP_RET value, hex or decimal
 *   badarch ACTION
 *   rule ACTION SYSCALL [ARG OP VALUE [MASK]]...
 *                      ARG 0-5 (or a0-a5), OP eq ne lt le gt ge masked_eq;
 *                      MASK follows VALUE for masked_eq and only there;
 *                      the comparisons of one line AND together
 *
 * Blank lines and '#' comments are ignored.
 */
#ifndef HELPERS_LSC_POLICY_H
#define HELPERS_LSC_POLICY_H

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LSC_MAX_ARCHES 8
#define LSC_MAX_CMPS 6

/* Where a directive came from, for messages. */
struct lsc_line {
	unsigned no;
	char *text;
};

struct lsc_rule {
	struct lsc_line src;
	uint32_t action;
	int nr;
	unsigned ncmp;
	struct scmp_arg_cmp cmp[LSC_MAX_CMPS];
};

struct lsc_policy {
	uint32_t arch[LSC_MAX_ARCHES];
	unsigned arch_line[LSC_MAX_ARCHES];
	unsigned narch;
	uint32_t def_action;
	struct lsc_line def;		/* def.no == 0: no default line */
	uint32_t badarch_action;
	struct lsc_line badarch;	/* badarch.no == 0: keep libseccomp's */
	struct lsc_rule *rule;
	size_t nrule;
	size_t cap;
};

/*
 * Reads a whole policy from IN into P (zeroed first).  A rule naming a
 * syscall libseccomp does not know is skipped with a warning.  On a
 * malformed line, prints one message naming the line and returns -1.
 */
int lsc_parse(FILE *in, struct lsc_policy *p);

void lsc_policy_free(struct lsc_policy *p);

#endif
