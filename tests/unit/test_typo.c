/* test_typo.c — typography by language (typo.c) and Russian ё in
 * hyphenation (hyph.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hyph.h"
#include "intl.h"
#include "load.h"
#include "typo.h"

#define NB "\xc2\xa0"
#define NN "\xe2\x80\xaf"
/* the marks of a passage in another language (langmark.h) */
#define LO "\x01"
#define LT "\x02"
#define LC "\x03"

static arena *A;

static const char *ty(const char *lang, const char *s)
{
	typo_opts o = typo_defaults(lang);
	return typo_apply(A, &o, NULL, s, strlen(s));
}

static void test_quotes_by_language(void **state)
{
	(void)state;
	assert_string_equal(ty("en", "He said \"yes\" and 'no'."), "He said “yes” and ‘no’.");
	assert_string_equal(ty("en", "don't, the delegates' notes, '90s"), "don’t, the delegates’ notes, ’90s");
	assert_string_equal(ty("en", "\"a 'b' c\""), "“a ‘b’ c”");
	assert_string_equal(ty("fr", "Il a dit \"oui\"."), "Il a dit «" NN "oui" NN "».");
	assert_string_equal(ty("fr", "l'homme"), "l’homme");
	assert_string_equal(ty("ru", "Он сказал \"да\" и \"нет 'вот'\""), "Он сказал «да» и «нет „вот“»");
	assert_string_equal(ty("es", "dijo \"sí\""), "dijo «sí»");
	assert_string_equal(ty("de", "er sagte \"ja\""), "er sagte „ja“");
	assert_string_equal(ty("vi", "gọi là \"Tuyên bố Kyoto\""), "gọi là “Tuyên bố Kyoto”");
	/* switched off: as typed */
	typo_opts o = typo_defaults("en");
	o.quotes = false;
	assert_string_equal(typo_apply(A, &o, NULL, "\"a\"", 3), "\"a\"");
}

/* the marks are kept for the last language asked: texts of two languages
 * in turn each keep their own */
static void test_quotes_languages_in_turn(void **state)
{
	(void)state;
	for (int k = 0; k < 3; k++) {
		assert_string_equal(ty("de", "\"ja\""), "„ja“");
		assert_string_equal(ty("en", "\"yes\""), "“yes”");
		assert_string_equal(ty("ru", "\"да\""), "«да»");
	}
	char q[4][8];
	intl_quotes(q, "ru");
	assert_string_equal(q[0], "«");
	intl_quotes(q, "en");
	assert_string_equal(q[0], "“");
}

/* a quotation opened in one run and closed in the next (a word in italics
 * between them) */
static void test_quotes_across_runs(void **state)
{
	(void)state;
	typo_opts o = typo_defaults("en");
	typo_state st = {0};
	const char *a = typo_apply(A, &o, &st, "the \"", 5);
	const char *b = typo_apply(A, &o, &st, "Kyoto Declaration", 17);
	const char *c = typo_apply(A, &o, &st, "\" says", 6);
	assert_string_equal(a, "the “");
	assert_string_equal(b, "Kyoto Declaration");
	assert_string_equal(c, "” says");
}

static void test_french_spacing(void **state)
{
	(void)state;
	assert_string_equal(ty("fr", "Pourquoi ? Voici : un ; deux !"),
			    "Pourquoi" NN "? Voici" NB ": un" NN "; deux" NN "!");
	assert_string_equal(ty("fr", "Pourquoi? Voici: un; deux!"), "Pourquoi" NN "? Voici" NB ": un" NN "; deux" NN "!");
	/* not in times, addresses, or after punctuation */
	assert_string_equal(ty("fr", "à 10:30, https://un.org ?!"), "à 10:30, https://un.org" NN "?!");
	assert_string_equal(ty("fr", "« déjà »"), "«" NN "déjà" NN "»");
	/* English keeps its spacing */
	assert_string_equal(ty("en", "Why? Here: one; two!"), "Why? Here: one; two!");
}

static void test_nobreak(void **state)
{
	(void)state;
	/* dates */
	assert_string_equal(ty("en", "on 12 March 2021 in Kyoto"), "on 12" NB "March" NB "2021 in Kyoto");
	assert_string_equal(ty("en", "on March 12, 2021"), "on March" NB "12, 2021");
	assert_string_equal(ty("fr", "le 12 mars 2021"), "le 12" NB "mars" NB "2021");
	assert_string_equal(ty("vi", "ngày 12 tháng 3 năm 2021"), "ngày" NB "12" NB "tháng" NB "3" NB "năm" NB "2021");
	/* units */
	assert_string_equal(ty("en", "5600 km and 45 % of 12 USD, 3 million"),
			    "5600" NB "km and 45" NB "% of 12" NB "USD, 3" NB "million");
	assert_string_equal(ty("en", "12 states"), "12 states");
	/* telephone numbers */
	assert_string_equal(ty("en", "call (+43-699) 1459-4990 now"), "call (+43-699)" NB "1459-4990 now");
	assert_string_equal(ty("en", "call +84 24 3825 8888."), "call +84" NB "24" NB "3825" NB "8888.");
	assert_string_equal(ty("en", "in 2021 152 States"), "in 2021 152 States");
	/* phrases */
	typo_opts o = typo_defaults("en");
	static const char *const ph[] = {"Viet Nam", "UN Women", NULL};
	o.phrases = ph;
	const char *s = "Viet Nam and UN Women, not Viet Namese";
	assert_string_equal(typo_apply(A, &o, NULL, s, strlen(s)), "Viet" NB "Nam and UN" NB "Women, not Viet Namese");
	assert_string_equal(typo_bind(A, "Nguyễn Văn Kỳ", strlen("Nguyễn Văn Kỳ")), "Nguyễn" NB "Văn" NB "Kỳ");
	/* switched off */
	o.nobreak = false;
	assert_string_equal(typo_apply(A, &o, NULL, "Viet Nam 5 km", 13), "Viet Nam 5 km");
}

static void test_dashes(void **state)
{
	(void)state;
	typo_opts o = typo_defaults("en");
	assert_string_equal(typo_apply(A, &o, NULL, "a -- b --- c", 12), "a -- b --- c"); /* off by default */
	o.dashes = true;
	assert_string_equal(typo_apply(A, &o, NULL, "a -- b --- c", 12), "a – b — c");
}

/* Russian words with ё hyphenate as with е (the dictionary lists no ё) */
static void test_yo_hyphenation(void **state)
{
	(void)state;
	if (!hyph_available("ru"))
		skip();
	size_t p1[16], p2[16];
	const char *yo = "объединённых", *ye = "объединенных";
	int n1 = hyph_points("ru", yo, strlen(yo), p1, 16);
	int n2 = hyph_points("ru", ye, strlen(ye), p2, 16);
	assert_true(n2 >= 2);
	assert_int_equal(n1, n2);
	for (int i = 0; i < n1; i++)
		assert_int_equal(p1[i], p2[i]);
}

static void test_capitalised(void **state)
{
	(void)state;
	assert_true(hyph_capitalised("Kyoto", 5));
	assert_true(hyph_capitalised("\xc3\x89tats", 6)); /* États */
	assert_true(hyph_capitalised("\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", 12)); /* Москва */
	assert_false(hyph_capitalised("declaration", 11));
	assert_false(hyph_capitalised("UNODC", 5));
	assert_false(hyph_capitalised("K", 1));
}

/* The text the YAML files give (typo_block, typo_meta): a heading, a
 * table's caption, labels and cells, a chart's titles and categories and
 * the cover fields get the language's typography; code, links and
 * references do not; typography switched off leaves them as typed. */
static void test_yaml_text(void **state)
{
	(void)state;
	for (int on = 0; on < 2; on++) {
		doc *d = doc_new();
		d->meta.language = "fr";
		d->typo = (doc_typography){.quotes = on, .french_spacing = on, .nobreak = on};
		d->meta.title = "Le \"plan\" d'action";
		block *h = doc_add(d, BLK_HEADING, (srcpos){0});
		span *sp = arena_array(d->a, 3, sizeof(span));
		sp[0] = (span){.text = "L'essentiel : ", .len = 14};
		sp[1] = (span){.text = "a'b", .len = 3, .flags = SPAN_CODE};
		sp[2] = (span){.text = "http://x.org/l'a", .len = 16, .link = "http://x.org/l'a"};
		h->spans = sp;
		h->nspans = 3;
		h->plain = "L'essentiel : a'b";
		block *t = doc_add(d, BLK_TABLE, (srcpos){0});
		table *tb = arena_alloc(d->a, sizeof *tb);
		memset(tb, 0, sizeof *tb);
		tb->caption = "Pays d'accueil";
		tb->ncols = 1;
		tb->nrows = 1;
		tb->cols = arena_array(d->a, 1, sizeof(column));
		memset(tb->cols, 0, sizeof(column));
		tb->cols[0].label = "Lieu d'origine";
		tb->cells = arena_array(d->a, 1, sizeof(char *));
		tb->cells[0] = "\"Kyoto\" ?";
		t->table = tb;
		block *c = doc_add(d, BLK_CHART, (srcpos){0});
		chart *ch = arena_alloc(d->a, sizeof *ch);
		memset(ch, 0, sizeof *ch);
		ch->title = "Aujourd'hui";
		ch->categories = arena_array(d->a, 1, sizeof(char *));
		ch->categories[0] = "l'ONU";
		ch->ncat = 1;
		c->chart = ch;
		typo_meta(d);
		for (size_t i = 0; i < d->nblocks; i++)
			typo_block(d, &d->blocks[i], true);
		/* a statistics file's cells and categories: as the file has them */
		block *raw = doc_add(d, BLK_TABLE, (srcpos){0});
		table *rtb = arena_alloc(d->a, sizeof *rtb);
		*rtb = *d->blocks[1].table;
		rtb->cells = arena_array(d->a, 1, sizeof(char *));
		rtb->cells[0] = "Côte d'Ivoire";
		rtb->caption = "d'accueil";
		raw->table = rtb;
		typo_block(d, raw, false);
		assert_string_equal(rtb->cells[0], "Côte d'Ivoire");
		assert_string_equal(rtb->caption, on ? "d’accueil" : "d'accueil");
		h = &d->blocks[0];
		tb = d->blocks[1].table;
		ch = d->blocks[2].chart;
		if (on) {
			assert_string_equal(d->meta.title, "Le «" NN "plan" NN "» d’action");
			assert_string_equal(h->spans[0].text, "L’essentiel" NB ": ");
			assert_string_equal(h->plain, "L’essentiel" NB ": a’b"); /* contents and bookmarks: one plain text */
			assert_string_equal(tb->caption, "Pays d’accueil");
			assert_string_equal(tb->cols[0].label, "Lieu d’origine");
			assert_string_equal(tb->cells[0], "«" NN "Kyoto" NN "»" NN "?");
			assert_string_equal(ch->title, "Aujourd’hui");
			assert_string_equal(ch->categories[0], "l’ONU");
		} else {
			assert_string_equal(d->meta.title, "Le \"plan\" d'action");
			assert_string_equal(h->spans[0].text, "L'essentiel : ");
			assert_string_equal(tb->cells[0], "\"Kyoto\" ?");
			assert_string_equal(ch->categories[0], "l'ONU");
		}
		assert_string_equal(h->spans[1].text, "a'b");
		assert_string_equal(h->spans[2].text, "http://x.org/l'a");
		doc_free(d);
	}
}

/* A YAML text's passage in another language (langmark.h) takes its
 * language's typography, the rest the block's; a quotation opened before
 * the passage closes after it, and the marks come through untouched. */
static void test_yaml_passages(void **state)
{
	(void)state;
	doc *d = doc_new();
	d->meta.language = "en";
	d->typo = (doc_typography){.quotes = true, .french_spacing = false, .nobreak = true};
	d->meta.title = "The \"plan\" and " LO "fr" LT "le \"plan\" d'action" LC;
	block *t = doc_add(d, BLK_TABLE, (srcpos){0});
	table *tb = arena_alloc(d->a, sizeof *tb);
	memset(tb, 0, sizeof *tb);
	tb->caption = "\"Kyoto\", " LO "ru" LT "\"Киото\", " LO "de" LT "\"ja\"" LC LC " and \"'a' b\"";
	tb->ncols = 1;
	tb->nrows = 1;
	tb->cols = arena_array(d->a, 1, sizeof(column));
	memset(tb->cols, 0, sizeof(column));
	tb->cols[0].label = LO "en-GB" LT "it's" LC;
	tb->cells = arena_array(d->a, 1, sizeof(char *));
	tb->cells[0] = LO "fr" LT "\"oui\"" LC;
	t->table = tb;
	typo_meta(d);
	typo_block(d, t, true);
	assert_string_equal(d->meta.title, "The “plan” and " LO "fr" LT "le «plan» d’action" LC);
	assert_string_equal(tb->caption, "“Kyoto”, " LO "ru" LT "«Киото», " LO "de" LT "„ja“" LC LC " and “‘a’ b”");
	/* a quotation open across the passage's edge: its marks nest as in a
	 * paragraph (the inner pair of the passage's language) */
	tb->caption = "\"Kyoto " LO "ru" LT "\"Киото\"" LC " end\"";
	typo_block(d, t, true);
	assert_string_equal(tb->caption, "“Kyoto " LO "ru" LT "„Киото“" LC " end”");
	assert_string_equal(tb->cols[0].label, LO "en-GB" LT "it’s" LC);
	assert_string_equal(tb->cells[0], LO "fr" LT "«oui»" LC);
	doc_free(d);
}

int main(void)
{
	A = arena_new();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_by_language), cmocka_unit_test(test_quotes_across_runs),
		cmocka_unit_test(test_quotes_languages_in_turn),
		cmocka_unit_test(test_french_spacing),     cmocka_unit_test(test_nobreak),
		cmocka_unit_test(test_dashes),             cmocka_unit_test(test_yo_hyphenation),
		cmocka_unit_test(test_capitalised),        cmocka_unit_test(test_yaml_text),
		cmocka_unit_test(test_yaml_passages),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(A);
	hyph_release();
	intl_free();
	return r;
}
