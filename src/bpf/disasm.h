/*
 * disasm.h - a readable listing of a cBPF program: labels for jump targets,
 * symbolic arch, syscall and action names where the notes allow.
 */
#ifndef LUASANDBOX_BPF_DISASM_H
#define LUASANDBOX_BPF_DISASM_H

#include <stdio.h>
#include "bpf/program.h"

/*
 * Names a syscall number of an arch branch, or returns NULL.  The bpf layer
 * knows no tables; the caller passes this in.
 */
typedef const char *bpf_syscall_namer(void *ctx, uint32_t audit_arch,
				      uint32_t nr);

/* The name of a SECCOMP_RET_* action, data included: "errno(1)". */
void bpf_action_name(uint32_t action, char *buf, size_t size);

/*
 * Writes the listing of program (notes used when present) to out.
 * namer may be NULL.  Returns 0, or -1 when out fails.
 */
int bpf_disassemble(const struct bpf_program *program, FILE *out,
		    bpf_syscall_namer *namer, void *ctx);

#endif
