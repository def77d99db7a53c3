/*
 * program.h - a compiled classic BPF program and the notes the compiler
 * leaves beside each instruction so that listings can speak of syscalls,
 * arches and rules rather than of offsets.
 */
#ifndef LUASANDBOX_BPF_PROGRAM_H
#define LUASANDBOX_BPF_PROGRAM_H

#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>

#define BPF_PROGRAM_MAX BPF_MAXINSNS   /* 4096, the kernel's limit */

enum bpf_note_kind {
	BPF_NOTE_NONE,         /* no note: a hand-written program */
	BPF_NOTE_ARCH,         /* load or test of seccomp_data.arch */
	BPF_NOTE_NR,           /* load or test of seccomp_data.nr */
	BPF_NOTE_ARG,          /* load or test of an argument half */
	BPF_NOTE_RETURN,       /* a return */
	BPF_NOTE_TRAMPOLINE    /* BPF_JA standing in for a far jump */
};

struct bpf_note {
	uint8_t kind;          /* enum bpf_note_kind */
	uint8_t arg;           /* BPF_NOTE_ARG: which argument */
	uint8_t width;         /* BPF_NOTE_ARG: 32 or 64 bits compared */
	uint8_t multiplexed;   /* decided for a socketcall/ipc sub-call */
	uint32_t audit_arch;   /* the arch branch this instruction is in */
	uint32_t nr_base;      /* 0x40000000 in the x32 branch */
	int origin;            /* the rule's origin tag, or -1 */
};

struct bpf_program {
	size_t len;
	struct sock_filter insns[BPF_PROGRAM_MAX];
	struct bpf_note notes[BPF_PROGRAM_MAX];
};

/* A message for the caller; functions that fail fill it and return -1. */
struct bpf_error {
	char message[256];
};

#endif
