#!/usr/bin/python3
"""README and docs/ say what the program does: run what they show.

    python3 tests/usability/doc_examples.py DOSSIER REPO TMPDIR

1. README's "Quick start": the layout of its first ```yaml block is saved as
   my.yaml in a copy of the repository's top directory (fonts/ and input/),
   as the README says, and every `$ build/release/dossier ...` command of
   the section is run there. Its output must be the lines README shows, and
   the PDF must have the number of pages README states. A block whose output
   is an error shows another, broken layout and is not run.
2. Examples in docs/*.md marked as complete: a ```yaml block whose first line
   is `# example: builds` is a layout, and a ```markdown block right after a
   line `<!-- example: builds -->` is an article (built in a one-part layout).
   The marker may say where the layout sits and how many pages it makes:
   `# example: builds in layouts/, 10 pages`. Each is built in the copy of
   the repository (paths such as ../input/ resolve as in the source tree).

Prints "ok NAME" or "FAIL NAME: why"; exit status 1 on failure.
"""
import os
import re
import shutil
import subprocess
import sys

DOSSIER, REPO, TMP = sys.argv[1:4]
results = []


def check(name, ok, why=""):
    results.append(ok)
    print(("ok %s" % name) if ok else ("FAIL %s: %s" % (name, why)))


def pages(pdf):
    r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", r.stdout, re.M)
    return int(m.group(1)) if m else None


def tree(name):
    """A copy of the repository's inputs: fonts/ (linked), input/, layouts/."""
    top = os.path.join(TMP, name)
    os.makedirs(top)
    os.symlink(os.path.join(REPO, "fonts"), os.path.join(top, "fonts"))
    shutil.copytree(os.path.join(REPO, "input"), os.path.join(top, "input"))
    os.makedirs(os.path.join(top, "layouts"))
    return top


def fences(text):
    """(info, indent, first line number, lines, the line before) per fence."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^( *)```(\S*)\s*$", lines[i])
        if m:
            indent, info = m.group(1), m.group(2)
            j = i + 1
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            body = [l[len(indent):] if l.startswith(indent) else l.lstrip() for l in lines[i + 1:j]]
            before = ""
            k = i - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            if k >= 0:
                before = lines[k].strip()
            yield info, i + 1, body, before
            i = j + 1
        else:
            i += 1


def quick_start():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    m = re.search(r"^## Quick start\n(.*?)(?=^## )", readme, re.M | re.S)
    check("README has a Quick start section", m is not None, "no '## Quick start'")
    if not m:
        return
    section = m.group(1)
    top = tree("quick-start")
    layout = None
    commands = 0
    for info, line, body, _ in fences(section):
        if info == "yaml" and layout is None:
            layout = "\n".join(body) + "\n"
            with open(os.path.join(top, "my.yaml"), "w", encoding="utf-8") as f:
                f.write(layout)
            continue
        if not body or not body[0].startswith("$ "):
            continue
        out = body[1:]
        if any(": error: " in l for l in out):
            continue  # the output of another, broken layout
        cmd = body[0][2:]
        argv = cmd.split()
        if argv[0] != "build/release/dossier":
            continue
        commands += 1
        r = subprocess.run([DOSSIER] + argv[1:], cwd=top, capture_output=True, text=True)
        got = (r.stdout + r.stderr).rstrip("\n").split("\n")
        check("README quick start: `%s` prints what README shows" % cmd, got == out,
              "README: %r, program: %r" % (out, got))
        for l in out:
            p = re.search(r"(\S+\.pdf): (\d+) pages", l)
            if p:
                n = pages(os.path.join(top, p.group(1)))
                check("README quick start: %s has the %s pages README states" % (p.group(1), p.group(2)),
                      n == int(p.group(2)), "the PDF has %s pages" % n)
    check("README quick start: a layout and commands to run", layout is not None and commands >= 2,
          "layout found: %s, commands: %d" % (layout is not None, commands))


def doc_examples():
    found = 0
    for name in sorted(os.listdir(os.path.join(REPO, "docs"))):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(REPO, "docs", name), encoding="utf-8") as f:
            text = f.read()
        for info, line, body, before in fences(text):
            marker = None
            if info == "yaml" and body and body[0].startswith("# example: builds"):
                marker = body[0]
            elif info == "markdown" and before.startswith("<!-- example: builds"):
                marker = before
            if not marker:
                continue
            found += 1
            label = "docs/%s:%d" % (name, line)
            where = re.search(r"\bin (\S+?)/?(?:,|\s|$)", marker)
            want = re.search(r"(\d+) pages?", marker)
            top = tree("example-%s-%d" % (name[:-3], line))
            if info == "yaml":
                sub = where.group(1) if where else "."
                path = os.path.join(top, sub, "example.yaml")
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(body) + "\n")
            else:
                sub = where.group(1) if where else "input"
                art = os.path.join(top, sub, "example.md")
                os.makedirs(os.path.dirname(art), exist_ok=True)
                with open(art, "w", encoding="utf-8") as f:
                    f.write("\n".join(body) + "\n")
                path = os.path.join(top, "example.yaml")
                with open(path, "w", encoding="utf-8") as f:
                    f.write('dossier: 1\ndocument: {title: "Example"}\nfonts: {dir: fonts}\n'
                            'parts:\n  - article: %s/example.md\n' % sub)
            pdf = os.path.join(top, "example.pdf")
            r = subprocess.run([DOSSIER, "build", "-q", path, "-o", pdf], cwd=top,
                               capture_output=True, text=True)
            check("%s: the example builds" % label, r.returncode == 0,
                  (r.stdout + r.stderr).strip().replace("\n", " | ")[:600])
            if want and r.returncode == 0:
                n = pages(pdf)
                check("%s: the example has the %s pages it states" % (label, want.group(1)),
                      n == int(want.group(1)), "the PDF has %s pages" % n)
    check("docs/*.md mark complete examples (# example: builds)", found > 0, "no marked example")


quick_start()
doc_examples()
n_ok = sum(1 for r in results if r)
print("docs: %d passed, %d failed" % (n_ok, len(results) - n_ok))
sys.exit(0 if all(results) else 1)
