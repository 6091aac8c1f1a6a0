#!/usr/bin/env python3
"""CommonMark conformance: the specification's examples built as articles.

    python3 tests/commonmark/run.py DOSSIER SPEC.TXT [NUMBER ...]

SPEC.TXT is spec.txt of the npm package commonmark-spec 0.31.2 (the Makefile
installs it into build/commonmark). Its examples are taken out as the
package's own index.js does. Each example becomes one article; articles are
built fifty to a layout, each after a heading "CMEX nnnn" that the checks
split the output at (an example that does not build is then built alone).
For every example:

  - text: the text pdftotext extracts equals the text of the specification's
    HTML, tags stripped, entities decoded, white space runs made one space,
    with the list markers dossier prints (•, –, ‣ by depth: ‣ stands in for
    ◦, which the repository's fonts lack; "3." counted
    from the list's start) where the HTML has <li>;
  - structure: for every line that `dossier check --dump` prints, the number
    of quote bars beside it and its indent (in container steps) equal the
    block quotes and containers (quotes and list items) around the HTML text,
    in order (runs of equal values counted once).

The exceptions docs/articles.md documents (raw HTML printed as text, named
entities outside the supported list, images whose file does not exist,
footnote and attribute syntax of dossier's own) are told from the example,
and reported by kind. The script prints the score and fails when an example
fails that no documented exception explains.
"""
import html
import html.parser
import os
import re
import subprocess
import sys
import tempfile

STEP = 18.0           # layout.c CONT_STEP
BULLETS = ["\u2022", "\u2013", "\u2023"]
BATCH = 50
# a space next to these may be lost or moved by line breaking (counted apart)
# examples md4c 0.4.8 parses differently from the specification 0.31.2
MD4C = {354: "md4c 0.4.8 does not count currency symbols (£, €) as punctuation for emphasis, "
             "as CommonMark 0.31 does"}

# Tags the Markdown of the examples produces; any other tag in the expected
# HTML is raw HTML passed through.
MD_TAGS = {"p", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "h1", "h2", "h3",
           "h4", "h5", "h6", "hr", "a", "img", "br"}
BLOCK_TAGS = MD_TAGS - {"em", "strong", "code", "a", "img"}
SUPPORTED_ENTITIES = set("""amp lt gt quot apos nbsp ndash mdash hellip lsquo rsquo ldquo rdquo laquo
raquo copy reg trade middot bull deg times euro sect shy thinsp""".split())


def examples(spec):
    text = spec.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"^<!-- END TESTS -->[\s\S]*", "", text, flags=re.M)
    out = []
    pat = re.compile(r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$", re.M)
    section = ""
    for m in pat.finditer(text):
        if m.group(3) is not None:
            section = m.group(3)
            continue
        md = m.group(1).replace("\u2192", "\t")
        out.append({"number": len(out) + 1, "section": section, "markdown": md,
                    "html": m.group(2).replace("\u2192", "\t")})
    return out


class Expect(html.parser.HTMLParser):
    """Text of the HTML with dossier's list markers; the containers of each
    piece of text; the tags that are not Markdown's."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.stack = []
        self.lists = []
        self.struct = []
        self.raw = False

    def handle_starttag(self, tag, attrs):
        if tag not in MD_TAGS:
            self.raw = True
        if tag in BLOCK_TAGS:
            self.text.append(" ")
        if tag in ("ul", "ol"):
            start = dict(attrs).get("start") if tag == "ol" else None
            self.lists.append([tag, int(start) if start and start.isdigit() else 1])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            if kind[0] == "ol":
                self.text.append(" %d. " % kind[1])
                kind[1] += 1
            else:
                depth = len(self.lists)
                self.text.append(" %s " % BULLETS[min(depth, 3) - 1])
        if tag not in ("br", "hr", "img"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in MD_TAGS:
            self.raw = True
        if tag in BLOCK_TAGS:
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag not in MD_TAGS:
            self.raw = True
        if tag in BLOCK_TAGS:
            self.text.append(" ")
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)
        if data.strip():
            q = self.stack.count("blockquote")
            self.struct.append((q, q + self.stack.count("li")))

    def handle_comment(self, data):
        self.raw = True

    def handle_decl(self, decl):
        self.raw = True

    def handle_pi(self, data):
        self.raw = True

    def unknown_decl(self, data):
        self.raw = True


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def runs(seq):
    out = []
    for x in seq:
        if not out or out[-1] != x:
            out.append(x)
    return out


def expected(ex):
    p = Expect()
    p.feed(ex["html"])
    p.close()
    return norm("".join(p.text)), runs(p.struct), p.raw


def exception(ex, raw):
    """The documented treatment that explains a difference, or None."""
    md = ex["markdown"]
    # raw HTML: a tag that is not Markdown's, or one the HTML has as written
    verbatim = any(t in md for t in re.findall(r"<[A-Za-z/!?][^<>]*>", ex["html"]))
    if raw or verbatim or ex["section"] in ("HTML blocks", "Raw HTML"):
        return "raw HTML"
    if ex["number"] in MD4C:
        return "md4c"
    if "<img" in ex["html"]:
        return "image"
    for name in re.findall(r"(?<!\\)&([A-Za-z][A-Za-z0-9]*);", md):
        if name not in SUPPORTED_ENTITIES and "&%s;" % name not in ex["html"]:
            return "named entity"
    if "[^" in md:
        return "footnote syntax"
    if "{{" in md or "{#" in md or "{.name}" in md:
        return "attribute syntax"
    return None


def layout_for(d, nums, fonts):
    with open(os.path.join(d, "layout.yaml"), "w") as f:
        f.write("fonts: {dir: %s}\n" % fonts)
        f.write("document: {title: \"CommonMark\"}\nheader:\nfooter:\n")
        # the spec's expected text is the source's characters: no curly
        # quotes or no-break spaces from the language's typography
        f.write("typography: {quotes: false, no-break: false}\n")
        f.write("styles:\n")
        for st in ("body", "list", "quote"):
            f.write("  %s: {hyphenate: false, align: left}\n" % st)
        f.write("parts:\n")
        for n in nums:
            f.write("  - article: ex%04d.md\n" % n)
    return os.path.join(d, "layout.yaml")


def write_article(d, ex):
    with open(os.path.join(d, "ex%04d.md" % ex["number"]), "w") as f:
        f.write("---\ntitle: \"CMEX %04d\"\n---\n" % ex["number"])
        f.write(ex["markdown"])


TEXT = re.compile(r'^  text (-?[\d.]+) (-?[\d.]+)(?: lang=\S+)? w=([\d.]+) \S+ [\d.]+ "(.*)"$')
RECT = re.compile(r"^  rect (-?[\d.]+) (-?[\d.]+) ([\d.]+)x([\d.]+)$")
MARKER = re.compile(r"^(\d+\.|[\u2022\u2013\u2023])$")


def dump_structure(lines):
    """(bars, indent steps) of each line of one example's dump, in order."""
    texts, bars = [], []
    left = None
    for ln in lines:
        m = TEXT.match(ln)
        if m:
            x, y, w, t = float(m.group(1)), float(m.group(2)), float(m.group(3)), m.group(4)
            if t.startswith("CMEX "):
                left = x
                continue
            if t.strip():
                texts.append((x, y, w, t))
            continue
        m = RECT.match(ln)
        if m and float(m.group(3)) == 2.0:
            bars.append((float(m.group(1)), float(m.group(2)), float(m.group(4))))
    if left is None:
        return []
    order, by_y = [], {}
    for x, y, w, t in texts:
        if y not in by_y:
            by_y[y] = []
            order.append(y)
        by_y[y].append((x, w, t))
    out = []
    for y in order:
        items = by_y[y]
        content = []
        for x, w, t in items:
            k = (x + w + 5 - left) / STEP
            if MARKER.match(t) and abs(k - round(k)) < 0.02 and round(k) >= 1:
                continue
            content.append(x)
        if not content:
            continue
        x0 = min(content)
        level = int((x0 - left + 0.5) // STEP)
        nb = sum(1 for bx, by, bh in bars if bx < x0 and by - 0.5 <= y <= by + bh + 0.5)
        out.append((nb, level))
    return runs(out)


def split_by_title(items, key):
    """{number: [lines]} from lines where key(line) gives the number of the
    example whose title starts there."""
    out, cur = {}, None
    for ln in items:
        n = key(ln)
        if n is not None:
            cur = n
            out[cur] = []
            continue
        if cur is not None:
            out[cur].append(ln)
    return out


def build(dossier, d, nums, fonts):
    """Text and dump lines per example, and the examples that do not build
    (with their messages)."""
    lay = layout_for(d, nums, fonts)
    pdf = os.path.join(d, "out.pdf")
    r = subprocess.run([dossier, "build", "-q", lay, "-o", pdf], capture_output=True, text=True)
    if r.returncode != 0:
        if len(nums) == 1:
            return {}, {}, {nums[0]: r.stderr.strip()}
        texts, dumps, errs = {}, {}, {}
        for n in nums:
            t, du, e = build(dossier, d, [n], fonts)
            texts.update(t)
            dumps.update(du)
            errs.update(e)
        return texts, dumps, errs
    t = subprocess.run(["pdftotext", "-q", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                       text=True).stdout
    texts = split_by_title(t.replace("\f", "\n").split("\n"),
                           lambda ln: int(ln[5:]) if re.fullmatch(r"CMEX \d{4}", ln) else None)
    texts = {n: "\n".join(v) for n, v in texts.items()}
    du = subprocess.run([dossier, "check", lay, "--dump"], capture_output=True, text=True).stdout
    dumps = {}
    cur = None
    for ln in du.split("\n"):
        m = TEXT.match(ln)
        if m and re.fullmatch(r"CMEX \d{4}", m.group(4)):
            cur = int(m.group(4)[5:])
            dumps[cur] = []
        if cur is not None:
            dumps[cur].append(ln)
    return texts, dumps, {}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    dossier = os.path.abspath(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        exs = examples(f.read())
    fonts = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "fonts"))
    only = {int(a) for a in sys.argv[3:]}
    if only:
        exs = [e for e in exs if e["number"] in only]
    verbose = bool(only) or os.environ.get("VERBOSE")
    cats = {"match": [], "failure": []}
    documented = {}
    with tempfile.TemporaryDirectory() as d:
        for ex in exs:
            write_article(d, ex)
        texts, dumps, errs = {}, {}, {}
        for i in range(0, len(exs), BATCH):
            t, du, e = build(dossier, d, [x["number"] for x in exs[i:i + BATCH]], fonts)
            texts.update(t)
            dumps.update(du)
            errs.update(e)
    for ex in exs:
        n = ex["number"]
        want, want_struct, raw = expected(ex)
        exc = exception(ex, raw)
        why = None
        if n in errs:
            ok_text = ok_struct = False
            why = "does not build: " + errs[n].split("\n")[0]
            # an image file that does not exist: an error at the image
            if exc == "image" and re.search(r"ex\d{4}\.md:\d+:\d+: error: ", errs[n]):
                documented.setdefault("image", []).append(n)
                continue
            if re.search(r":\d+:\d+: error: character U\+[0-9A-F]+ .* is in no font", errs[n]):
                documented.setdefault("character in no font", []).append(n)
                continue
        else:
            got = norm(texts.get(n, ""))
            ok_text = got == want
            got_struct = dump_structure(dumps.get(n, []))
            ok_struct = got_struct == want_struct
            if not ok_text:
                why = "text\n       want: %r\n       got:  %r" % (want, got)
            elif not ok_struct:
                why = "structure (bars, indent)\n       want: %r\n       got:  %r" % (want_struct, got_struct)
        if exc == "raw HTML" and n not in errs:
            # printed as text: every tag the HTML passes through is in the
            # text; Markdown in it is still Markdown (escapes, emphasis, a
            # link's brackets), so its name ("<a", "</div", "<?php") is
            # what is looked for
            got = texts.get(n, "")
            for tag in re.findall(r"<[A-Za-z/!?][^<>]*>", ex["html"]):
                name = re.match(r"<[/!?]?[A-Za-z0-9-]*", tag).group(0)
                if tag in ex["markdown"] and name not in got:
                    exc = None
                    why = "raw HTML %r is not printed as written" % tag
        if ok_text and ok_struct:
            cats["match"].append(n)
        elif exc:
            documented.setdefault(exc, []).append(n)
        else:
            cats["failure"].append(n)
            print("FAIL example %d (%s): %s" % (n, ex["section"], why))
        if verbose and not (ok_text and ok_struct):
            print("     example %d: %s" % (n, why))
    total = len(exs)
    ndoc = sum(len(v) for v in documented.values())
    print("CommonMark 0.31.2 conformance: %d examples" % total)
    print("  match (text and structure)     %4d  %5.1f%%" % (len(cats["match"]), 100.0 * len(cats["match"]) / total))
    for k in sorted(documented):
        print("  documented: %-19s %4d  %s" % (k, len(documented[k]), " ".join(map(str, documented[k]))))
    print("  failing                        %4d  %s" % (len(cats["failure"]), " ".join(map(str, cats["failure"]))))
    print("  match or documented            %5.1f%%" % (100.0 * (len(cats["match"]) + ndoc) / total))
    sys.exit(1 if cats["failure"] else 0)


if __name__ == "__main__":
    main()
