/*
 * compile.h - policy to classic BPF.  Pure: no syscalls, no allocation
 * beyond the caller's buffers.
 */
#ifndef LUASANDBOX_BPF_COMPILE_H
#define LUASANDBOX_BPF_COMPILE_H

#include "bpf/policy.h"
#include "bpf/program.h"

/*
 * The bytes of scratch memory bpf_compile() needs for policy: the rules
 * of each arch ordered by number, so that compiling takes time in
 * proportion to the rules rather than to rules times ranges.
 */
size_t bpf_compile_scratch_size(const struct bpf_policy *policy);

/*
 * Compiles policy into out, with scratch: bpf_compile_scratch_size(policy)
 * bytes or more, aligned as malloc() aligns, never NULL.  Returns
 * 0, or -1 with err filled (a program over BPF_PROGRAM_MAX instructions,
 * an argument index above 5, an unknown operator).  The result always
 * passes bpf_verify().
 */
int bpf_compile(const struct bpf_policy *policy, void *scratch,
		struct bpf_program *out, struct bpf_error *err);

#endif
