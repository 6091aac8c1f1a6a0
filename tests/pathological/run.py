#!/usr/bin/env python3
"""Pathological inputs: large generated inputs for every stage of dossier.

On the model of cmark's test/pathological_tests.py. Each case writes its
input files into a scratch directory, runs dossier on them with a generous
timeout and checks the outcome: the exit status and a pattern that must
appear on stderr (a positioned error, or a warning), or success. Every case
should finish in well under a second per megabyte of input (budget below) or
stop early with its error. CPU time on a shared machine is noisy, so a case
fails only when it takes SLOW times its budget — the mark of work that grows
faster than its input (a quadratic loop is tens of times over) — and a case
over its budget but under that is listed as slow. Prints one line per case:
outcome, time, input size; exits 1 when a case times out, takes too long or
ends otherwise than expected.

    DOSSIER=build/release/dossier python3 tests/pathological/run.py [NAME...]
"""
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FONTS = os.path.join(REPO, "fonts")
TIMEOUT = float(os.environ.get("PATHO_TIMEOUT", "30"))  # seconds: a case that runs this long has failed
SLOW = float(os.environ.get("PATHO_SLOW", "4"))  # times its budget: a case this slow has failed


def budget(nbytes):
    """Allowed CPU seconds: start-up plus well under a second per megabyte."""
    return 1.0 + 0.5 * nbytes / 1e6


def layout(parts, extra=""):
    return ("fonts: {dir: %s}\ndocument: {title: \"Pathological\"}\n%sparts:\n%s"
            % (FONTS, extra, "".join("  - %s\n" % p for p in parts)))


def article(body, title="An article"):
    return "---\ntitle: \"%s\"\n---\n%s" % (title, body)


def png(width, height):
    """A grey PNG, written by hand (no imaging library needed)."""
    row = b"\x00" + b"\x80" * width
    raw = zlib.compress(row * height, 9)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def words(n):
    base = ["report", "delegates", "agreed", "on", "a", "declaration", "about",
            "crime", "prevention", "and", "criminal", "justice", "the", "of"]
    return " ".join(base[(i * 7) % len(base)] for i in range(n))


def one_image(d):
    """The PDF holds one image however often the file is used."""
    with open(os.path.join(d, "out.pdf"), "rb") as f:
        n = f.read().count(b"/Subtype /Image")
    return None if n == 1 else "%d images in the PDF, expected 1" % n


# Each case: name -> (files, args, expected status, stderr pattern or None
# [, check(dir) -> None or what is wrong]).
# files maps a relative path to str/bytes, to None for a FIFO or to
# ("symlink", target). The pattern is searched in stdout and stderr.
def cases():
    c = {}
    build = ["build", "layout.yaml", "-o", "out.pdf"]

    c["long-paragraph"] = (
        {"layout.yaml": layout(["text: \"%s\"" % words(40000)])}, build, 0, None)
    c["long-paragraph-greedy"] = (
        {"layout.yaml": layout(["text: \"%s\"" % words(100000)]).replace(
            'title: "Pathological"', 'title: "Pathological", linebreak: greedy')}, build, 0, None)
    c["long-paragraph-120k"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article(words(120000) + "\n")}, build, 0,
        r"a\.md:\d+:\d+: warning: .*first fit")
    c["many-paragraphs"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("".join("%s\n\n" % words(60) for _ in range(3000)))}, build, 0, None)
    c["long-title"] = (
        {"layout.yaml": layout(["section: \"%s\"" % words(3500)])}, build, 1,
        r"layout\.yaml:\d+:\d+: error: .*title.* longer than")
    c["long-heading"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("## %s\n\nText.\n" % words(3500))}, build, 1,
        r"a\.md:\d+:\d+: error: .*heading.* longer than")
    c["long-article-title"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("Text.\n", title=words(3500))}, build, 1,
        r"a\.md:\d+:\d+: error: .*title.* longer than")
    c["deep-yaml-flow"] = (
        {"layout.yaml": "fonts: {dir: %s}\nx: %s\n" % (FONTS, "[" * 80000)}, build, 1,
        r"layout\.yaml:\d+:\d+: error: YAML nested more than")
    c["deep-yaml-block"] = (
        {"layout.yaml": "x:\n" + "".join(" " * (i + 1) + "- \n" for i in range(1000))}, build, 1,
        r"layout\.yaml:\d+:\d+: error: YAML nested more than")
    c["many-yaml-nodes"] = (
        {"layout.yaml": layout(["text: a"]) + "x: [%s]\n" % ",".join(["1"] * 600000)},
        build + ["--limit", "yaml-nodes=500000"], 1,
        r"layout\.yaml:\d+:\d+: error: YAML .*more than 500000 nodes")
    c["many-yaml-keys"] = (
        {"layout.yaml": layout(["text: a"]) + "x: {%s}\n" % ", ".join("k%d: 1" % i for i in range(100000))},
        build, 1, r"layout\.yaml:\d+:\d+: error: .*unknown key 'x'")
    c["duplicate-keys"] = (
        {"layout.yaml": layout(["text: a"]) + "x: {%s}\n" % ", ".join("k: 1" for _ in range(100000))},
        build, 1, r"layout\.yaml:\d+:\d+: error: duplicate key 'k'")
    c["alias-bomb"] = (
        {"layout.yaml": "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
            "%s: &%s [%s]\n" % (chr(98 + i), chr(98 + i), ",".join(["*" + chr(97 + i)] * 10))
            for i in range(9))}, build, 1,
        r"layout\.yaml:\d+:\d+: error: YAML .*more than \d+ nodes")
    c["deep-report-merge"] = (
        {"a.json": "[" * 200000}, ["report", "merge", "a.json", "-o", "m.json"], 1,
        r"a\.json:\d+:\d+: error: YAML nested more than")
    c["deep-report-merge-time-limit"] = (
        {"a.json": "{\"a\": " * 100000}, ["report", "merge", "a.json", "-o", "m.json", "--limit", "time=5s"], 1,
        r"a\.json:\d+:\d+: error: YAML nested more than")
    c["fonts-time-limit"] = (
        {"f/NotoSerif-Regular.ttf": ("symlink", os.path.join(FONTS, "NotoSerif-Regular.ttf"))},
        ["fonts", "--dir", "f", "--limit", "time=5s"], 0, r"NotoSerif-Regular\.ttf")
    c["deep-manifest"] = (
        {"m.yaml": "dossier-manifest: 1\ndossiers: " + "[" * 200000}, ["batch", "m.yaml"], 1,
        r"m\.yaml:\d+:\d+: error: YAML nested more than")
    c["huge-table"] = (
        {"layout.yaml": layout(["table: {file: t.csv}"]),
         "t.csv": "name,value\n" + "".join("row %d,%d\n" % (i, i) for i in range(30000))}, build, 0, None)
    c["table-long-cell"] = (
        {"layout.yaml": layout(["table: {file: t.csv}"]),
         "t.csv": "name,value\n\"%s\",1\n" % words(30000)}, build, 0, None)
    c["table-many-columns"] = (
        {"layout.yaml": layout(["table: {file: t.csv}"]),
         "t.csv": ",".join("c%d" % i for i in range(64)) + "\n" + "".join(
             ",".join(str(i) for i in range(64)) + "\n" for _ in range(3000))}, build, 1,
        r"layout\.yaml:\d+:\d+: error: table: the columns do not fit across the page")
    big = png(3000, 3000)
    c["one-image-many-uses"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]), "i.png": big,
         "a.md": article("".join("![Figure %d](i.png)\n\n" % i for i in range(12))
                         + "![Again](./i.png)\n")}, build, 0, None, one_image)
    c["image-pixels-total"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("".join("![Figure %d](i%d.png)\n\n" % (i, i) for i in range(8))),
         **{"i%d.png" % i: png(2000, 2000) for i in range(8)}}, build + ["--limit", "image-memory=10000000"], 1,
        r"a\.md:8:\d+: error: .*limit image-memory")
    small = png(8, 8)
    c["many-images"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("".join("![Figure %d](i/%d.png)\n\n" % (i, i) for i in range(3000))),
         **{"i/%d.png" % i: small for i in range(3000)}}, build, 0, None)
    c["image-file-size"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]), "i.png": png(2000, 2000),
         "a.md": article("![Figure](i.png)\n")}, build + ["--limit", "file-size=4K"], 1,
        r"a\.md:\d+:\d+: error: .*limit file-size")
    c["long-word"] = (
        {"layout.yaml": layout(["text: \"%s\"" % ("x" * 400000)])}, build, 0, None)
    c["many-long-words"] = (
        {"layout.yaml": layout(["text: \"%s\"" % " ".join(["y" * 300] * 1000)])}, build, 0, None)
    c["deep-quotes"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article(">" * 50000 + " deep\n")}, build, 1,
        r"a\.md:\d+:\d+: error: .*nest")
    c["deep-lists"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("".join("  " * i + "- item\n" for i in range(1000)))}, build, 1,
        r"a\.md:\d+:\d+: error: .*nest")
    c["many-footnotes"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("".join("Text[^n%d].\n\n" % i for i in range(5000))
                         + "".join("[^n%d]: Note %d.\n" % (i, i) for i in range(5000)))}, build, 0, None)
    c["many-cross-references"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("## Target {#t}\n\n" + "".join("See [](#t).\n\n" for _ in range(10000)))},
        build, 0, None)
    c["many-ids-and-bad-references"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("".join("## Part %d {#part-%d}\n\nSee [](#missing-%d).\n\n" % (i, i, i)
                                 for i in range(8000)))},
        build, 1, r"a\.md:\d+:\d+: error: reference to '#missing-0'")
    md = lambda body: {"layout.yaml": layout(["article: {file: a.md}"]), "a.md": article(body)}
    c["md-emphasis-delimiters"] = (md("*a **a " * 30000 + "\n"), build, 0, None)
    c["md-nested-brackets"] = (md("[" * 50000 + "a" + "]" * 50000 + "\n"), build, 0, None)
    c["md-unclosed-links"] = (md("[a](b " * 30000 + "\n"), build, 0, None)
    c["md-backticks"] = (md("".join("`" * (i % 50 + 1) + "a" for i in range(20000)) + "\n"), build, 0, None)
    c["many-data-quotes"] = (md("{{ document.title }} " * 20000 + "\n"), build, 0, None)
    c["long-code-line"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]),
         "a.md": article("```\n" + "x = 1; " * 8000 + "\n```\n")}, build, 0, None)
    c["fifo-font"] = (
        {"f/Sans-Regular.ttf": None}, ["fonts", "--dir", "f"], None, r"cannot be read: not a regular file")
    c["fifo-font-in-layout"] = (
        {"f/NotoSerif-Regular.ttf": ("symlink", os.path.join(FONTS, "NotoSerif-Regular.ttf")),
         "f/NotoSans-Regular.ttf": None,
         "layout.yaml": layout(["text: a"]).replace("{dir: %s}" % FONTS, "{dir: f}")}, build, 1,
        r"layout\.yaml:\d+:\d+: error: .*cannot read font .*NotoSans-Regular\.ttf.*not a regular file")
    c["device-as-font"] = (
        {"f/Zero-Regular.ttf": ("symlink", "/dev/zero")}, ["fonts", "--dir", "f"], None,
        r"cannot be read: not a regular file")
    c["device-as-font-in-layout"] = (
        {"f/NotoSerif-Regular.ttf": ("symlink", os.path.join(FONTS, "NotoSerif-Regular.ttf")),
         "f/NotoSans-Regular.ttf": ("symlink", "/dev/zero"),
         "layout.yaml": layout(["text: a"]).replace("{dir: %s}" % FONTS, "{dir: f}")}, build, 1,
        r"layout\.yaml:\d+:\d+: error: .*cannot read font .*NotoSans-Regular\.ttf.*not a regular file")
    c["fifo-article"] = (
        {"layout.yaml": layout(["article: {file: a.md}"]), "a.md": None}, build, 1,
        r"layout\.yaml:\d+:\d+: error: .*a\.md.*not a regular file")
    return c


def write(d, files):
    size = 0
    for rel, data in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if data is None:
            os.mkfifo(p)
            continue
        if isinstance(data, tuple):
            os.symlink(data[1], p)
            continue
        if isinstance(data, str):
            data = data.encode()
        with open(p, "wb") as f:
            f.write(data)
        size += len(data)
    return size


def run_case(dossier, name, case, tmp):
    files, args, want_status, want = case[:4]
    check = case[4] if len(case) > 4 else None
    d = os.path.join(tmp, name)
    os.makedirs(d)
    size = write(d, files)
    env = dict(os.environ, NO_COLOR="1", LC_ALL="C")
    env.pop("DOSSIER_FONTS", None)
    t0 = time.monotonic()
    # CPU time (user + system) is what the budget checks: the machine may
    # be shared, and wall time then measures the neighbours
    with tempfile.TemporaryFile() as errf:
        p = subprocess.Popen([dossier] + args, cwd=d, env=env, stdin=subprocess.DEVNULL,
                             stdout=errf, stderr=errf)
        killed = []

        def kill():
            killed.append(True)
            p.kill()

        timer = threading.Timer(TIMEOUT, kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        p.stderr = errf.read()
    t = ru.ru_utime + ru.ru_stime
    if killed:
        return "timeout (%.0f s)" % TIMEOUT, time.monotonic() - t0, size, ""
    err = p.stderr.decode(errors="replace")
    if p.returncode < 0 or p.returncode >= 128:
        return "signal %d" % -p.returncode, t, size, err
    if want_status is not None and p.returncode != want_status:
        return "exit %d, expected %d" % (p.returncode, want_status), t, size, err
    if want_status is None and p.returncode not in (0, 1):
        return "exit %d" % p.returncode, t, size, err
    if want and not re.search(want, err, re.M):
        return "stderr lacks /%s/" % want, t, size, err
    if check and check(d):
        return check(d), t, size, err
    if t > SLOW * budget(size):
        return "too slow (budget %.1f s, fails above %.1f s)" % (budget(size), SLOW * budget(size)), t, size, err
    if t > budget(size):
        return "ok, slow (budget %.1f s)" % budget(size), t, size, err
    return "ok", t, size, err


def main():
    dossier = os.environ.get("DOSSIER") or os.path.join(REPO, "build/release/dossier")
    dossier = os.path.abspath(dossier)
    all_cases = cases()
    names = sys.argv[1:] or list(all_cases)
    for n in names:
        if n not in all_cases:
            print("run.py: no case %r" % n, file=sys.stderr)
            return 2
    tmp = tempfile.mkdtemp(prefix="dossier-patho-")
    failed = 0
    t_all = time.monotonic()
    print("%-30s %10s %9s  %s" % ("case", "input", "CPU time", "outcome"))
    try:
        for n in names:
            outcome, t, size, err = run_case(dossier, n, all_cases[n], tmp)
            print("%-30s %8.2f MB %7.2f s  %s" % (n, size / 1e6, t, outcome), flush=True)
            if not outcome.startswith("ok"):
                failed += 1
                for line in err.splitlines()[:4]:
                    print("    | " + line[:200])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d cases, %d failed, %.1f s" % (len(names), failed, time.monotonic() - t_all))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
