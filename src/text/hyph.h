/* hyph.h — hyphenation points from libhyphen's pattern dictionaries.
 *
 * Takes: a language code and one word (UTF-8). Gives: the byte offsets at
 * which the word may be broken with a hyphen, leaving at least 2 characters
 * before and 3 after a break. Dictionaries come from Debian's hyphen-*
 * packages in /usr/share/hyphen (en, fr, es, ru, de, … as installed) and
 * are loaded once per language. Vietnamese writes syllables as separate
 * words, so it has none. Not thread-safe: one layout at a time.
 */
#ifndef DOSSIER_HYPH_H
#define DOSSIER_HYPH_H

#include <stdbool.h>
#include <stddef.h>

/* The i-th language there may be a dictionary for ("en", "fr", …), NULL
 * after the last. */
const char *hyph_lang(size_t i);
/* True when a dictionary exists for lang. */
bool hyph_available(const char *lang);
/* The dictionary file used for lang, or NULL (an input of the dossier:
 * a new dictionary can move line breaks). */
const char *hyph_dict_path(const char *lang);
/* Longer words (URLs, codes) are never hyphenated; a word has fewer
 * points than characters, so an array of HYPH_MAX_POINTS holds them all. */
#define HYPH_MAX_WORD 96
#define HYPH_MAX_POINTS HYPH_MAX_WORD
/* Fill pts with up to max break offsets (ascending); returns how many. */
int hyph_points(const char *lang, const char *word, size_t len, size_t *pts, int max);
/* True when word[0..len) begins with a capital letter followed by a small
 * one (Kyoto, Vietnamese, Declaration): a proper noun or a sentence's first
 * word, which the layout does not hyphenate unless the layout allows it
 * (typography: hyphenate-capitalised). */
bool hyph_capitalised(const char *word, size_t len);
/* Release the loaded dictionaries and the cache of words. */
void hyph_release(void);
/* While held (a batch's parent and its workers, which share them
 * copy-on-write), hyph_release keeps them: a layout's release at its end
 * would otherwise free, page by page, what the next dossier loads again. */
void hyph_hold(bool hold);

#endif
