/*
 * emit.h - the backwards emitter the compiler writes through (private to
 * src/bpf/).
 *
 * Code is emitted from the last instruction up, so that every jump target
 * is already placed when a jump to it is written: jumps in classic BPF only
 * go forward.  An instruction is named by its label, its position counted
 * from the end (1 is the last instruction), which stays valid however much
 * code is emitted above it.  A jump at label j to label t skips j - t - 1
 * instructions.
 */
#ifndef LUASANDBOX_BPF_EMIT_H
#define LUASANDBOX_BPF_EMIT_H

#include "bpf/program.h"

typedef size_t bpf_label;

#define EMIT_TRAMPOLINE_CACHE 16

struct emit_trampoline {
	bpf_label target;      /* where the BPF_JA goes */
	bpf_label at;          /* the BPF_JA itself, 0 when unused */
};

struct emitter {
	struct bpf_program *out;
	size_t count;          /* instructions emitted, even past the limit */
	struct bpf_note note;  /* copied beside each instruction emitted */
	struct emit_trampoline trampolines[EMIT_TRAMPOLINE_CACHE];
	size_t next_trampoline;
};

void emit_init(struct emitter *em, struct bpf_program *out);

/* The label of the instruction emitted last: the next one in the program. */
bpf_label emit_here(const struct emitter *em);

/* Emits a non-jump instruction; returns its label. */
bpf_label emit_stmt(struct emitter *em, uint16_t code, uint32_t k);

/*
 * Takes back the instruction emitted last: nothing jumps to it yet.
 * Returns the new emit_here().
 */
bpf_label emit_drop(struct emitter *em);

/*
 * Emits a conditional jump (BPF_JMP | op | BPF_K) to jt when it holds and
 * to jf when not, through BPF_JA trampolines when a target is out of the
 * 8-bit reach.  Returns the label of the jump.
 */
bpf_label emit_jump(struct emitter *em, uint16_t code, uint32_t k,
		    bpf_label jt, bpf_label jf);

/*
 * Moves the emitted code to the start of out and sets out->len; -1 with
 * err filled when it exceeds BPF_PROGRAM_MAX instructions.
 */
int emit_finish(struct emitter *em, struct bpf_error *err);

#endif
