/*
 * compare.c - one comparison of a syscall argument against a constant.
 *
 * Classic BPF has 32-bit registers, so a 64-bit argument is compared as
 * its two halves (hi at offset 16+8i+4, lo at 16+8i: little-endian), both
 * unsigned.  A comparison with low_half_only looks at lo alone, against
 * the low 32 bits of the value and mask.  Each shape below is written from
 * its last instruction up, as the backwards emitter wants; "yes" and "no"
 * are where control goes when the comparison holds or not.
 */
#include "bpf/codegen.h"

static uint64_t width_max(const struct bpf_compare *cmp)
{
	return cmp->low_half_only ? UINT32_MAX : UINT64_MAX;
}

enum truth compare_truth(const struct bpf_compare *cmp)
{
	uint64_t max = width_max(cmp);
	uint64_t v = cmp->value & max, m = cmp->mask & max;

	switch (cmp->op) {
	case BPF_OP_LT:
		return v == 0 ? TRUTH_NEVER : TRUTH_DEPENDS;
	case BPF_OP_LE:
		return v == max ? TRUTH_ALWAYS : TRUTH_DEPENDS;
	case BPF_OP_GT:
		return v == max ? TRUTH_NEVER : TRUTH_DEPENDS;
	case BPF_OP_GE:
		return v == 0 ? TRUTH_ALWAYS : TRUTH_DEPENDS;
	case BPF_OP_MASKED_EQ:
		if ((v & ~m) != 0)
			return TRUTH_NEVER;    /* bits the mask clears */
		return m == 0 ? TRUTH_ALWAYS : TRUTH_DEPENDS;
	default:
		return TRUTH_DEPENDS;
	}
}

static uint32_t offset_of(unsigned arg, int high)
{
	return high ? CODEGEN_ARG_HI(arg) : CODEGEN_ARG_LO(arg);
}

static bpf_label load(struct codegen *cg, unsigned arg, int high)
{
	return emit_stmt(&cg->em, BPF_LD | BPF_W | BPF_ABS,
			 offset_of(arg, high));
}

/*
 *	ld   argN.(hi|lo)
 *	<op> #k  yes  no
 */
static bpf_label test_half(struct codegen *cg, unsigned arg, int high,
			   uint16_t op, uint32_t k, bpf_label yes, bpf_label no)
{
	emit_jump(&cg->em, op, k, yes, no);
	return load(cg, arg, high);
}

static int needs_and(uint32_t m, uint32_t v)
{
	return m != 0 && v != 0 && !(v == m && (m & (m - 1)) == 0) &&
	       m != UINT32_MAX;
}

/*
 * (half & m) == v, with v & ~m == 0 already known:
 *
 *	m == 0:                  nothing, always holds
 *	v == 0:                  ld half; jset #m  no  yes
 *	v == m, one bit:         ld half; jset #m  yes  no
 *	m == 0xffffffff:         ld half; jeq #v  yes  no
 *	otherwise:               ld half; and #m; jeq #v  yes  no
 */
static bpf_label masked_half(struct codegen *cg, unsigned arg, int high,
			     uint32_t m, uint32_t v, bpf_label yes,
			     bpf_label no)
{
	if (m == 0)
		return yes;
	if (v == 0)
		return test_half(cg, arg, high, BPF_JSET, m, no, yes);
	if (v == m && (m & (m - 1)) == 0)
		return test_half(cg, arg, high, BPF_JSET, m, yes, no);
	if (!needs_and(m, v))
		return test_half(cg, arg, high, BPF_JEQ, v, yes, no);
	emit_jump(&cg->em, BPF_JEQ, v, yes, no);
	emit_stmt(&cg->em, BPF_ALU | BPF_AND | BPF_K, m);
	return load(cg, arg, high);
}

/*
 *	ld   argN.hi
 *	jeq  #hi(v)  L1  no
 * L1:	ld   argN.lo
 *	jeq  #lo(v)  yes  no
 */
static bpf_label equal64(struct codegen *cg, unsigned arg, uint64_t v,
			 bpf_label yes, bpf_label no)
{
	bpf_label lo = test_half(cg, arg, 0, BPF_JEQ, (uint32_t)v, yes, no);

	return test_half(cg, arg, 1, BPF_JEQ, (uint32_t)(v >> 32), lo, no);
}

/*
 * arg > v (op BPF_JGT) or arg >= v (op BPF_JGE), unsigned:
 *
 *	ld   argN.hi
 *	jgt  #hi(v)  yes  L1
 * L1:	jeq  #hi(v)  L2  no      ; left out when hi(v) == 0
 * L2:	ld   argN.lo
 *	<op> #lo(v)  yes  no
 *
 * When the low half cannot change the answer (>= with lo(v) == 0, > with
 * lo(v) == 0xffffffff) the high half decides alone:
 *
 *	ld   argN.hi
 *	<op> #hi(v)  yes  no
 */
static bpf_label ordered64(struct codegen *cg, unsigned arg, uint16_t op,
			   uint64_t v, bpf_label yes, bpf_label no)
{
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;
	uint32_t idle = op == BPF_JGE ? 0 : UINT32_MAX;
	bpf_label rest;

	if (lo == idle)
		return test_half(cg, arg, 1, op, hi, yes, no);
	rest = test_half(cg, arg, 0, op, lo, yes, no);
	if (hi != 0)
		rest = emit_jump(&cg->em, BPF_JEQ, hi, rest, no);
	emit_jump(&cg->em, BPF_JGT, hi, yes, rest);
	return load(cg, arg, 1);
}

/* lo alone: ld argN.lo; <op> #lo(v) (with yes and no swapped for ne, lt,
 * le); masked_eq as in masked_half(). */
static bpf_label emit_low(struct codegen *cg, const struct bpf_compare *c,
			  bpf_label yes, bpf_label no)
{
	uint32_t v = (uint32_t)c->value;

	switch (c->op) {
	case BPF_OP_EQ:
		return test_half(cg, c->arg, 0, BPF_JEQ, v, yes, no);
	case BPF_OP_NE:
		return test_half(cg, c->arg, 0, BPF_JEQ, v, no, yes);
	case BPF_OP_LT:
		return test_half(cg, c->arg, 0, BPF_JGE, v, no, yes);
	case BPF_OP_LE:
		return test_half(cg, c->arg, 0, BPF_JGT, v, no, yes);
	case BPF_OP_GT:
		return test_half(cg, c->arg, 0, BPF_JGT, v, yes, no);
	case BPF_OP_GE:
		return test_half(cg, c->arg, 0, BPF_JGE, v, yes, no);
	default:
		return masked_half(cg, c->arg, 0, (uint32_t)c->mask, v,
				   yes, no);
	}
}

/* Both halves: ne, lt and le are eq, ge and gt with yes and no swapped;
 * masked_eq tests hi then lo, each as in masked_half(). */
static bpf_label emit_full(struct codegen *cg, const struct bpf_compare *c,
			   bpf_label yes, bpf_label no)
{
	uint64_t v = c->value, m = c->mask;
	bpf_label lo;

	switch (c->op) {
	case BPF_OP_EQ:
		return equal64(cg, c->arg, v, yes, no);
	case BPF_OP_NE:
		return equal64(cg, c->arg, v, no, yes);
	case BPF_OP_LT:
		return ordered64(cg, c->arg, BPF_JGE, v, no, yes);
	case BPF_OP_LE:
		return ordered64(cg, c->arg, BPF_JGT, v, no, yes);
	case BPF_OP_GT:
		return ordered64(cg, c->arg, BPF_JGT, v, yes, no);
	case BPF_OP_GE:
		return ordered64(cg, c->arg, BPF_JGE, v, yes, no);
	default:
		lo = masked_half(cg, c->arg, 0, (uint32_t)m, (uint32_t)v,
				 yes, no);
		return masked_half(cg, c->arg, 1, (uint32_t)(m >> 32),
				   (uint32_t)(v >> 32), lo, no);
	}
}

bpf_label compare_emit(struct codegen *cg, const struct bpf_compare *cmp,
		       bpf_label yes, bpf_label no)
{
	cg->em.note.kind = BPF_NOTE_ARG;
	cg->em.note.arg = cmp->arg;
	cg->em.note.width = cmp->low_half_only ? 32 : 64;
	if (cmp->low_half_only)
		return emit_low(cg, cmp, yes, no);
	return emit_full(cg, cmp, yes, no);
}

/*
 * What A holds on the edges of the shapes above, for chain.c to leave out
 * a load that would read the same word again.  ordered64(): with lo(v)
 * idle only hi is tested; with hi(v) == 0 only the low test reaches its
 * "no".  lt and le are ge and gt with the edges swapped.
 */
static uint32_t ordered_held(const struct bpf_compare *c, int pass)
{
	int swapped = c->op == BPF_OP_LT || c->op == BPF_OP_LE;
	int ge = c->op == BPF_OP_GE || c->op == BPF_OP_LT;
	uint32_t lo = (uint32_t)c->value, hi = (uint32_t)(c->value >> 32);

	if (lo == (ge ? 0 : UINT32_MAX))
		return offset_of(c->arg, 1);
	if (hi == 0 && pass == swapped)
		return offset_of(c->arg, 0);
	return COMPARE_HELD_NONE;
}

/* masked_eq: one half tested, or both with lo last (it alone passes). */
static uint32_t masked_held(const struct bpf_compare *c, int pass)
{
	uint32_t mh = (uint32_t)(c->mask >> 32), ml = (uint32_t)c->mask;
	uint32_t vh = (uint32_t)(c->value >> 32), vl = (uint32_t)c->value;

	if (ml == 0)
		return needs_and(mh, vh) ? COMPARE_HELD_NONE :
		       offset_of(c->arg, 1);
	if (needs_and(ml, vl) || (mh != 0 && !pass))
		return COMPARE_HELD_NONE;
	return offset_of(c->arg, 0);
}

uint32_t compare_held(const struct bpf_compare *cmp, int pass)
{
	if (cmp->low_half_only) {
		if (cmp->op == BPF_OP_MASKED_EQ &&
		    needs_and((uint32_t)cmp->mask, (uint32_t)cmp->value))
			return COMPARE_HELD_NONE;
		return offset_of(cmp->arg, 0);
	}
	switch (cmp->op) {
	case BPF_OP_EQ:
		return pass ? offset_of(cmp->arg, 0) : COMPARE_HELD_NONE;
	case BPF_OP_NE:
		return pass ? COMPARE_HELD_NONE : offset_of(cmp->arg, 0);
	case BPF_OP_MASKED_EQ:
		return masked_held(cmp, pass);
	default:
		return ordered_held(cmp, pass);
	}
}
