/*
 * number.c - decimal, 0x hex and negative decimal numbers, parsed by
 * hand: strtoull would also take leading blanks, a '+', octal and a
 * second "0x", none of which a spec means to write.
 */
#include "number.h"

static unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	return 99;
}

static bool parse_digits(const char *s, unsigned base, const char **end,
			 uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	for (p = s; digit_value(*p) < base; p++) {
		unsigned d = digit_value(*p);

		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*end = p;
	*out = v;
	return p != s;
}

bool number_parse(const char *s, const char **end, uint64_t *out)
{
	uint64_t v;

	if (s[0] == '-') {
		if (!parse_digits(s + 1, 10, end, &v) ||
		    v > (uint64_t)INT64_MAX + 1)
			return false;
		*out = 0 - v;
		return true;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_digits(s + 2, 16, end, out);
	return parse_digits(s, 10, end, out);
}
