/*
 * compile.h - policy to classic BPF.  Pure: no syscalls, no allocation
 * beyond the caller's buffers.
 */
#ifndef LUASANDBOX_BPF_COMPILE_H
#define LUASANDBOX_BPF_COMPILE_H

#include "bpf/policy.h"
#include "bpf/program.h"

/*
 * Compiles policy into out.  Returns 0, or -1 with err filled (a program
 * over BPF_PROGRAM_MAX instructions, an argument index above 5, an unknown
 * operator).  The result always passes bpf_verify().
 */
int bpf_compile(const struct bpf_policy *policy, struct bpf_program *out,
		struct bpf_error *err);

#endif
