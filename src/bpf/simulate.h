/*
 * simulate.h - runs any seccomp cBPF program on one seccomp_data value, as
 * the kernel would, and counts the instructions executed.
 */
#ifndef LUASANDBOX_BPF_SIMULATE_H
#define LUASANDBOX_BPF_SIMULATE_H

#include <linux/seccomp.h>
#include "bpf/program.h"

struct bpf_outcome {
	uint32_t action;       /* the returned SECCOMP_RET_* | data */
	unsigned steps;        /* instructions executed, the return included */
	size_t return_at;      /* index of the return instruction taken */
};

/* Returns 0 with out filled, or -1 with err filled (an invalid program). */
int bpf_simulate(const struct sock_filter *insns, size_t len,
		 const struct seccomp_data *data, struct bpf_outcome *out,
		 struct bpf_error *err);

#endif
