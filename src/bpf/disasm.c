/*
 * disasm.c - a listing of a cBPF program, one instruction a line:
 *
 * L9:
 *   0009  jge  #0x13e  L23  L10      ; 318 getrandom
 *   0010  ld  arg1.lo                ; arg1 low half, 32-bit; rule #3
 *   0011  ret  errno(1)
 *
 * A label line precedes each jump target; operands name the fields of
 * seccomp_data and the actions; the comment comes from the notes.
 */
#include <stdio.h>
#include <string.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "bpf/disasm.h"

#define COMMENT_COLUMN 36

struct listing {
	const struct bpf_program *program;
	FILE *out;
	bpf_syscall_namer *namer;
	void *ctx;
	uint32_t last_load;    /* offset of the last BPF_LD | BPF_ABS */
};

static const char *arch_name(uint32_t audit_arch)
{
	switch (audit_arch) {
	case AUDIT_ARCH_X86_64: return "x86_64";
	case AUDIT_ARCH_I386: return "i386";
	case AUDIT_ARCH_AARCH64: return "aarch64";
	case AUDIT_ARCH_ARM: return "arm";
	case AUDIT_ARCH_RISCV64: return "riscv64";
	default: return NULL;
	}
}

static void field_name(uint32_t k, char *buf, size_t size)
{
	if (k == 0)
		snprintf(buf, size, "nr");
	else if (k == 4)
		snprintf(buf, size, "arch");
	else if (k == 8 || k == 12)
		snprintf(buf, size, "ip.%s", k == 8 ? "lo" : "hi");
	else if (k >= 16 && k < 64 && k % 4 == 0)
		snprintf(buf, size, "arg%u.%s", (k - 16) / 8,
			 k % 8 == 0 ? "lo" : "hi");
	else
		snprintf(buf, size, "[%u]", k);
}

static const char *mnemonic(uint16_t code)
{
	static const char *const alu[16] = {
		"add", "sub", "mul", "div", "or", "and", "lsh", "rsh",
		"neg", "mod", "xor", "?", "?", "?", "?", "?"
	};
	static const char *const jmp[16] = {
		"ja", "jeq", "jgt", "jge", "jset", "?", "?", "?",
		"?", "?", "?", "?", "?", "?", "?", "?"
	};

	switch (BPF_CLASS(code)) {
	case BPF_LD: return "ld";
	case BPF_LDX: return "ldx";
	case BPF_ST: return "st";
	case BPF_STX: return "stx";
	case BPF_ALU: return alu[BPF_OP(code) >> 4];
	case BPF_JMP: return jmp[BPF_OP(code) >> 4];
	case BPF_RET: return "ret";
	default: return BPF_MISCOP(code) == BPF_TAX ? "tax" : "txa";
	}
}

static void load_operand(const struct sock_filter *f, char *buf,
			 size_t size)
{
	switch (BPF_MODE(f->code)) {
	case BPF_ABS: field_name(f->k, buf, size); break;
	case BPF_LEN: snprintf(buf, size, "len"); break;
	case BPF_MEM: snprintf(buf, size, "M[%u]", f->k); break;
	default: snprintf(buf, size, "#0x%x", f->k); break;
	}
}

static void operand(const struct sock_filter *f, size_t pc, char *buf,
		    size_t size)
{
	const char *src = BPF_SRC(f->code) == BPF_X ? "x" : NULL;
	char k[24];

	snprintf(k, sizeof(k), "#0x%x", f->k);
	switch (BPF_CLASS(f->code)) {
	case BPF_LD: case BPF_LDX:
		load_operand(f, buf, size); break;
	case BPF_ST: case BPF_STX:
		snprintf(buf, size, "M[%u]", f->k); break;
	case BPF_ALU:
		snprintf(buf, size, "%s", BPF_OP(f->code) == BPF_NEG ? "" :
			 src ? src : k);
		break;
	case BPF_JMP:
		if (BPF_OP(f->code) == BPF_JA)
			snprintf(buf, size, "L%zu", pc + 1 + f->k);
		else
			snprintf(buf, size, "%s  L%zu  L%zu", src ? src : k,
				 pc + 1 + f->jt, pc + 1 + f->jf);
		break;
	case BPF_RET:
		if (BPF_RVAL(f->code) == BPF_A)
			snprintf(buf, size, "a");
		else
			bpf_action_name(f->k, buf, size);
		break;
	default:
		buf[0] = '\0';
	}
}

static void nr_comment(const struct listing *l, const struct bpf_note *n,
		       uint32_t nr, char *buf, size_t size)
{
	const char *name = l->namer ? l->namer(l->ctx, n->audit_arch, nr) :
			   NULL;
	const char *abi = n->nr_base != 0 ? "x32 " : "";

	if (name != NULL)
		snprintf(buf, size, "%s%u %s", abi, nr - n->nr_base, name);
	else if (nr <= 0xffff)
		snprintf(buf, size, "%u", nr);
	else
		snprintf(buf, size, "0x%x", nr);
}

static void arg_comment(const struct listing *l, const struct bpf_note *n,
			char *buf, size_t size)
{
	/* The multiplexed copy of a rule is decided by the sub-call number
	 * alone: the real arguments are out of the filter's reach. */
	static const char *const sub_call[] = { "",
		" (socketcall sub-call, its arguments unread)",
		" (ipc sub-call, its arguments unread)" };
	const char *half = l->last_load % 8 == 0 ? "low" : "high";
	int len;

	len = snprintf(buf, size, "arg%u %s half, %u-bit", n->arg, half,
		       n->width);
	if (n->origin >= 0 && len >= 0 && (size_t)len < size)
		snprintf(buf + len, size - (size_t)len, "; rule #%d%s",
			 n->origin, sub_call[n->multiplexed < 3 ?
					     n->multiplexed : 1]);
}

/* The comment for insns[pc], empty when there is nothing to add. */
static void comment(const struct listing *l, size_t pc, char *buf,
		    size_t size)
{
	const struct sock_filter *f = &l->program->insns[pc];
	const struct bpf_note *n = &l->program->notes[pc];
	const char *name;

	buf[0] = '\0';
	if (n->kind == BPF_NOTE_ARCH && BPF_CLASS(f->code) == BPF_JMP) {
		name = arch_name(f->k);
		snprintf(buf, size, "%s", name ? name : "unknown arch");
	} else if (n->kind == BPF_NOTE_NR && BPF_CLASS(f->code) == BPF_JMP) {
		nr_comment(l, n, f->k, buf, size);
	} else if (n->kind == BPF_NOTE_ARG) {
		arg_comment(l, n, buf, size);
	} else if (n->kind == BPF_NOTE_TRAMPOLINE) {
		snprintf(buf, size, "trampoline");
	}
}

static void mark_targets(const struct bpf_program *p, unsigned char *target)
{
	const struct sock_filter *f;
	size_t pc, to;

	memset(target, 0, p->len);
	for (pc = 0; pc < p->len; pc++) {
		f = &p->insns[pc];
		if (BPF_CLASS(f->code) != BPF_JMP)
			continue;
		if (BPF_OP(f->code) == BPF_JA) {
			to = pc + 1 + f->k;
			if (to < p->len)
				target[to] = 1;
			continue;
		}
		if (pc + 1 + f->jt < p->len)
			target[pc + 1 + f->jt] = 1;
		if (pc + 1 + f->jf < p->len)
			target[pc + 1 + f->jf] = 1;
	}
}

static void list_one(struct listing *l, size_t pc)
{
	const struct sock_filter *f = &l->program->insns[pc];
	char text[96], arg[64], note[128];
	int width;

	if (f->code == (BPF_LD | BPF_W | BPF_ABS))
		l->last_load = f->k;
	operand(f, pc, arg, sizeof(arg));
	comment(l, pc, note, sizeof(note));
	snprintf(text, sizeof(text), "%s%s%s", mnemonic(f->code),
		 arg[0] ? "  " : "", arg);
	width = note[0] ? COMMENT_COLUMN : 0;
	fprintf(l->out, "  %04zu  %-*s%s%s\n", pc, width, text,
		note[0] ? "  ; " : "", note);
}

int bpf_disassemble(const struct bpf_program *program, FILE *out,
		    bpf_syscall_namer *namer, void *ctx)
{
	struct listing l = { program, out, namer, ctx, 0 };
	unsigned char target[BPF_PROGRAM_MAX];
	size_t pc;

	if (program->len > BPF_PROGRAM_MAX)
		return -1;
	mark_targets(program, target);
	for (pc = 0; pc < program->len; pc++) {
		if (target[pc])
			fprintf(out, "L%zu:\n", pc);
		list_one(&l, pc);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
