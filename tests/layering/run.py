#!/usr/bin/env python3
"""The layering of src/: every #include of every source and header checked
against src/layers.

    python3 tests/layering/run.py [ROOT]      check ROOT (default: the repository)
    python3 tests/layering/run.py --self-test plant violations in a copy and
                                              check that each one is reported

A quoted include must name a header of the file's own stage or of a stage
the file's stage may use; an angle-bracket include must be the C library,
POSIX, or a library the stage may use. Anything else is an error,
`file:line: error: …`, and the exit status is 1.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Each library and the headers that are its own.
LIBRARIES = {
    "hpdf": re.compile(r"hpdf(_[a-z_]+)?\.h$"),
    "cairo": re.compile(r"cairo(-[a-z]+)?\.h$"),
    "librsvg": re.compile(r"librsvg/"),
    "yaml": re.compile(r"yaml\.h$"),
    "md4c": re.compile(r"md4c(-html)?\.h$"),
    "harfbuzz": re.compile(r"hb(-[a-z]+)?\.h$"),
    "freetype": re.compile(r"(ft2build\.h|freetype/)"),
    "fribidi": re.compile(r"fribidi[a-z-]*\.h$"),
    "hyphen": re.compile(r"hyphen\.h$"),
    "unibreak": re.compile(r"(linebreak|wordbreak|graphemebreak|unibreakdef)\.h$"),
    "utf8proc": re.compile(r"utf8proc\.h$"),
    "xxhash": re.compile(r"xxhash\.h$"),
    "iconv": re.compile(r"iconv\.h$"),
    "png": re.compile(r"png\.h$"),
    "icu": re.compile(r"unicode/"),
    "zlib": re.compile(r"zlib\.h$"),
    "libdeflate": re.compile(r"libdeflate\.h$"),
}
# The C library and POSIX: any stage may use them.
SYSTEM = set("""assert.h ctype.h errno.h float.h inttypes.h limits.h locale.h math.h setjmp.h
signal.h stdarg.h stdbool.h stddef.h stdint.h stdio.h stdlib.h string.h time.h wchar.h
dirent.h fcntl.h fnmatch.h glob.h libgen.h poll.h pthread.h sched.h spawn.h strings.h
termios.h unistd.h sys/file.h sys/ioctl.h sys/mman.h sys/resource.h sys/stat.h sys/time.h
sys/types.h sys/wait.h sys/inotify.h sys/select.h sys/sysmacros.h sys/utsname.h sys/prctl.h sys/random.h""".split())

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def read_layers(root):
    layers = {}
    with open(os.path.join(root, "src", "layers"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^([a-z]+)\s*:\s*([^|]*)\|(.*)$", line)
            if not m:
                sys.exit(f"src/layers:{n}: error: expected 'stage : stages | libraries'")
            layers[m.group(1)] = (set(m.group(2).split()), set(m.group(3).split()))
    for s, (uses, libs) in layers.items():
        for u in uses:
            if u not in layers:
                sys.exit(f"src/layers: error: stage {s} uses '{u}', which is no stage")
            missing = layers[u][0] - uses
            if missing:
                sys.exit(f"src/layers: error: stage {s} uses {u}, which uses {' '.join(sorted(missing))}: "
                         f"list them for {s} too (the lists are closed)")
        for lib in libs:
            if lib not in LIBRARIES:
                sys.exit(f"src/layers: error: stage {s} names library '{lib}', which tests/layering/run.py "
                         f"does not know")
    return layers


def check(root):
    layers = read_layers(root)
    src = os.path.join(root, "src")
    owner = {}  # header name -> stage
    files = []
    for stage in sorted(os.listdir(src)):
        d = os.path.join(src, stage)
        if not os.path.isdir(d):
            continue
        if stage not in layers:
            print(f"src/{stage}: error: a directory of src/ that src/layers does not name")
            files.append(None)
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".h"):
                if name in owner:
                    print(f"src/{stage}/{name}: error: a header of that name is in src/{owner[name]} too")
                    files.append(None)
                owner[name] = stage
            if name.endswith((".c", ".h")):
                files.append((stage, name))
    errors = sum(1 for f in files if f is None)
    for item in files:
        if item is None:
            continue
        stage, name = item
        uses, libs = layers[stage]
        rel = f"src/{stage}/{name}"
        with open(os.path.join(src, stage, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                kind, inc = m.groups()
                if kind == '"':
                    other = owner.get(inc)
                    if other is None:
                        print(f'{rel}:{n}: error: "{inc}" is no header of src/')
                        errors += 1
                    elif other != stage and other not in uses:
                        may = " ".join(sorted(uses)) or "no other stage"
                        print(f'{rel}:{n}: error: stage {stage} may not include "{inc}" (stage {other}); '
                              f"{stage} may use: {may} (src/layers)")
                        errors += 1
                    continue
                lib = next((k for k, r in LIBRARIES.items() if r.search(inc)), None)
                if lib is None:
                    if inc not in SYSTEM:
                        print(f"{rel}:{n}: error: <{inc}> is neither the C library, POSIX nor a library "
                              f"tests/layering/run.py knows")
                        errors += 1
                elif lib not in libs:
                    may = " ".join(sorted(libs)) or "no library"
                    print(f"{rel}:{n}: error: stage {stage} may not use {lib} (<{inc}>); {stage} may use: "
                          f"{may} (src/layers)")
                    errors += 1
    return errors, len([f for f in files if f])


def self_test(root):
    """Plant one violation of each kind in a copy of src/ and expect each."""
    plants = [
        ("base", "util.c", '#include "model.h"', 'stage base may not include "model.h" (stage doc)'),
        ("layout", "layout.c", "#include <hpdf.h>", "stage layout may not use hpdf"),
        ("chart", "chart.c", '#include "layout.h"', 'stage chart may not include "layout.h"'),
        ("doc", "model.c", "#include <png.h>", "stage doc may not use png"),
        ("text", "font.c", '#include "nowhere.h"', '"nowhere.h" is no header of src/'),
        ("render", "render.h", "#include <gtk/gtk.h>", "<gtk/gtk.h> is neither the C library"),
    ]
    failed = 0
    for stage, name, line, want in plants:
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(os.path.join(root, "src"), os.path.join(tmp, "src"))
            p = os.path.join(tmp, "src", stage, name)
            with open(p, encoding="utf-8") as f:
                text = f.read()
            with open(p, "w", encoding="utf-8") as f:
                f.write(line + "\n" + text)
            r = subprocess.run([sys.executable, __file__, tmp], capture_output=True, text=True)
            got = r.stdout
            ok = r.returncode == 1 and f"src/{stage}/{name}:1: error: " in got and want in got \
                and got.count("error:") == 1
            print(f"{'ok' if ok else 'FAIL'} planted {line!r} in src/{stage}/{name}")
            if not ok:
                print("  " + got.replace("\n", "\n  "))
                failed += 1
    return failed


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    if len(sys.argv) > 1 and sys.argv[1] == "--self-test":
        failed = self_test(repo)
        print(f"layering self-test: {6 - failed} of 6 planted violations reported")
        sys.exit(1 if failed else 0)
    root = sys.argv[1] if len(sys.argv) > 1 else repo
    errors, n = check(root)
    if root == repo or errors == 0:
        print(f"layering: {n} files, {errors} errors")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
