/* test_lang_attr.c — the attribute block after a passage's "]"
 * (load/lang_attr.c), read the same for Markdown and for YAML and CSV
 * texts, with the two ways they differ. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lang_attr.h"

/* The block's lang= values, "|"-joined, or "-" when it is not read. */
static const char *read_s(const char *s, unsigned opts, lang_attrs *r)
{
	static char o[512];
	if (!la_read(s, strlen(s), opts, r))
		return "-";
	o[0] = 0;
	for (size_t j = 0; j < r->nlang; j++) {
		if (j)
			strcat(o, "|");
		strncat(o, s + r->lang[j][0], r->lang[j][1] - r->lang[j][0]);
	}
	return o;
}

static void test_blocks(void **state)
{
	(void)state;
	lang_attrs r;
	assert_string_equal(read_s("{lang=ru} rest", 0, &r), "ru");
	assert_true(r.ok);
	assert_int_equal(r.end, 9);
	assert_int_equal(r.shown, 9);
	assert_int_equal(r.flags, 0);
	assert_string_equal(read_s("{.name lang=vi}", 0, &r), "vi");
	assert_true(r.ok && (r.flags & LA_NAME));
	assert_string_equal(read_s("{ lang=\"fr-CA\" dir=ltr }x", 0, &r), "fr-CA");
	assert_true(r.ok);
	assert_int_equal(r.end, 24);
	assert_string_equal(read_s("{LANG=de #id .cls}", 0, &r), "de");
	assert_true(r.ok);
	/* every lang= in order, the caller's to check */
	assert_string_equal(read_s("{lang=zz1 lang=fr}", 0, &r), "zz1|fr");
	assert_true(r.ok);
	/* not a passage's: no lang, or lang not a word */
	assert_string_equal(read_s("{.name}", 0, &r), "-");
	assert_string_equal(read_s("{#id}", 0, &r), "-");
	assert_string_equal(read_s("{language=fr}", 0, &r), "-");
	assert_string_equal(read_s("x{lang=fr}", 0, &r), "-");
	/* mentions lang but does not parse: ok false, the part to quote */
	assert_string_equal(read_s("{lang=fr junk}", 0, &r), "fr");
	assert_false(r.ok);
	assert_int_equal(r.shown, 14);
	assert_string_equal(read_s("{ lang = fr}", 0, &r), "");
	assert_false(r.ok);
	assert_string_equal(read_s("{lang=\"fr}", 0, &r), "");
	assert_false(r.ok);
	assert_string_equal(read_s("{lang=fr is not closed.", 0, &r), "");
	assert_false(r.ok || r.closed);
	assert_int_equal(r.shown, 23);
	assert_string_equal(read_s("{lang=fr\n}", 0, &r), "");
	assert_false(r.ok || r.closed);
}

/* Markdown takes '\r' as a space and hands an empty quoted value on (to be
 * refused as a code); a YAML text does neither. */
static void test_modes(void **state)
{
	(void)state;
	lang_attrs r;
	assert_string_equal(read_s("{lang=\"\"}", LA_EMPTY_OK, &r), "");
	assert_true(r.ok);
	assert_int_equal(r.nlang, 1);
	read_s("{lang=\"\"}", 0, &r);
	assert_false(r.ok);
	assert_int_equal(r.nlang, 0);
	assert_string_equal(read_s("{lang=fr\rx}", LA_CR_SPACE, &r), "fr");
	assert_false(r.ok); /* "x": a bare word */
	assert_string_equal(read_s("{lang=fr\rx}", 0, &r), "fr\rx");
	assert_true(r.ok);
}

/* Longer than ATTR_MAX: not read as a block, whatever follows. */
static void test_limit(void **state)
{
	(void)state;
	char s[ATTR_MAX + 16];
	memset(s, ' ', sizeof s);
	memcpy(s, "{lang=fr", 8);
	s[ATTR_MAX + 4] = '}';
	s[sizeof s - 1] = 0;
	lang_attrs r;
	read_s(s, 0, &r);
	assert_false(r.ok || r.closed);
	/* the most lang= a block can hold fits */
	char m[ATTR_MAX + 1] = "{";
	while (strlen(m) + 7 < ATTR_MAX)
		strcat(m, "lang=x ");
	strcat(m, "}");
	read_s(m, 0, &r);
	assert_true(r.ok);
	assert_true(r.nlang <= LA_LANGS);
	assert_int_equal(r.nlang, (strlen(m) - 2) / 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
