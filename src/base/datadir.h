/* datadir.h — where dossier's own data is: fonts, label catalogues,
 * schemas, sample layouts.
 *
 * `make install` puts the data in $(PREFIX)/share/dossier, and that path is
 * compiled in (DOSSIER_DATADIR). A binary that is not where it was built for
 * (installed under a DESTDIR staging tree, a copied prefix) or that runs from
 * the source tree finds its data next to itself instead. In order:
 *
 *   1. DOSSIER_DATADIR/SUB                  the installed data
 *   2. EXE/../share/dossier/SUB             a relocated installation
 *   3. EXE/../../SUB (fonts, labels, layouts) or
 *      EXE/../../docs/schema (schema)       the source tree (build/VARIANT/dossier)
 *
 * EXE is the directory of the running program (/proc/self/exe). Each
 * candidate counts only when it holds the probe file.
 *
 * Used by the new, fonts and watch commands and the label loader. The loader's own default font
 * directory (load_layout.c) is mirrored by datadir_layout_fonts().
 */
#ifndef DOSSIER_DATADIR_H
#define DOSSIER_DATADIR_H

#include <stdbool.h>

/* The directory holding SUB ("fonts", "schema", "layouts") of dossier's data
 * that contains the file probe, or NULL. Caller frees. */
char *datadir_find(const char *sub, const char *probe);

/* Which rule of datadir_layout_fonts() chose the directory: one of these
 * strings, so that callers compare with the same text the function gives. */
#define DATADIR_FROM_BESIDE "fonts/ beside the layout"
#define DATADIR_FROM_PARENT "../fonts/ beside the layout"
#define DATADIR_FROM_ENV "DOSSIER_FONTS"
#define DATADIR_FROM_OWN "dossier's own fonts" /* installed, relocated or source tree */
#define DATADIR_FROM_INSTALLED "the installed fonts" /* where they should be; not found */

/* The font directory the loader uses for a layout in directory ldir whose
 * fonts: gives no dir (docs/layout.md#fonts). *found tells whether it holds
 * NotoSerif-Regular.ttf; *from says which rule chose it (DATADIR_FROM_*).
 * Caller frees. */
char *datadir_layout_fonts(const char *ldir, bool *found, const char **from);

/* An absolute version of path (relative to the current directory); the path
 * need not exist. Caller frees. */
char *datadir_absolute(const char *path);

#endif
