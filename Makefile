# dossier — print-ready PDF briefing dossiers.
#
#   make sample        install missing Debian packages, build, render layouts/*.yaml to samples/
#   make test          install test packages, build, run every test (unit, end-to-end,
#                      bad-input catalogue, CommonMark conformance, visual references,
#                      sanitizers, valgrind)
#   make               build build/release/dossier
#   make build=sanitize check    the test suite under ASan + UBSan
#   make memcheck      unit, e2e, errors and corpus replays under valgrind memcheck
#   make update-refs   re-render the visual reference PNGs (look at them before committing)
#   make bench         benchmarks (bench/README.md)
#   make fuzz          libFuzzer (clang) on every fuzz target, FUZZ_SECONDS each
#                      (tests/fuzz/README.md); make fuzz-replay replays the corpora
#   make install PREFIX=/usr/local DESTDIR=
#   make deb           the Debian package build/deb/dossier_VERSION_amd64.deb, checked by lintian
#   make package-test  install that package on a fresh Debian 12 root and build a starter project
#   make cluster-test  a 200-dossier batch as a 4-task Slurm array on a single-node Slurm
#
# Variants: build=release (default, -O2) | sanitize (ASan+UBSan) | debug (-O0).

VERSION := 0.1.0
build ?= release
B := build/$(build)
BIN := $(B)/dossier
PREFIX ?= /usr/local
DESTDIR ?=
DATADIR = $(PREFIX)/share/dossier
MANDIR = $(PREFIX)/share/man
DOCDIR = $(PREFIX)/share/doc/dossier

# pkg-config is run when a recipe needs the flags (after the packages are installed).
PKGS := yaml-0.1 cairo librsvg-2.0 md4c libunibreak harfbuzz harfbuzz-subset freetype2 libutf8proc libpng libxxhash fribidi icu-uc icu-i18n zlib libdeflate
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
# libharu and libhyphen ship no pkg-config file in Debian 12.
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lhpdf -lhyphen -lm
VERSION_DEFS = -DDOSSIER_VERSION='"$(VERSION)"' \
	-DDOSSIER_HPDF_VERSION='"$(shell sed -n 's/.*HPDF_VERSION_TEXT *"\(.*\)"/\1/p' /usr/include/hpdf_version.h 2>/dev/null)"' \
	-DDOSSIER_CAIRO_VERSION='"$(shell pkg-config --modversion cairo 2>/dev/null)"' \
	-DDOSSIER_YAML_VERSION='"$(shell pkg-config --modversion yaml-0.1 2>/dev/null)"' \
	-DDOSSIER_MD4C_VERSION='"$(shell pkg-config --modversion md4c 2>/dev/null)"' \
	-DDOSSIER_DATADIR='"$(DATADIR)"'

WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
CFLAGS_release := -O2 -g
CFLAGS_debug := -O0 -g
CFLAGS_sanitize := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS_sanitize := -fsanitize=address,undefined
CC ?= cc
# libhyphen leaks loading the French dictionary: tests/memcheck/lsan.supp
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/tests/memcheck/lsan.supp:print_suppressions=0
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS_$(build)) $(PKG_CFLAGS) $(VERSION_DEFS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(LDFLAGS_$(build)) $(LDFLAGS)

# The stages (src/layers): src/STAGE/*.c is compiled with only its own
# directory and those of the stages it may use on the quote-include path, so
# an include across the layering does not compile. tests/layering/run.sh
# checks the same rules, and the libraries' headers, with file:line messages.
STAGES := $(shell sed -n 's/^\([a-z]*\) *:.*/\1/p' src/layers)
stage_uses = $(shell sed -n 's/^$(1) *: *\([^|]*\)|.*/\1/p' src/layers)
stage_inc = -iquote src/$(1) $(foreach u,$(call stage_uses,$(1)),-iquote src/$(u))
ALL_INC := $(foreach s,$(STAGES),-iquote src/$(s))
SRC := $(sort $(wildcard src/*/*.c))
HDR := $(sort $(wildcard src/*/*.h))
OBJ := $(SRC:src/%.c=$(B)/%.o)
LIBOBJ := $(filter-out $(B)/app/main.o,$(OBJ))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
LAYOUTS := $(sort $(wildcard layouts/*.yaml))
SAMPLES := $(LAYOUTS:layouts/%.yaml=samples/%.pdf)

.PHONY: all deps deps-test sample test check unit e2e errors visual sanitize update-refs pathological tags update-tags \
	bench clean layering golden update-golden install install-data uninstall usability batch conformance roundtrip FORCE \
	fuzz fuzz-build fuzz-replay memcheck deb package-test cluster-test

all: $(BIN)

deps:
	@tools/install-deps.sh build
deps-test:
	@tools/install-deps.sh test

$(B)/%.o: src/%.c $(HDR) src/layers | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) $(call stage_inc,$(firstword $(subst /, ,$*))) -c $< -o $@

# DATADIR is compiled in: rebuild what uses it when PREFIX changes.
$(B)/prefix.stamp: FORCE
	@mkdir -p $(@D); echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(B)/load/load_layout.o $(B)/base/datadir.o $(B)/app/cmd_new.o: $(B)/prefix.stamp
FORCE:

$(BIN): $(OBJ)
	@echo "  LD      $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

# ---- samples ----
sample: deps $(BIN)
	@mkdir -p samples
	@set -e; for l in $(LAYOUTS); do \
		n=$$(basename $$l .yaml); \
		$(BIN) build $$l -o samples/$$n.pdf; \
	done

# ---- tests ----
$(B)/tests/%: tests/unit/%.c tests/unit/fixture.h $(LIBOBJ) | deps-test
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_INC) $(shell pkg-config --cflags cmocka) -o $@ $< $(LIBOBJ) \
		$(ALL_LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

$(B)/tests/imgdiff: tests/tools/imgdiff.c | deps-test
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(shell pkg-config --libs libpng)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $(RUNNER) $$t; done

# RUNNER runs the unit tests and corpus replays (memcheck: valgrind);
# DOSSIER_CMD is the dossier the script suites run (memcheck: a wrapper).
RUNNER ?=
DOSSIER_CMD ?= $(BIN)
export MEMCHECK_BIN

e2e: $(BIN) deps-test
	@DOSSIER=$(DOSSIER_CMD) sh tests/e2e.sh
	@DOSSIER=$(DOSSIER_CMD) sh tests/output.sh
	@DOSSIER=$(DOSSIER_CMD) sh tests/readers.sh
	@DOSSIER=$(DOSSIER_CMD) python3 tests/l10n/run.py

errors: $(BIN) deps-test
	@DOSSIER=$(DOSSIER_CMD) sh tests/errors/run.sh

batch: $(BIN) deps-test
	@DOSSIER=$(BIN) sh tests/batch/run.sh

# pdf.js, for tests/roundtrip and tests/tags: pdfjs-dist 3.11, which runs on
# Debian 12's nodejs 18
PDFJS_VERSION := 3.11.174
PDFJS := build/pdfjs-$(PDFJS_VERSION)

# the text poppler, MuPDF and pdf.js extract is the source text (tests/roundtrip/run.py)
roundtrip: $(BIN) $(PDFJS)/node_modules/pdfjs-dist/package.json deps-test
	@DOSSIER=$(DOSSIER_CMD) PDFJS=$(CURDIR)/$(PDFJS) python3 tests/roundtrip/run.py

# pathological: large generated inputs for every stage (tests/pathological/run.py)
pathological: $(BIN) deps-test
	@DOSSIER=$(BIN) python3 tests/pathological/run.py

visual: $(BIN) $(B)/tests/imgdiff deps-test
	@DOSSIER=$(BIN) IMGDIFF=$(B)/tests/imgdiff sh tests/visual/run.sh
	@DOSSIER=$(BIN) python3 tests/visual/greyscale.py

# the print profiles: page boxes, colour operators, safe area, bleed, crop marks
print: $(BIN) deps-test
	@DOSSIER=$(DOSSIER_CMD) python3 tests/print/run.py

# CommonMark conformance: the specification's examples, from the npm package
# commonmark-spec (spec.txt, read by tests/commonmark/run.py with python3).
CMSPEC_VERSION := 0.31.2
CMSPEC := build/commonmark-$(CMSPEC_VERSION)/node_modules/commonmark-spec/spec.txt
$(CMSPEC): | deps-test
	@echo "  NPM     commonmark-spec@$(CMSPEC_VERSION)"
	@mkdir -p build/commonmark-$(CMSPEC_VERSION)
	@npm install --prefix build/commonmark-$(CMSPEC_VERSION) --no-save --no-audit --no-fund \
		--no-package-lock --loglevel=error commonmark-spec@$(CMSPEC_VERSION)
	@grep -q '"version": *"$(CMSPEC_VERSION)"' $(dir $@)package.json

conformance: $(BIN) $(CMSPEC) deps-test
	@python3 tests/commonmark/run.py $(BIN) $(CMSPEC)

# pdf.js (tests/tags, tests/roundtrip): pdfjs-dist 3.11 (PDFJS, above)
$(PDFJS)/node_modules/pdfjs-dist/package.json: | deps-test
	@echo "  NPM     pdfjs-dist@$(PDFJS_VERSION)"
	@mkdir -p $(PDFJS)
	@npm install --prefix $(PDFJS) --no-save --no-audit --no-fund \
		--no-package-lock --loglevel=error pdfjs-dist@$(PDFJS_VERSION)
	@grep -q '"version": *"$(PDFJS_VERSION)"' $@

# the tagged PDF: structure trees read by poppler and pdf.js (tests/tags/run.sh)
tags: $(BIN) $(PDFJS)/node_modules/pdfjs-dist/package.json deps-test
	@DOSSIER=$(CURDIR)/$(BIN) PDFJS=$(CURDIR)/$(PDFJS) sh tests/tags/run.sh
update-tags: $(BIN) $(PDFJS)/node_modules/pdfjs-dist/package.json deps-test
	@DOSSIER=$(CURDIR)/$(BIN) PDFJS=$(CURDIR)/$(PDFJS) UPDATE=1 sh tests/tags/run.sh

usability: $(BIN) deps-test
	@DOSSIER=$(BIN) BUILD=$(build) PREFIX="$(PREFIX)" MAKE="$(MAKE)" sh tests/usability/run.sh

# the layering of src/ (src/layers): every include checked, then violations
# planted in a copy and in a compile with a stage's own flags, each expected
# to be refused
layering:
	@python3 tests/layering/run.py
	@python3 tests/layering/run.py --self-test
	@mkdir -p $(B)/layering; printf '#include "model.h"\n' >$(B)/layering/planted.c
	@if $(CC) -fsyntax-only $(call stage_inc,base) $(B)/layering/planted.c 2>$(B)/layering/planted.err; then \
		echo "FAIL: src/base compiled an include of the doc stage's model.h"; exit 1; \
	else echo "ok the compiler refuses model.h in a base file: $$(grep -o 'model.h: No such file' $(B)/layering/planted.err)"; fi

# the layouts' box dumps and the samples' bytes (tests/golden/run.sh)
golden: $(BIN) deps-test
	@DOSSIER=$(BIN) sh tests/golden/run.sh
update-golden: $(BIN) deps-test
	@DOSSIER=$(BIN) UPDATE=1 sh tests/golden/run.sh

update-refs: $(BIN) $(B)/tests/imgdiff deps-test
	@DOSSIER=$(BIN) IMGDIFF=$(B)/tests/imgdiff UPDATE=1 sh tests/visual/run.sh

# check: the suite for the current variant; test: release suite + sanitizer suite.
check: deps-test
	@$(MAKE) --no-print-directory layering unit golden e2e errors print conformance visual usability batch pathological fuzz-replay roundtrip tags build=$(build)

sanitize: deps-test
	@$(MAKE) --no-print-directory unit e2e errors visual batch fuzz-replay build=sanitize BATCH_N=40 \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1

# memcheck: unit, e2e, errors and the corpus replays again, every process
# under valgrind memcheck (tests/memcheck/): an invalid access, a use of an
# uninitialised value or a definite leak fails the suite. The release build
# (-O2 -g) is checked: the binary users run.
VALGRIND = valgrind -q --error-exitcode=97 --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --suppressions=$(CURDIR)/tests/memcheck/valgrind.supp
memcheck: deps-test
	@$(MAKE) --no-print-directory unit e2e errors fuzz-replay build=release RUNNER="$(VALGRIND)" \
		DOSSIER_CMD=$(CURDIR)/tests/memcheck/dossier MEMCHECK_BIN=$(CURDIR)/build/release/dossier

test: deps-test
	@$(MAKE) --no-print-directory check build=release
	@$(MAKE) --no-print-directory sanitize
	@$(MAKE) --no-print-directory memcheck
	@echo "all test suites passed"

bench: $(BIN) $(B)/bench/timeit $(B)/bench/lowerbound
	@DOSSIER=$(BIN) TIMEIT=$(B)/bench/timeit LOWERBOUND=$(B)/bench/lowerbound sh bench/run.sh

$(B)/bench/timeit: bench/timeit.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)

$(B)/bench/lowerbound: bench/lowerbound.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -lhpdf -lm

# ---- fuzzing (tests/fuzz/README.md) ----
# fuzz-replay: every target, built with this variant's compiler and flags and
# the standalone driver, runs over its seed corpus and committed crashers.
# fuzz: the targets built with clang and libFuzzer, each run FUZZ_SECONDS.
FUZZ_TARGETS := layout facts table article vars pipeline
FUZZ_SECONDS ?= 60
FUZZ_DEFS = -DFUZZ_FONTS='"$(CURDIR)/fonts"' -DFUZZ_REPO='"$(CURDIR)"'
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%-replay)
FUZZ_CC ?= clang
FZ := build/fuzz
FZ_OBJ := $(filter-out $(FZ)/app/main.o,$(SRC:src/%.c=$(FZ)/%.o))
FZ_FLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
	-fno-omit-frame-pointer $(PKG_CFLAGS) $(VERSION_DEFS)

$(B)/fuzz/fuzz_%-replay: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/fuzz/fuzz_util.c tests/fuzz/fuzz.h $(LIBOBJ)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) $(ALL_INC) $(FUZZ_DEFS) -o $@ $< tests/fuzz/driver.c tests/fuzz/fuzz_util.c \
		$(LIBOBJ) $(ALL_LDFLAGS) $(PKG_LIBS)

fuzz-replay: $(FUZZ_REPLAY)
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p tests/fuzz/crashers/$$t; \
		echo "== fuzz_$$t"; \
		timeout 1200 $(RUNNER) $(B)/fuzz/fuzz_$$t-replay tests/fuzz/corpus/$$t tests/fuzz/crashers/$$t; \
	done

$(FZ)/%.o: src/%.c $(HDR) src/layers | deps
	@mkdir -p $(@D)
	@echo "  CC      $< (fuzz)"
	@$(FUZZ_CC) $(FZ_FLAGS) $(call stage_inc,$(firstword $(subst /, ,$*))) -c $< -o $@

$(FZ)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.c tests/fuzz/fuzz.h $(FZ_OBJ)
	@echo "  LD      $@"
	@$(FUZZ_CC) $(FZ_FLAGS) $(ALL_INC) -fsanitize=fuzzer $(FUZZ_DEFS) -o $@ $< tests/fuzz/fuzz_util.c \
		$(FZ_OBJ) $(PKG_LIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)
.SECONDARY: $(FZ_OBJ)

# New inputs go to build/fuzz/work/NAME (the seed corpus is read, not written);
# crashes to build/fuzz/artifacts/. Copy a crasher to tests/fuzz/crashers/NAME/
# once fixed.
fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FZ)/work/$$t $(FZ)/artifacts; \
		echo "== fuzz_$$t ($(FUZZ_SECONDS) s)"; \
		$(FZ)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
			-max_len=16384 -artifact_prefix=$(FZ)/artifacts/$$t- \
			$(FZ)/work/$$t tests/fuzz/corpus/$$t; \
	done

# ---- install ----
# PREFIX/bin/dossier, the manual pages, and under DATADIR (PREFIX/share/dossier):
# fonts/, labels/ (the catalogues of dossier's own words), schema/ (JSON
# Schemas for editors), layouts/ and input/ (the sample dossiers: dossier
# build DATADIR/layouts/un-congress-2021.yaml); the
# documentation (README.md and docs/*.md, side by side) in DOCDIR
# (PREFIX/share/doc/dossier). The manual pages name the installed paths:
# @DATADIR@ and @DOCDIR@ in man/ are replaced here. The samples' $schema lines
# name the installed schema/ instead of the source tree's docs/schema/.
MAN_SED = sed -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g'
# install-data installs everything but the program (it needs no build).
install: $(BIN) install-data
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/dossier
	@echo "installed $(DESTDIR)$(PREFIX)/bin/dossier; data in $(DESTDIR)$(DATADIR); documentation in $(DESTDIR)$(DOCDIR)"

install-data:
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/schema $(DESTDIR)$(DATADIR)/layouts \
		$(DESTDIR)$(DATADIR)/labels $(DESTDIR)$(DOCDIR)
	$(MAN_SED) man/dossier.1 >$(DESTDIR)$(MANDIR)/man1/dossier.1
	$(MAN_SED) man/dossier-layout.5 >$(DESTDIR)$(MANDIR)/man5/dossier-layout.5
	chmod 644 $(DESTDIR)$(MANDIR)/man1/dossier.1 $(DESTDIR)$(MANDIR)/man5/dossier-layout.5
	install -m 644 fonts/*.ttf fonts/OFL.txt fonts/LICENSE-DroidSansFallback.txt $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 docs/schema/*.json $(DESTDIR)$(DATADIR)/schema/
	install -m 644 labels/*.yaml $(DESTDIR)$(DATADIR)/labels/
	@set -e; for f in layouts/*.yaml; do \
		sed 's|\$$schema=\(\(\.\./\)*\)docs/schema/|$$schema=\1schema/|' $$f >$(DESTDIR)$(DATADIR)/$$f; \
		chmod 644 $(DESTDIR)$(DATADIR)/$$f; \
	done
	@set -e; for f in $$(cd input && find . -type f | sort); do \
		install -D -m 644 input/$$f $(DESTDIR)$(DATADIR)/input/$$f; \
		case $$f in *.yaml) sed -i 's|\$$schema=\(\(\.\./\)*\)docs/schema/|$$schema=\1schema/|' \
			$(DESTDIR)$(DATADIR)/input/$$f;; esac; \
	done
	install -m 644 docs/*.md $(DESTDIR)$(DOCDIR)/
	sed -e 's|](docs/schema/*)|]($(DATADIR)/schema/)|g' -e 's|](docs/|](|g' README.md >$(DESTDIR)$(DOCDIR)/README.md
	chmod 644 $(DESTDIR)$(DOCDIR)/README.md

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/dossier
	rm -f $(DESTDIR)$(MANDIR)/man1/dossier.1 $(DESTDIR)$(MANDIR)/man5/dossier-layout.5
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

# ---- Debian package (debian/; docs/install.md) ----
# dpkg-buildpackage runs in a copy of the tree under build/deb/, so that its
# results (written to the parent directory) stay in build/deb/.
DEB := build/deb/dossier_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null || echo amd64).deb
deb:
	@tools/install-deps.sh deb
	@v=$$(dpkg-parsechangelog -S Version); [ "$$v" = "$(VERSION)" ] || \
		{ echo "debian/changelog says $$v, the Makefile $(VERSION)" >&2; exit 1; }
	@rm -rf build/deb; mkdir -p build/deb/dossier-$(VERSION)
	@tar --exclude=./build --exclude=./.git --exclude=./samples -cf - . | tar -C build/deb/dossier-$(VERSION) -xf -
	cd build/deb/dossier-$(VERSION) && dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
		{ tail -40 ../build.log; exit 1; }
	@rm -rf build/deb/dossier-$(VERSION)
	lintian --display-info $(DEB) | tee build/deb/lintian.txt
	@! grep -q '^E:' build/deb/lintian.txt
	@echo "built $(DEB)"

package-test:
	@sh tests/package/run.sh

cluster-test:
	@tools/install-deps.sh cluster
	@$(MAKE) --no-print-directory $(BIN)
	@DOSSIER=$(CURDIR)/$(BIN) sh tests/cluster/slurm.sh

clean:
	rm -rf build
