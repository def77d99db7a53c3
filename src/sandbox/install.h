/*
 * install.h - the two irreversible steps of the checkpoint: no_new_privs
 * and installing a filter.  Both act on the calling thread's process.
 */
#ifndef LUASANDBOX_SANDBOX_INSTALL_H
#define LUASANDBOX_SANDBOX_INSTALL_H

#include <stddef.h>
#include <linux/filter.h>

/* Sets no_new_privs.  Returns 0, or -1 with msg filled. */
int install_no_new_privs(char *msg, size_t size);

/*
 * Installs the filter with seccomp(SECCOMP_SET_MODE_FILTER).  When
 * listener is not NULL the kernel is asked for a user-notification
 * listener, stored there.  Returns 0, or -1 with msg filled.
 */
int install_filter(const struct sock_filter *insns, size_t len,
		   int *listener, char *msg, size_t size);

#endif
