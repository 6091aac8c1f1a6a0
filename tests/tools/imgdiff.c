/* imgdiff — compare two PNG renderings of a page.
 *
 *   imgdiff REF.png NEW.png [DIFF.png]
 *
 * Both images are read as 8-bit grey. A pixel differs when its values differ
 * by more than TOL (default 2: the rasterizer's antialiasing may wobble by a
 * step). The exit status is 0 when at most MAX pixels differ (default 0),
 * 1 when more do or the sizes differ, 2 on a read error. DIFF.png, when
 * given, shows the new page faintly with differing pixels in black.
 * TOL and MAX come from the environment variables IMGDIFF_TOL/IMGDIFF_MAX.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *load(const char *path, png_image *img)
{
	memset(img, 0, sizeof *img);
	img->version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(img, path)) {
		fprintf(stderr, "imgdiff: %s: %s\n", path, img->message);
		return NULL;
	}
	img->format = PNG_FORMAT_GRAY;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(*img));
	if (!px || !png_image_finish_read(img, NULL, px, 0, NULL)) {
		fprintf(stderr, "imgdiff: %s: %s\n", path, img->message);
		free(px);
		return NULL;
	}
	return px;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fputs("usage: imgdiff REF.png NEW.png [DIFF.png]\n", stderr);
		return 2;
	}
	int tol = getenv("IMGDIFF_TOL") ? atoi(getenv("IMGDIFF_TOL")) : 2;
	long max = getenv("IMGDIFF_MAX") ? atol(getenv("IMGDIFF_MAX")) : 0;
	png_image a, b;
	unsigned char *pa = load(argv[1], &a), *pb = load(argv[2], &b);
	if (!pa || !pb) {
		free(pa);
		free(pb);
		return 2;
	}
	if (a.width != b.width || a.height != b.height) {
		printf("size differs: %ux%u vs %ux%u\n", a.width, a.height, b.width, b.height);
		free(pa);
		free(pb);
		return 1;
	}
	size_t n = (size_t)a.width * a.height;
	long changed = 0;
	int maxd = 0;
	for (size_t i = 0; i < n; i++) {
		int d = abs((int)pa[i] - (int)pb[i]);
		if (d > maxd)
			maxd = d;
		if (d > tol)
			changed++;
	}
	if (argc == 4 && changed) {
		unsigned char *out = malloc(n);
		for (size_t i = 0; i < n; i++)
			out[i] = abs((int)pa[i] - (int)pb[i]) > tol ? 0 : (unsigned char)(200 + pb[i] / 5);
		png_image o = b;
		o.format = PNG_FORMAT_GRAY;
		png_image_write_to_file(&o, argv[3], 0, out, 0, NULL);
		free(out);
	}
	printf("%ld pixels differ (max difference %d)\n", changed, maxd);
	free(pa);
	free(pb);
	return changed > max ? 1 : 0;
}
