/*
 * emit.c - the backwards emitter: labels counted from the end, and BPF_JA
 * trampolines for conditional jumps whose target is out of 8-bit reach.
 *
 * A far conditional jump becomes
 *
 *	jeq  #k  L+0  L+1      ; both offsets now tiny
 *	ja   <true target>     ; only when that one is far
 *	ja   <false target>    ; only when that one is far
 *
 * and a trampoline already emitted close enough below is used again rather
 * than a new one (a hundred far jumps to the same return share a few).
 */
#include <stdio.h>
#include <string.h>

#include "bpf/emit.h"

#define JUMP_REACH 255         /* jt and jf are 8-bit offsets */

void emit_init(struct emitter *em, struct bpf_program *out)
{
	memset(em, 0, sizeof(*em));
	em->out = out;
	em->note.origin = -1;
	out->len = 0;
}

bpf_label emit_here(const struct emitter *em)
{
	return em->count;
}

static bpf_label store(struct emitter *em, struct sock_filter insn,
		       uint8_t kind)
{
	bpf_label at = ++em->count;

	if (at <= BPF_PROGRAM_MAX) {
		em->out->insns[BPF_PROGRAM_MAX - at] = insn;
		em->out->notes[BPF_PROGRAM_MAX - at] = em->note;
		em->out->notes[BPF_PROGRAM_MAX - at].kind = kind;
	}
	return at;
}

bpf_label emit_stmt(struct emitter *em, uint16_t code, uint32_t k)
{
	struct sock_filter insn = BPF_STMT(code, k);

	return store(em, insn, em->note.kind);
}

bpf_label emit_drop(struct emitter *em)
{
	return --em->count;
}

/*
 * The jump about to be emitted lands at most two trampolines further up,
 * so a target counts as far when it would be out of reach from there.
 */
static int is_far(const struct emitter *em, bpf_label target)
{
	return em->count + 2 - target > JUMP_REACH;
}

/*
 * A BPF_JA to target, reused when one close enough exists: the jump that
 * will use it lands at most two labels above the current count.
 */
static bpf_label trampoline_to(struct emitter *em, bpf_label target)
{
	struct emit_trampoline *t;
	struct sock_filter insn;
	size_t i;

	for (i = 0; i < EMIT_TRAMPOLINE_CACHE; i++) {
		t = &em->trampolines[i];
		if (t->at != 0 && t->target == target &&
		    em->count + 1 - t->at <= JUMP_REACH)
			return t->at;
	}
	insn = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA,
					   (uint32_t)(em->count - target), 0, 0);
	t = &em->trampolines[em->next_trampoline++];
	em->next_trampoline %= EMIT_TRAMPOLINE_CACHE;
	t->target = target;
	t->at = store(em, insn, BPF_NOTE_TRAMPOLINE);
	return t->at;
}

bpf_label emit_jump(struct emitter *em, uint16_t code, uint32_t k,
		    bpf_label jt, bpf_label jf)
{
	struct sock_filter insn;
	bpf_label at;

	if (is_far(em, jf))
		jf = trampoline_to(em, jf);
	if (is_far(em, jt))
		jt = trampoline_to(em, jt);
	at = em->count + 1;
	insn = (struct sock_filter)BPF_JUMP(BPF_JMP | code | BPF_K, k,
					   (uint8_t)(at - jt - 1),
					   (uint8_t)(at - jf - 1));
	return store(em, insn, em->note.kind);
}

int emit_finish(struct emitter *em, struct bpf_error *err)
{
	size_t first = BPF_PROGRAM_MAX - em->count;
	struct bpf_program *out = em->out;

	if (em->count > BPF_PROGRAM_MAX) {
		snprintf(err->message, sizeof(err->message),
			 "filter needs %zu instructions, more than the "
			 "kernel's %d", em->count, BPF_PROGRAM_MAX);
		return -1;
	}
	memmove(out->insns, out->insns + first,
		em->count * sizeof(out->insns[0]));
	memmove(out->notes, out->notes + first,
		em->count * sizeof(out->notes[0]));
	out->len = em->count;
	return 0;
}
