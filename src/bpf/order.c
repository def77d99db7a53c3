/*
 * order.c - the rules of one arch ordered by syscall number, so that the
 * ranges (ranges.c) can walk the numbers upwards and find the rules
 * naming each one without scanning them all.
 *
 * A least-significant-digit radix sort: it is stable, so the rules of one
 * number stay in policy order, which is the order that decides among
 * them.  Its passes cover only the bits in which the numbers differ, 11
 * at a time: the numbers of one arch's table differ in their low 9 or 10
 * bits (x32's bit 30 is in every one), so a policy costs a single pass.
 */
#include <string.h>

#include "bpf/codegen.h"

#define RADIX_BITS 11         /* a pass sorts by up to this many bits */

/* The bits in which some numbers differ. */
static uint32_t varying_bits(const struct bpf_rule *rules, size_t n)
{
	uint32_t all = UINT32_MAX, any = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		all &= rules[i].nr;
		any |= rules[i].nr;
	}
	return all ^ any;
}

/* One stable pass: from into to, by bits shift.. of each number. */
static void scatter(const struct bpf_rule *rules, size_t n, unsigned shift,
		    uint32_t mask, const size_t *from, size_t *to)
{
	size_t count[1u << RADIX_BITS], i, at = 0, c;

	memset(count, 0, ((size_t)mask + 1) * sizeof(count[0]));
	for (i = 0; i < n; i++)
		count[(rules[from[i]].nr >> shift) & mask]++;
	for (i = 0; i <= mask; i++) {
		c = count[i];
		count[i] = at;
		at += c;
	}
	for (i = 0; i < n; i++)
		to[count[(rules[from[i]].nr >> shift) & mask]++] = from[i];
}

/* Passes over the bits from the lowest varying one to the highest. */
void order_by_nr(const struct bpf_arch_rules *arch, size_t *order,
		 size_t *spare)
{
	size_t n = arch->rule_count, i, *from = order, *to = spare, *t;
	uint32_t varying = varying_bits(arch->rules, n);
	unsigned shift = 0, bits;

	for (i = 0; i < n; i++)
		order[i] = i;
	while (shift < 32 && varying >> shift != 0) {
		while (!(varying >> shift & 1))
			shift++;
		for (bits = 1; bits < RADIX_BITS && shift + bits < 32 &&
		     varying >> (shift + bits) != 0; bits++)
			;
		scatter(arch->rules, n, shift, (1u << bits) - 1, from, to);
		t = from;
		from = to;
		to = t;
		shift += bits;
	}
	if (from != order)
		memcpy(order, from, n * sizeof(*order));
}
