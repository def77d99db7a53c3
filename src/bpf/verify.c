/*
 * verify.c - the kernel's checks on a seccomp filter: those of
 * bpf_check_classic() (net/core/filter.c: length, known opcodes, division
 * by a constant 0, shifts by 32 or more, scratch memory words, jump
 * targets, a return last, no scratch word read before it is written) and
 * of seccomp_check_filter() (kernel/seccomp.c: the opcodes seccomp allows,
 * aligned loads inside struct seccomp_data).  A program the kernel refuses
 * is refused here; when it has several faults, the one named may differ.
 */
#include <stdarg.h>
#include <stdio.h>
#include <linux/seccomp.h>

#include "bpf/verify.h"

static int refuse(struct bpf_error *err, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct bpf_error *err, size_t at, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err->message, sizeof(err->message), "instruction %zu: ",
		     at);
	va_start(ap, fmt);
	vsnprintf(err->message + n, sizeof(err->message) - (size_t)n, fmt,
		  ap);
	va_end(ap);
	return -1;
}

/* The opcodes seccomp_check_filter() lets through. */
static int seccomp_allows(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS: case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM: case BPF_LDX | BPF_IMM:
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
	case BPF_ST: case BPF_STX:
	case BPF_RET | BPF_K: case BPF_RET | BPF_A:
	case BPF_MISC | BPF_TAX: case BPF_MISC | BPF_TXA:
	case BPF_ALU | BPF_NEG: case BPF_JMP | BPF_JA:
		return 1;
	}
	switch (code & ~BPF_X) {
	case BPF_ALU | BPF_ADD: case BPF_ALU | BPF_SUB:
	case BPF_ALU | BPF_MUL: case BPF_ALU | BPF_DIV:
	case BPF_ALU | BPF_AND: case BPF_ALU | BPF_OR:
	case BPF_ALU | BPF_XOR: case BPF_ALU | BPF_LSH:
	case BPF_ALU | BPF_RSH:
	case BPF_JMP | BPF_JEQ: case BPF_JMP | BPF_JGT:
	case BPF_JMP | BPF_JGE: case BPF_JMP | BPF_JSET:
		return 1;
	}
	return 0;
}

static int is_conditional(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

static int check_operand(const struct sock_filter *f, size_t pc,
			 size_t len, struct bpf_error *err)
{
	switch (f->code) {
	case BPF_ALU | BPF_DIV | BPF_K:
		if (f->k == 0)
			return refuse(err, pc, "division by zero");
		break;
	case BPF_ALU | BPF_LSH | BPF_K: case BPF_ALU | BPF_RSH | BPF_K:
		if (f->k >= 32)
			return refuse(err, pc, "shift by %u", f->k);
		break;
	case BPF_LD | BPF_MEM: case BPF_LDX | BPF_MEM:
	case BPF_ST: case BPF_STX:
		if (f->k >= BPF_MEMWORDS)
			return refuse(err, pc, "memory word %u past M[%d]",
				      f->k, BPF_MEMWORDS - 1);
		break;
	case BPF_LD | BPF_W | BPF_ABS:
		if (f->k >= sizeof(struct seccomp_data) || f->k % 4 != 0)
			return refuse(err, pc, "load of seccomp_data at "
				      "offset %u", f->k);
		break;
	case BPF_JMP | BPF_JA:
		if (f->k >= len - pc - 1)
			return refuse(err, pc, "jump past the end");
		break;
	}
	if (is_conditional(f->code) &&
	    (pc + f->jt + 1 >= len || pc + f->jf + 1 >= len))
		return refuse(err, pc, "jump past the end");
	return 0;
}

/*
 * Jumps only go forward, so one pass in order sees every path into an
 * instruction before the instruction: valid[] holds the words written on
 * all paths seen so far into each one (check_load_and_stores()).
 */
static int check_memory(const struct sock_filter *insns, size_t len,
			struct bpf_error *err)
{
	uint16_t valid[BPF_PROGRAM_MAX], now = 0;
	const struct sock_filter *f;
	size_t pc;

	for (pc = 0; pc < len; pc++)
		valid[pc] = 0xffff;
	for (pc = 0; pc < len; pc++) {
		f = &insns[pc];
		now &= valid[pc];
		if (f->code == BPF_ST || f->code == BPF_STX)
			now |= (uint16_t)(1u << f->k);
		else if ((f->code == (BPF_LD | BPF_MEM) ||
			  f->code == (BPF_LDX | BPF_MEM)) &&
			 !(now & (1u << f->k)))
			return refuse(err, pc, "M[%u] read before it is "
				      "written", f->k);
		else if (f->code == (BPF_JMP | BPF_JA)) {
			valid[pc + 1 + f->k] &= now;
			now = 0xffff;
		} else if (is_conditional(f->code)) {
			valid[pc + 1 + f->jt] &= now;
			valid[pc + 1 + f->jf] &= now;
			now = 0xffff;
		}
	}
	return 0;
}

int bpf_verify(const struct sock_filter *insns, size_t len,
	       struct bpf_error *err)
{
	uint16_t last;
	size_t pc;

	if (len == 0 || len > BPF_PROGRAM_MAX) {
		snprintf(err->message, sizeof(err->message),
			 "%zu instructions, not 1..%d", len, BPF_PROGRAM_MAX);
		return -1;
	}
	for (pc = 0; pc < len; pc++) {
		if (!seccomp_allows(insns[pc].code))
			return refuse(err, pc, "opcode 0x%02x not allowed in "
				      "seccomp", insns[pc].code);
		if (check_operand(&insns[pc], pc, len, err) < 0)
			return -1;
	}
	last = insns[len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A))
		return refuse(err, len - 1, "the last instruction is not a "
			      "return");
	return check_memory(insns, len, err);
}
