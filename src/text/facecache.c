/* facecache.c — faces and shaped texts kept for the process (facecache.h). */
#include "facecache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

typedef struct {
	char *path;
	unsigned index;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	bool checked;
	hb_font_t *hb;
	int16_t *ascii;
} cface;

static cface faces[FACECACHE_MAX_FACES];
static int nfaces;

/* One shaped text: its bytes followed by its glyphs, in one block. */
typedef struct {
	uint64_t hash;
	int id;
	unsigned key;
	size_t n, ng;
	char *text;             /* NULL: empty slot */
	font_glyph *g;
} centry;

static centry *tab;
static size_t cap, used, bytes;
static bool registered;

static void at_exit(void)
{
	facecache_clear();
}

int facecache_id(const char *path, unsigned index)
{
	struct stat st;
	if (!path || stat(path, &st))
		return -1;
	for (int i = 0; i < nfaces; i++) {
		cface *f = &faces[i];
		if (f->index == index && f->dev == st.st_dev && f->ino == st.st_ino && f->size == st.st_size &&
		    f->mtime.tv_sec == st.st_mtim.tv_sec && f->mtime.tv_nsec == st.st_mtim.tv_nsec &&
		    !strcmp(f->path, path))
			return i;
	}
	if (nfaces == FACECACHE_MAX_FACES)
		return -1;
	if (!registered) {
		atexit(at_exit);
		registered = true;
	}
	faces[nfaces] = (cface){.path = xstrdup(path), .index = index, .dev = st.st_dev, .ino = st.st_ino,
				.size = st.st_size, .mtime = st.st_mtim};
	return nfaces++;
}

bool facecache_checked(int id)
{
	return id >= 0 && id < nfaces && faces[id].checked;
}

void facecache_set_checked(int id)
{
	if (id >= 0 && id < nfaces)
		faces[id].checked = true;
}

hb_font_t *facecache_hb_font(int id, unsigned upem)
{
	if (id < 0 || id >= nfaces)
		return NULL;
	cface *f = &faces[id];
	if (!f->hb) {
		hb_blob_t *blob = hb_blob_create_from_file(f->path);
		hb_face_t *hf = hb_face_create(blob, f->index);
		hb_blob_destroy(blob);
		f->hb = hb_font_create(hf);
		hb_font_set_scale(f->hb, (int)upem, (int)upem);
		hb_face_destroy(hf);
		/* the shared font is never changed after this */
		hb_font_make_immutable(f->hb);
	}
	return hb_font_reference(f->hb);
}

const char *facecache_used(int id, unsigned *index)
{
	if (id < 0 || id >= nfaces || !faces[id].hb)
		return NULL;
	*index = faces[id].index;
	return faces[id].path;
}

int16_t *facecache_ascii_kerns(int id)
{
	if (id < 0 || id >= nfaces)
		return NULL;
	cface *f = &faces[id];
	if (!f->ascii) {
		f->ascii = xmalloc(95 * 95 * sizeof *f->ascii);
		for (int i = 0; i < 95 * 95; i++)
			f->ascii[i] = INT16_MIN;
	}
	return f->ascii;
}

static uint64_t hash_of(int id, unsigned key, const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull ^ ((uint64_t)(unsigned)id << 32 | key);
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static centry *slot_of(uint64_t h, int id, unsigned key, const char *s, size_t n)
{
	size_t i = h & (cap - 1);
	for (; tab[i].text; i = (i + 1) & (cap - 1)) {
		centry *e = &tab[i];
		if (e->hash == h && e->id == id && e->key == key && e->n == n && !memcmp(e->text, s, n))
			break;
	}
	return &tab[i];
}

const font_glyph *facecache_shaped(int id, unsigned key, const char *s, size_t n, size_t *ng)
{
	if (id < 0 || !cap)
		return NULL;
	centry *e = slot_of(hash_of(id, key, s, n), id, key, s, n);
	if (!e->text)
		return NULL;
	*ng = e->ng;
	return e->g;
}

static void grow(void)
{
	size_t nc = cap ? cap * 2 : 4096;
	centry *t = xcalloc(nc, sizeof *t);
	for (size_t i = 0; i < cap; i++) {
		if (!tab[i].text)
			continue;
		size_t h = tab[i].hash & (nc - 1);
		while (t[h].text)
			h = (h + 1) & (nc - 1);
		t[h] = tab[i];
	}
	free(tab);
	tab = t;
	cap = nc;
}

const font_glyph *facecache_keep(int id, unsigned key, const char *s, size_t n, const font_glyph *g, size_t ng)
{
	if (id < 0 || id >= nfaces)
		return NULL;
	size_t size = ng * sizeof *g + n + 1;
	if (used >= FACECACHE_MAX_SHAPED || bytes + size > FACECACHE_MAX_BYTES)
		return NULL;
	if ((used + 1) * 2 > cap)
		grow();
	uint64_t h = hash_of(id, key, s, n);
	centry *e = slot_of(h, id, key, s, n);
	if (e->text)
		return e->g;
	/* glyphs first: the block's alignment is theirs */
	char *block = xmalloc(size);
	memcpy(block, g, ng * sizeof *g);
	memcpy(block + ng * sizeof *g, s, n);
	block[ng * sizeof *g + n] = 0;
	*e = (centry){h, id, key, n, ng, block + ng * sizeof *g, (font_glyph *)(void *)block};
	used++;
	bytes += size;
	return e->g;
}

size_t facecache_nshaped(void)
{
	return used;
}

void facecache_clear(void)
{
	for (size_t i = 0; i < cap; i++)
		if (tab[i].text)
			free(tab[i].g);
	free(tab);
	tab = NULL;
	cap = used = bytes = 0;
	for (int i = 0; i < nfaces; i++) {
		if (faces[i].hb)
			hb_font_destroy(faces[i].hb);
		free(faces[i].path);
		free(faces[i].ascii);
	}
	nfaces = 0;
}
