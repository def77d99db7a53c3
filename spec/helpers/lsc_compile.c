/*
 * lsc_compile.c - the libseccomp oracle: compiles a policy written in
 * lsc_policy.h's line format with libseccomp, writes the raw BPF
 * (struct sock_filter[]) and reports how long libseccomp took.
 *
 *   lsc-compile [-t] [-r REPS] [-o FILE] < POLICY
 *
 * Test-only; luasandbox itself never links libseccomp.  One untimed pass
 * reports refusals and writes FILE; then REPS timed passes (default 20)
 * each run seccomp_init, the arch adds, the attribute sets, the rule adds
 * and seccomp_export_bpf into a memfd, and stdout gets the best of them
 * as "compile_ns N".  seccomp_release is not timed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "lsc_policy.h"
#include "number.h"

struct lsc_options {
	const char *out;
	unsigned reps;
	bool tree;
};

/* The first arch line replaces the native arch seccomp_init chose;
 * libseccomp cannot drop its last arch, so that one is added first. */
static int add_arch(scmp_filter_ctx ctx, uint32_t arch, bool first)
{
	int rc;

	if (seccomp_arch_exist(ctx, arch) == 0)
		return 0;
	rc = seccomp_arch_add(ctx, arch);
	if (rc == 0 && first)
		rc = seccomp_arch_remove(ctx, seccomp_arch_native());
	return rc;
}

static int add_arches(scmp_filter_ctx ctx, const struct lsc_policy *p,
		      bool verbose)
{
	unsigned i;
	int rc;

	for (i = 0; i < p->narch; i++) {
		rc = add_arch(ctx, p->arch[i], i == 0);
		if (rc < 0) {
			if (verbose)
				fprintf(stderr, "lsc-compile: line %u: "
					"cannot add arch: %s\n",
					p->arch_line[i], strerror(-rc));
			return rc;
		}
	}
	return 0;
}

/* The filter is only exported, never loaded: the load-time attributes
 * are switched off so that nothing depends on them. */
static void set_attributes(scmp_filter_ctx ctx, const struct lsc_policy *p,
			   const struct lsc_options *o, bool verbose)
{
	int rc;

	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 0);
	if (o->tree)
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (p->badarch.no == 0)
		return;
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      p->badarch_action);
	if (rc < 0 && verbose)
		fprintf(stderr, "refused %s: %s\n", p->badarch.text,
			strerror(-rc));
}

static void add_rules(scmp_filter_ctx ctx, const struct lsc_policy *p,
		      bool verbose)
{
	const struct lsc_rule *r;
	size_t i;
	int rc;

	for (i = 0; i < p->nrule; i++) {
		r = &p->rule[i];
		rc = seccomp_rule_add_array(ctx, r->action, r->nr, r->ncmp,
					    r->cmp);
		if (rc < 0 && verbose)
			fprintf(stderr, "refused %s: %s\n", r->src.text,
				strerror(-rc));
	}
}

/* A context holding the whole policy, or NULL when libseccomp refuses
 * the default action or an arch (then no filter would be comparable). */
static scmp_filter_ctx build(const struct lsc_policy *p,
			     const struct lsc_options *o, bool verbose)
{
	scmp_filter_ctx ctx;

	ctx = seccomp_init(p->def_action);
	if (!ctx) {
		if (verbose)
			fprintf(stderr, "lsc-compile: line %u: libseccomp "
				"refused default action 0x%08x\n",
				p->def.no, p->def_action);
		return NULL;
	}
	if (add_arches(ctx, p, verbose) < 0) {
		seccomp_release(ctx);
		return NULL;
	}
	set_attributes(ctx, p, o, verbose);
	add_rules(ctx, p, verbose);
	return ctx;
}

static int build_and_export(const struct lsc_policy *p,
			    const struct lsc_options *o, int fd,
			    bool verbose)
{
	scmp_filter_ctx ctx;
	int rc;

	ctx = build(p, o, verbose);
	if (!ctx)
		return -1;
	rc = seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	if (rc < 0 && verbose)
		fprintf(stderr, "lsc-compile: seccomp_export_bpf: %s\n",
			strerror(-rc));
	return rc < 0 ? -1 : 0;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* One timed pass; release is outside the measured interval. */
static int64_t time_once(const struct lsc_policy *p,
			 const struct lsc_options *o, int fd)
{
	scmp_filter_ctx ctx;
	int64_t start, elapsed;

	if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	start = now_ns();
	ctx = build(p, o, false);
	if (!ctx || seccomp_export_bpf(ctx, fd) < 0)
		elapsed = -1;
	else
		elapsed = now_ns() - start;
	if (ctx)
		seccomp_release(ctx);
	return elapsed;
}

static int time_compile(const struct lsc_policy *p,
			const struct lsc_options *o, int64_t *best)
{
	int64_t t;
	unsigned i;
	int fd;

	fd = memfd_create("lsc-compile", MFD_CLOEXEC);
	if (fd < 0) {
		perror("lsc-compile: memfd_create");
		return -1;
	}
	*best = INT64_MAX;
	for (i = 0; i < o->reps; i++) {
		t = time_once(p, o, fd);
		if (t < 0) {
			fputs("lsc-compile: a timed pass failed\n", stderr);
			close(fd);
			return -1;
		}
		if (t < *best)
			*best = t;
	}
	close(fd);
	return 0;
}

/* The untimed pass: refusals go to stderr, the program to -o FILE. */
static int write_program(const struct lsc_policy *p,
			 const struct lsc_options *o)
{
	const char *path = o->out ? o->out : "/dev/null";
	int fd, rc;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "lsc-compile: cannot open '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	rc = build_and_export(p, o, fd, true);
	if (close(fd) < 0 && rc == 0) {
		fprintf(stderr, "lsc-compile: cannot write '%s': %s\n", path,
			strerror(errno));
		rc = -1;
	}
	return rc;
}

static void usage(FILE *out)
{
	fputs("usage: lsc-compile [-t] [-r REPS] [-o FILE] < POLICY\n"
	      "  -o FILE  write libseccomp's raw BPF (struct sock_filter[])\n"
	      "  -r REPS  timed repetitions, best one reported (default 20)\n"
	      "  -t       SCMP_FLTATR_CTL_OPTIMIZE=2 (binary tree)\n", out);
}

static int parse_options(int argc, char **argv, struct lsc_options *o)
{
	const char *end;
	uint64_t reps;
	int c;

	*o = (struct lsc_options){ .reps = 20 };
	while ((c = getopt(argc, argv, "ho:r:t")) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		} else if (c == 'o') {
			o->out = optarg;
		} else if (c == 'r' && number_parse(optarg, &end, &reps) &&
			   *end == '\0' && reps >= 1 && reps <= 1000000) {
			o->reps = (unsigned)reps;
		} else if (c == 't') {
			o->tree = true;
		} else {
			if (c == 'r')
				fprintf(stderr, "lsc-compile: bad -r '%s'\n",
					optarg);
			return -1;
		}
	}
	return optind == argc ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct lsc_options o;
	struct lsc_policy p;
	int64_t best;
	int rc;

	if (parse_options(argc, argv, &o) < 0) {
		usage(stderr);
		return 2;
	}
	if (lsc_parse(stdin, &p) < 0) {
		lsc_policy_free(&p);
		return 1;
	}
	rc = write_program(&p, &o);
	if (rc == 0)
		rc = time_compile(&p, &o, &best);
	lsc_policy_free(&p);
	if (rc < 0)
		return 1;
	printf("compile_ns %lld\n", (long long)best);
	return 0;
}
