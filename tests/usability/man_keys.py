#!/usr/bin/python3
"""The installed dossier-layout(5) covers every key the sample layouts use.

    python3 tests/usability/man_keys.py RENDERED.txt LAYOUT.yaml... [--src LOADER.c...]

RENDERED.txt is the manual page as `man -l` prints it. The page's sections
(TOP-LEVEL KEYS, PARTS, FACTS FILES) are lists of tagged paragraphs: a line
indented by 7 columns starts an entry whose first words name it ("document",
"header, footer", "table"). For every layout:

- each top-level key has an entry in TOP-LEVEL KEYS, and each key of a
  mapping under it (document:, page:, fonts:, header:, footer:) is named in
  that entry (the keys of data: are the layout's own names, not checked);
- each part kind has an entry in PARTS, and each option the layout gives a
  part of that kind is named in that entry;
- the facts files the layout names: each top-level key has an entry in FACTS
  FILES, and each key of its items is named there.

With --src, every key and value in the key lists of the loaders' sources
(`static const char *const NAME[] = {...}` arrays, as in schema_check.py) is
named somewhere in the page.

A key is "named" when it appears as a whole word. Prints "ok NAME" or
"FAIL NAME: why" per check; exit status 1 on failure.
"""
import os
import re
import sys

import yaml


def entries(text, section):
    """{name: entry text} for the tagged paragraphs of a section."""
    out = {}
    lines = text.split("\n")
    inside = False
    cur = None
    for line in lines:
        if re.match(r"^[A-Z][A-Z -]+$", line):
            inside = line.strip() == section
            cur = None
            continue
        if not inside:
            continue
        m = re.match(r"^ {7}(\S.*)$", line)
        if m:
            body = m.group(1)
            names = re.match(r"[a-z][a-z-]*(?:, [a-z][a-z-]*)*", body)
            cur = names.group(0).split(", ") if names else []
            for n in cur:
                out[n] = out.get(n, "") + " " + body
        elif cur:
            for n in cur:
                out[n] += " " + line.strip()
    return out


def named(key, text):
    return re.search(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", text) is not None


results = []
seen = set()


def check(name, ok, why=""):
    if name in seen:
        return
    seen.add(name)
    results.append(ok)
    print(("ok %s" % name) if ok else ("FAIL %s: %s" % (name, why)))


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        text = f.read()
    # hyphens may come out as U+2010 or U+2212, depending on the locale
    text = text.replace("\u2010", "-").replace("\u2212", "-").replace("\u00ad", "")
    top = entries(text, "TOP-LEVEL KEYS")
    parts = entries(text, "PARTS")
    facts = entries(text, "FACTS FILES")
    for name, what in (("TOP-LEVEL KEYS", top), ("PARTS", parts), ("FACTS FILES", facts)):
        check("the page has a %s section with entries" % name, bool(what), "none found")
    args = sys.argv[2:]
    srcs = []
    if "--src" in args:
        srcs = args[args.index("--src") + 1:]
        args = args[:args.index("--src")]
    # arrays that are not keys or values of the format
    ignore = {"face_suffix", "dims", "cands", "running_names", "na", "ends", "meta_keys", "font_exts", "font_roots"}
    for src in srcs:
        with open(src, encoding="utf-8") as f:
            code = f.read()
        for m in re.finditer(r"static const char \*const (\w+)\[[^]]*\] = \{([^}]*)\}", code):
            if m.group(1) in ignore:
                continue
            for key in re.findall(r'"([^"]+)"', m.group(2)):
                check("%s: '%s' is in the page" % (os.path.basename(src), key), named(key, text),
                      "not found")
    facts_files = set()
    for path in args:
        base = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for key, val in doc.items():
            check("%s: top-level key '%s' has an entry" % (base, key), key in top, "no entry")
            if isinstance(val, dict) and key != "data" and key in top:
                for sub in val:
                    check("%s: %s: '%s' is described" % (base, key, sub), named(sub, top[key]),
                          "not in the entry for %s" % key)
        for part in doc.get("parts") or []:
            if isinstance(part, str):
                kind, opts = part, {}
            else:
                kind, opts = next(iter(part.items()))
            check("%s: part '%s' has an entry" % (base, kind), kind in parts, "no entry in PARTS")
            if isinstance(opts, dict) and kind in parts:
                for o in opts:
                    check("%s: %s: option '%s' is described" % (base, kind, o), named(o, parts[kind]),
                          "not in the entry for %s" % kind)
                for k in ("file", "facts"):
                    f = opts.get(k)
                    if kind in ("facts", "chart") and isinstance(f, str) and f.endswith(".yaml"):
                        facts_files.add(os.path.normpath(os.path.join(os.path.dirname(path), f)))
    for path in sorted(facts_files):
        base = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
        for key, val in doc.items():
            check("%s: facts key '%s' has an entry" % (base, key), key in facts, "no entry in FACTS FILES")
            items = val if isinstance(val, list) else [val]
            subs = sorted({k for it in items if isinstance(it, dict) for k in it})
            for sub in subs:
                if key in facts:
                    check("%s: %s: '%s' is described" % (base, key, sub), named(sub, facts[key]),
                          "not in the entry for %s" % key)
    n_ok = sum(1 for r in results if r)
    print("man keys: %d passed, %d failed" % (n_ok, len(results) - n_ok))
    sys.exit(0 if all(results) else 1)


main()
