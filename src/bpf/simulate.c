/*
 * simulate.c - runs a seccomp cBPF program as the kernel does: 32-bit
 * unsigned A and X, sixteen scratch words, BPF_LEN reading
 * sizeof(struct seccomp_data), absolute loads reading the struct in host
 * order.  Two corners follow the kernel's translation to eBPF: a division
 * by X == 0 ends the program returning 0 (SECCOMP_RET_KILL_THREAD), and a
 * shift by X uses the low five bits of X.
 */
#include <string.h>

#include "bpf/simulate.h"
#include "bpf/verify.h"

struct machine {
	uint32_t a, x;
	uint32_t mem[BPF_MEMWORDS];
	const struct seccomp_data *data;
	int done;              /* a return was reached */
	uint32_t result;
};

static uint32_t load_abs(const struct machine *vm, uint32_t k)
{
	uint32_t word;

	memcpy(&word, (const unsigned char *)vm->data + k, sizeof(word));
	return word;
}

/* BPF_LD, BPF_LDX, BPF_ST, BPF_STX and BPF_MISC: never a jump. */
static void move(struct machine *vm, const struct sock_filter *f)
{
	uint32_t k = f->k;

	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS: vm->a = load_abs(vm, k); break;
	case BPF_LD | BPF_W | BPF_LEN: vm->a = sizeof(*vm->data); break;
	case BPF_LDX | BPF_W | BPF_LEN: vm->x = sizeof(*vm->data); break;
	case BPF_LD | BPF_IMM: vm->a = k; break;
	case BPF_LDX | BPF_IMM: vm->x = k; break;
	case BPF_LD | BPF_MEM: vm->a = vm->mem[k]; break;
	case BPF_LDX | BPF_MEM: vm->x = vm->mem[k]; break;
	case BPF_ST: vm->mem[k] = vm->a; break;
	case BPF_STX: vm->mem[k] = vm->x; break;
	case BPF_MISC | BPF_TAX: vm->x = vm->a; break;
	case BPF_MISC | BPF_TXA: vm->a = vm->x; break;
	}
}

static void alu(struct machine *vm, const struct sock_filter *f)
{
	uint32_t v = BPF_SRC(f->code) == BPF_X ? vm->x : f->k;

	switch (BPF_OP(f->code)) {
	case BPF_ADD: vm->a += v; break;
	case BPF_SUB: vm->a -= v; break;
	case BPF_MUL: vm->a *= v; break;
	case BPF_AND: vm->a &= v; break;
	case BPF_OR: vm->a |= v; break;
	case BPF_XOR: vm->a ^= v; break;
	case BPF_LSH: vm->a <<= v & 31; break;
	case BPF_RSH: vm->a >>= v & 31; break;
	case BPF_NEG: vm->a = 0u - vm->a; break;
	case BPF_DIV:
		if (v == 0) {
			vm->done = 1;
			vm->result = 0;
		} else {
			vm->a /= v;
		}
		break;
	}
}

/* The offset to add to pc + 1. */
static uint32_t jump(const struct machine *vm, const struct sock_filter *f)
{
	uint32_t v = BPF_SRC(f->code) == BPF_X ? vm->x : f->k;
	int taken;

	switch (BPF_OP(f->code)) {
	case BPF_JA: return f->k;
	case BPF_JEQ: taken = vm->a == v; break;
	case BPF_JGT: taken = vm->a > v; break;
	case BPF_JGE: taken = vm->a >= v; break;
	default: taken = (vm->a & v) != 0; break;
	}
	return taken ? f->jt : f->jf;
}

/* Runs insns[pc]; returns the index of the next instruction. */
static size_t step(struct machine *vm, const struct sock_filter *f,
		   size_t pc)
{
	switch (BPF_CLASS(f->code)) {
	case BPF_RET:
		vm->done = 1;
		vm->result = BPF_RVAL(f->code) == BPF_A ? vm->a : f->k;
		return pc;
	case BPF_ALU:
		alu(vm, f);
		return pc + 1;
	case BPF_JMP:
		return pc + 1 + jump(vm, f);
	default:
		move(vm, f);
		return pc + 1;
	}
}

int bpf_simulate(const struct sock_filter *insns, size_t len,
		 const struct seccomp_data *data, struct bpf_outcome *out,
		 struct bpf_error *err)
{
	struct machine vm;
	size_t pc = 0, next;

	if (bpf_verify(insns, len, err) < 0)
		return -1;
	memset(&vm, 0, sizeof(vm));
	vm.data = data;
	out->steps = 0;
	for (;;) {
		out->steps++;
		next = step(&vm, &insns[pc], pc);
		if (vm.done)
			break;
		pc = next;
	}
	out->action = vm.result;
	out->return_at = pc;
	return 0;
}
