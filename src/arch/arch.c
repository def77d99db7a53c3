/*
 * arch.c - the six target architectures: their seccomp identity and the
 * lookups over their generated syscall tables (syscalls_*.c).
 */
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/syscalls.h"

#define ARCH_TABLE(prefix, table) \
	.max_nr = prefix##_MAX_NR, \
	.syscalls = table, \
	.syscall_count = prefix##_SYSCALL_COUNT

/*
 * audit_arch is EM_* | __AUDIT_ARCH_64BIT (0x80000000) when the ABI is
 * 64-bit | __AUDIT_ARCH_LE (0x40000000), as <linux/audit.h> builds it.
 *
 * bits is the width of a syscall argument register.  x32 is an ILP32 ABI,
 * but its syscalls run on the 64-bit kernel entry with full 64-bit
 * registers: seccomp_data.args[] carries all 64 bits, so a filter must
 * check both halves there just as on x86_64.  x32 shares x86_64's
 * audit_arch; only bit 30 of the number (nr_base) tells them apart.
 */
static const struct arch_info arches[ARCH_COUNT] = {
	[ARCH_X86_64] = {
		.id = ARCH_X86_64, .name = "x86_64",
		.audit_arch = 0xC000003E, .bits = 64, .nr_base = 0,
		ARCH_TABLE(ARCH_X86_64, arch_syscalls_x86_64),
	},
	[ARCH_I386] = {
		.id = ARCH_I386, .name = "i386",
		.audit_arch = 0x40000003, .bits = 32, .nr_base = 0,
		ARCH_TABLE(ARCH_I386, arch_syscalls_i386),
	},
	[ARCH_X32] = {
		.id = ARCH_X32, .name = "x32",
		.audit_arch = 0xC000003E, .bits = 64, .nr_base = 0x40000000,
		ARCH_TABLE(ARCH_X32, arch_syscalls_x32),
	},
	[ARCH_AARCH64] = {
		.id = ARCH_AARCH64, .name = "aarch64",
		.audit_arch = 0xC00000B7, .bits = 64, .nr_base = 0,
		ARCH_TABLE(ARCH_AARCH64, arch_syscalls_aarch64),
	},
	[ARCH_ARM] = {
		.id = ARCH_ARM, .name = "arm",
		.audit_arch = 0x40000028, .bits = 32, .nr_base = 0,
		ARCH_TABLE(ARCH_ARM, arch_syscalls_arm),
	},
	[ARCH_RISCV64] = {
		.id = ARCH_RISCV64, .name = "riscv64",
		.audit_arch = 0xC00000F3, .bits = 64, .nr_base = 0,
		ARCH_TABLE(ARCH_RISCV64, arch_syscalls_riscv64),
	},
};

#if defined(__x86_64__) && defined(__ILP32__)
#define ARCH_NATIVE ARCH_X32
#elif defined(__x86_64__)
#define ARCH_NATIVE ARCH_X86_64
#elif defined(__i386__)
#define ARCH_NATIVE ARCH_I386
#elif defined(__aarch64__)
#define ARCH_NATIVE ARCH_AARCH64
#elif defined(__arm__) && defined(__ARM_EABI__)
#define ARCH_NATIVE ARCH_ARM
#elif defined(__riscv) && defined(__LP64__)
#define ARCH_NATIVE ARCH_RISCV64
#else
#error "luasandbox has no syscall table for this architecture"
#endif

const struct arch_info *arch_get(enum arch_id id)
{
	return &arches[id];
}

const struct arch_info *arch_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < ARCH_COUNT; i++)
		if (strcmp(arches[i].name, name) == 0)
			return &arches[i];
	return NULL;
}

const struct arch_info *arch_native(void)
{
	return &arches[ARCH_NATIVE];
}

static int compare_name(const void *key, const void *entry)
{
	const struct arch_syscall *s = entry;

	return strcmp(key, s->name);
}

int64_t arch_syscall_nr(const struct arch_info *arch, const char *name)
{
	const struct arch_syscall *s;

	s = bsearch(name, arch->syscalls, arch->syscall_count,
		    sizeof(*s), compare_name);
	return s != NULL ? (int64_t)s->nr : -1;
}

/*
 * The tables are sorted by name, so this is a linear scan; it serves
 * listings and error messages, not the compiler's inner loops.  Where two
 * names share a number (arm's arm_sync_file_range and its alias
 * sync_file_range2) the first in name order is the answer.
 */
const char *arch_syscall_name(const struct arch_info *arch, uint32_t nr)
{
	for (size_t i = 0; i < arch->syscall_count; i++)
		if (arch->syscalls[i].nr == nr)
			return arch->syscalls[i].name;
	return NULL;
}
