/* fixture.h — what several unit tests set up the same way. */
#ifndef DOSSIER_TEST_FIXTURE_H
#define DOSSIER_TEST_FIXTURE_H

#include "../../src/model.h"
#include "../../src/util.h"

/* The repository's fonts for the body (Noto Serif), heading and mono
 * (Noto Sans) families; tests run from the repository root. */
static inline void use_repo_fonts(doc *d)
{
	static const char *const names[FAM_MAX] = {"NotoSerif", "NotoSans", "NotoSans"};
	static const char *const faces[4] = {"Regular", "Bold", "Italic", "BoldItalic"};
	for (int i = 0; i < FAM_MAX; i++) {
		d->fam[i].name = names[i];
		for (int k = 0; k < 4; k++)
			d->fam[i].path[k] = arena_printf(d->a, "fonts/%s-%s.ttf", names[i], faces[k]);
	}
}

#endif
