/*
 * lsc_parse.c - lsc-compile's line format (see lsc_policy.h) into a
 * struct lsc_policy.  Syscall names are resolved here, once, against
 * libseccomp's native table; libseccomp translates them per arch when
 * the rules are added.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lsc_policy.h"
#include "number.h"

/* "rule ACTION SYSCALL" and at most six comparisons of up to 4 words. */
#define LSC_MAX_WORDS (3 + 4 * LSC_MAX_CMPS)

struct lsc_words {
	char *w[LSC_MAX_WORDS];
	unsigned n;
};

static const struct {
	const char *name;
	uint32_t token;
} lsc_arches[] = {
	{ "x86_64", SCMP_ARCH_X86_64 }, { "x86", SCMP_ARCH_X86 },
	{ "i386", SCMP_ARCH_X86 }, { "x32", SCMP_ARCH_X32 },
	{ "aarch64", SCMP_ARCH_AARCH64 }, { "arm", SCMP_ARCH_ARM },
	{ "riscv64", SCMP_ARCH_RISCV64 },
};

static const struct {
	const char *name;
	enum scmp_compare op;
} lsc_ops[] = {
	{ "eq", SCMP_CMP_EQ }, { "ne", SCMP_CMP_NE }, { "lt", SCMP_CMP_LT },
	{ "le", SCMP_CMP_LE }, { "gt", SCMP_CMP_GT }, { "ge", SCMP_CMP_GE },
	{ "masked_eq", SCMP_CMP_MASKED_EQ },
};

#define LSC_COUNT(a) (sizeof(a) / sizeof((a)[0]))

__attribute__((format(printf, 2, 3)))
static int lsc_bad(unsigned no, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lsc-compile: line %u: ", no);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static bool lsc_number(const char *s, uint64_t *out)
{
	const char *end;

	return number_parse(s, &end, out) && *end == '\0';
}

static bool lsc_action(const char *s, uint32_t *out)
{
	uint64_t v;

	if (s[0] == '-' || !lsc_number(s, &v) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static int parse_arch(struct lsc_policy *p, const struct lsc_words *w,
		      unsigned no)
{
	size_t i;
	unsigned j;

	if (w->n != 2)
		return lsc_bad(no, "expected 'arch NAME'");
	for (i = 0; i < LSC_COUNT(lsc_arches); i++)
		if (strcmp(w->w[1], lsc_arches[i].name) == 0)
			break;
	if (i == LSC_COUNT(lsc_arches))
		return lsc_bad(no, "unknown arch '%s'", w->w[1]);
	for (j = 0; j < p->narch; j++)
		if (p->arch[j] == lsc_arches[i].token)
			return 0;
	p->arch[p->narch] = lsc_arches[i].token;
	p->arch_line[p->narch++] = no;
	return 0;
}

/* "default ACTION" and "badarch ACTION": each at most once. */
static int parse_action_line(struct lsc_line *dst, uint32_t *action,
			     const struct lsc_words *w, struct lsc_line *src)
{
	if (w->n != 2)
		return lsc_bad(src->no, "expected '%s ACTION'", w->w[0]);
	if (dst->no != 0)
		return lsc_bad(src->no, "second '%s' line (first on line %u)",
			       w->w[0], dst->no);
	if (!lsc_action(w->w[1], action))
		return lsc_bad(src->no, "bad action '%s'", w->w[1]);
	*dst = *src;
	src->text = NULL;
	return 0;
}

static int parse_op(enum scmp_compare *op, const char *s, unsigned no)
{
	size_t i;

	for (i = 0; i < LSC_COUNT(lsc_ops); i++) {
		if (strcmp(s, lsc_ops[i].name) == 0) {
			*op = lsc_ops[i].op;
			return 0;
		}
	}
	return lsc_bad(no, "unknown operator '%s'", s);
}

/* ARG OP VALUE [MASK] from W (LEFT words remain); returns the number of
 * words used.  libseccomp's masked_eq takes the mask first. */
static int parse_cmp(struct scmp_arg_cmp *c, char *const *w, unsigned left,
		     unsigned no)
{
	const char *arg = w[0][0] == 'a' ? w[0] + 1 : w[0];
	uint64_t value, mask;

	if (left < 3)
		return lsc_bad(no, "expected ARG OP VALUE after '%s'", w[0]);
	if (arg[0] < '0' || arg[0] > '5' || arg[1] != '\0')
		return lsc_bad(no, "bad argument index '%s'", w[0]);
	c->arg = (unsigned)(arg[0] - '0');
	if (parse_op(&c->op, w[1], no) < 0)
		return -1;
	if (!lsc_number(w[2], &value))
		return lsc_bad(no, "bad value '%s'", w[2]);
	c->datum_a = value;
	if (c->op != SCMP_CMP_MASKED_EQ)
		return 3;
	if (left < 4 || !lsc_number(w[3], &mask))
		return lsc_bad(no, "masked_eq needs VALUE MASK");
	c->datum_a = mask;
	c->datum_b = value;
	return 4;
}

static int push_rule(struct lsc_policy *p, struct lsc_rule *r)
{
	struct lsc_rule *grown;

	if (p->nrule == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		grown = realloc(p->rule, p->cap * sizeof *grown);
		if (!grown) {
			perror("lsc-compile: realloc");
			return -1;
		}
		p->rule = grown;
	}
	p->rule[p->nrule++] = *r;
	return 0;
}

static int parse_rule(struct lsc_policy *p, const struct lsc_words *w,
		      struct lsc_line *src)
{
	struct lsc_rule r = { .src = *src };
	unsigned i;
	int used;

	if (w->n < 3)
		return lsc_bad(src->no, "expected 'rule ACTION SYSCALL ...'");
	if (!lsc_action(w->w[1], &r.action))
		return lsc_bad(src->no, "bad action '%s'", w->w[1]);
	for (i = 3; i < w->n; i += (unsigned)used) {
		if (r.ncmp == LSC_MAX_CMPS)
			return lsc_bad(src->no, "more than %d comparisons",
				       LSC_MAX_CMPS);
		used = parse_cmp(&r.cmp[r.ncmp++], w->w + i, w->n - i,
				 src->no);
		if (used < 0)
			return -1;
	}
	r.nr = seccomp_syscall_resolve_name(w->w[2]);
	if (r.nr == __NR_SCMP_ERROR) {
		fprintf(stderr, "lsc-compile: line %u: unknown syscall '%s', "
			"skipped\n", src->no, w->w[2]);
		return 0;
	}
	if (push_rule(p, &r) < 0)
		return -1;
	src->text = NULL;
	return 0;
}

static int parse_words(struct lsc_words *w, char *buf, unsigned no)
{
	char *save = NULL;
	char *word;

	w->n = 0;
	for (word = strtok_r(buf, " \t\r\n", &save); word;
	     word = strtok_r(NULL, " \t\r\n", &save)) {
		if (w->n == LSC_MAX_WORDS)
			return lsc_bad(no, "too many words");
		w->w[w->n++] = word;
	}
	return 0;
}

/* The line's text without comment and surrounding blanks, or NULL. */
static char *line_text(char *buf)
{
	char *start = buf;
	char *end;

	end = strchr(buf, '#');
	if (end)
		*end = '\0';
	while (isspace((unsigned char)*start))
		start++;
	end = start + strlen(start);
	while (end > start && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return strdup(start);
}

static int parse_directive(struct lsc_policy *p, const struct lsc_words *w,
			   struct lsc_line *src)
{
	const char *d = w->w[0];

	if (strcmp(d, "arch") == 0)
		return parse_arch(p, w, src->no);
	if (strcmp(d, "default") == 0)
		return parse_action_line(&p->def, &p->def_action, w, src);
	if (strcmp(d, "badarch") == 0)
		return parse_action_line(&p->badarch, &p->badarch_action, w,
					 src);
	if (strcmp(d, "rule") == 0)
		return parse_rule(p, w, src);
	return lsc_bad(src->no, "unknown directive '%s'", d);
}

/* Takes the text of a stored directive; frees it otherwise. */
static int parse_line(struct lsc_policy *p, char *buf, unsigned no)
{
	struct lsc_line src = { .no = no, .text = line_text(buf) };
	struct lsc_words w;
	int rc;

	if (!src.text) {
		perror("lsc-compile: strdup");
		return -1;
	}
	rc = parse_words(&w, buf, no);
	if (rc == 0 && w.n > 0)
		rc = parse_directive(p, &w, &src);
	free(src.text);
	return rc;
}

int lsc_parse(FILE *in, struct lsc_policy *p)
{
	char *buf = NULL;
	size_t size = 0;
	unsigned no = 0;
	int rc = 0;

	memset(p, 0, sizeof *p);
	while (rc == 0 && getline(&buf, &size, in) >= 0)
		rc = parse_line(p, buf, ++no);
	free(buf);
	if (rc == 0 && ferror(in)) {
		perror("lsc-compile: reading the policy");
		rc = -1;
	}
	if (rc == 0 && p->def.no == 0) {
		fputs("lsc-compile: no 'default' line\n", stderr);
		rc = -1;
	}
	return rc;
}

void lsc_policy_free(struct lsc_policy *p)
{
	size_t i;

	for (i = 0; i < p->nrule; i++)
		free(p->rule[i].src.text);
	free(p->rule);
	free(p->def.text);
	free(p->badarch.text);
	memset(p, 0, sizeof *p);
}
