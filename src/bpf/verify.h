/*
 * verify.h - the checks the kernel makes before it accepts a seccomp filter
 * (bpf_check_classic and seccomp_check_filter), made here first so that a
 * bad program is refused with a reason rather than EINVAL.
 */
#ifndef LUASANDBOX_BPF_VERIFY_H
#define LUASANDBOX_BPF_VERIFY_H

#include "bpf/program.h"

/* Returns 0 when the kernel would accept insns, else -1 with err filled. */
int bpf_verify(const struct sock_filter *insns, size_t len,
	       struct bpf_error *err);

#endif
