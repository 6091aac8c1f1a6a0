#!/usr/bin/env python3
"""Round trip: the text PDF readers extract is the text that went in.

For every layout in layouts/ (each prose paragraph, list item and heading of
its articles, and its `text` parts) and for generated paragraphs in seven
languages holding every ASCII punctuation mark after a space, before a
space, at the start and end of a word and doubled, the text that poppler
(pdftotext), MuPDF (mutool draw -F txt) and, with PDFJS set (the directory
npm installed pdfjs-dist 3.11 into), Mozilla pdf.js (getTextContent, as its
find bar reads it) extract must equal the source: every character, space
and punctuation mark, in order. Only line ends may differ: a line may end at
a space of the source, inside a word (a hyphen added at a hyphenation point,
or none after "/" or between ideographs), and between two lines of a
paragraph the page may end (the footer, footnotes and the next page's header
are then skipped).

Both texts are compared after Unicode NFKC (no-break spaces are spaces) with
runs of white space made one space. Arabic paragraphs are compared word by
word, as far as each reader puts a right-to-left line back in reading order
(find_rtl says how far and why).

poppler is read twice: in content-stream order (-raw) and in its default
reading order. The reading order is required for the samples' prose; for the
generated paragraphs, lines of isolated marks in several fonts, poppler's
layout analysis takes some runs for columns and moves them, so only -raw
(and MuPDF and pdf.js) are compared there; for the Arabic ones, the reading
order (-raw is not compared for Arabic).

  DOSSIER=build/release/dossier python3 tests/roundtrip/run.py
"""
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

import yaml

DOSSIER = os.path.abspath(os.environ.get("DOSSIER", "build/release/dossier"))
PDFJS = os.environ.get("PDFJS")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
# lines that may stand between two lines of a paragraph: a page's foot and
# the next page's head
GAP_LINES = 120

failures = []
checked = 0


def fail(what, detail):
    failures.append(what)
    print("FAIL " + what)
    for line in detail.splitlines()[:6]:
        print("     " + line)


# every quotation mark and apostrophe, straight or curly, single or double,
# is one mark for the comparison: the language's typography chooses which
# the page prints (docs/typography.md)
TYPOGRAPHY = str.maketrans({c: '"' for c in "'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"}
                           | {"\u2011": "-"})


def norm(s):
    """NFKC, bidi controls and soft hyphens dropped, blanks one space; line
    and page ends kept."""
    s = unicodedata.normalize("NFKC", s)
    s = re.sub("[\u00ad\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069]", "", s)
    # the language's typography (docs/typography.md) as the source wrote it:
    # quotation marks and apostrophes as one mark, a no-break hyphen as a
    # hyphen, and no space beside a quotation mark or before ; : ! ?
    # (French spacing), in the source and the extraction alike
    s = s.translate(TYPOGRAPHY)
    s = re.sub(r'[^\S\n\f]*"[^\S\n\f]*', '"', s)
    s = re.sub(r"[^\S\n\f]+([;:!?])", r"\1", s)
    s = re.sub(r"[^\S\n\f]+", " ", s)
    s = re.sub(r" *([\n\f]) *", r"\1", s)
    return s


def extract(pdf, reading_order=True):
    """The texts of the PDF: poppler's in content-stream order (-raw) and,
    with reading_order, in the order its layout analysis reads; MuPDF's."""
    def run(args):
        return norm(subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8"))
    texts = {"pdftotext -raw": run(["pdftotext", "-q", "-raw", "-enc", "UTF-8", pdf, "-"]),
             "mutool": run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf])}
    if reading_order:
        texts["pdftotext"] = run(["pdftotext", "-q", "-enc", "UTF-8", pdf, "-"])
    if PDFJS:  # else main() says pdf.js was not read
        texts["pdf.js"] = run(["node", os.path.join(ROOT, "tests", "roundtrip", "pdfjs_text.mjs"), PDFJS, pdf])
    return texts


def pattern(src, dehyphenates=False):
    """A regular expression for src as extracted: each space may be a line
    end, and each place between two characters may be one (with a hyphen
    added, or none); at any line end whole lines may come between. poppler
    joins a word hyphenated at a line end, taking the hyphen away, even when
    it was the source's own ("non-" "governmental" -> "nongovernmental"):
    for it a hyphen inside a word may be missing."""
    gap = r"\n(?:[^\n]*[\n\f]){0,%d}?" % GAP_LINES
    out = []
    for i, ch in enumerate(src):
        if ch == " ":
            out.append(r"(?: |%s)" % gap)
            continue
        if ch == "-" and dehyphenates and 0 < i < len(src) - 1 and src[i - 1] != " " and src[i + 1] != " ":
            out.append(r"-?")
            continue
        if ch == "`" and dehyphenates:
            out.append("(?:`|\u0300)")  # poppler makes a grave after a letter combining
        else:
            out.append(re.escape(ch))
        if i + 1 < len(src) and src[i + 1] != " ":
            out.append(r"(?:-?%s)?" % gap)
    return re.compile("".join(out))


def to_compare(src):
    """A source paragraph as compared (normalised, on one line), counted;
    empty when there is nothing to compare."""
    global checked
    src = norm(src).replace("\n", " ").strip()
    checked += bool(src)
    return src


def find(src, texts, what):
    src = to_compare(src)
    if not src:
        return
    for tool, text in texts.items():
        deh = tool.startswith("pdftotext")
        if not pattern(src, deh).search(text):
            # the longest prefix that is found, to show where it differs
            lo, hi = 0, len(src)
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if pattern(src[:mid], deh).search(text):
                    lo = mid
                else:
                    hi = mid - 1
            fail("%s (%s)" % (what, tool), "source:    ...%s[HERE]%s\n" % (src[max(0, lo - 40):lo], src[lo:lo + 40]))


# ---- right-to-left text ----
# No encoding of a right-to-left line makes the readers at hand give its
# source text exactly (docs/scripts.md has the table): each puts the line
# back in reading order itself, or not at all. The glyphs are in display
# order, each mapped to its characters (a letter to itself and its raised
# or lowered marks), so the words come out whole; what the readers do with
# the line is checked as far as each gets it right:
#   pdftotext (reading order): the words, in order, each with its marks;
#     not the spaces and punctuation next to a number or a Latin word
#     (poppler's reordering puts a word's space on the wrong side of a word
#     it moves: "عام  ،1955فيجتمع" for "عام 1955، فيجتمع");
#   pdf.js: the letters, each with its marks, in order within a stretch of
#     Arabic (between two digits, Latin letters or ASCII punctuation) on
#     one line: a character from another font ends its piece of text, and
#     pdf.js puts each piece in reading order but the pieces of a line in
#     display order; not the spaces: pdf.js 3.11 takes a glyph whose text
#     holds a mark (a letter with its marks) for a mark of no width, and
#     where a letter follows it in display order puts a space ("خمس ةً");
#   mutool: MuPDF 1.21 reorders nothing and reads no ActualText: each word's
#     letters in display order (reversed), which shows they are the letters,
#     not presentation forms, each with its marks;
#   pdftotext -raw: not compared (content-stream order: the words of a run
#     in display order, and a lam-alef drawn as two glyphs, one over the
#     other, taken for two words).
MARKS = "\u064B-\u065F\u0670\u06D6-\u06ED"
AR_CHARS = "[\u0621-\u064A\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FF%s]" % MARKS
DIGITS = "[0-9\u0660-\u0669\u06F0-\u06F9]"
LETTERS = r"[^\W\d_\u0600-\u06FF\u0750-\u077F]"
TOKEN = re.compile("%s+|%s+|%s+" % (AR_CHARS, DIGITS, LETTERS))


def token_class(t):
    """The characters a token of t's kind is made of."""
    return AR_CHARS if ARABIC.match(t) else DIGITS if re.match(DIGITS, t) else LETTERS


def tokens(s):
    return TOKEN.findall(s)


def words_pattern(toks, pieces=False, joined=False):
    """toks in order as whole tokens, anything but a letter or digit
    between two (nothing, when they are of two kinds), with whole
    lines (a page's foot and the next page's head) at a line end; pieces:
    other pieces of text may end the line and begin the next; joined: the
    text has no spaces, a token is whole only at the two ends."""
    sep = r"[^\w%s\n]*" % MARKS
    if pieces:
        gap = r"(?:%s|[^\n]*?\n(?:[^\n]*\n){0,%d}?[^\n]*?)" % (sep, GAP_LINES)
    else:
        gap = r"%s(?:\n(?:[^\n]*\n){0,%d}?%s)?" % (sep, GAP_LINES, sep)
    out = []
    for k, t in enumerate(toks):
        if k:
            out.append(gap)
        # a whole token: no character of its kind before or after it
        out.append("%s%s%s" % ("" if joined and k else "(?<!%s)" % token_class(t), re.escape(t),
                               "" if joined and k + 1 < len(toks) else "(?!%s)" % token_class(t)))
    return re.compile("".join(out))


def find_rtl(src, texts, what):
    src = to_compare(src)
    if not src:
        return
    for tool, text in texts.items():
        if tool == "pdftotext":
            toks = tokens(src)
            if not words_pattern(toks).search(text):
                lo, hi = 0, len(toks)
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if words_pattern(toks[:mid]).search(text):
                        lo = mid
                    else:
                        hi = mid - 1
                fail("%s (%s, the words in order)" % (what, tool),
                     "source words: ...%s [HERE] %s" % (" ".join(toks[max(0, lo - 5):lo]), " ".join(toks[lo:lo + 5])))
        elif tool == "pdf.js":
            joined = re.sub(r"[^\S\n]+", "", text)
            for stretch in re.split(r"[^\u0600-\u06FF\s]+", src):
                toks = tokens(stretch)
                if toks and not words_pattern(toks, pieces=True, joined=True).search(joined):
                    fail("%s (%s, the words of a stretch of Arabic in order)" % (what, tool), "stretch: " + " ".join(toks))
                    break
        elif tool == "mutool":
            have = set(tokens(text))
            # reversed, then normalised as the extraction is (two marks
            # on one letter come back in canonical order)
            missing = [t for t in tokens(src)
                       if (unicodedata.normalize("NFKC", t[::-1]) if ARABIC.match(t) else t) not in have]
            if missing:
                fail("%s (%s, each word in display order)" % (what, tool), "not found: " + " ".join(missing[:8]))


def build(layout, pdf):
    r = subprocess.run([DOSSIER, "build", "-q", layout, "-o", pdf], capture_output=True, text=True)
    if r.returncode != 0:
        fail("%s: builds" % os.path.basename(layout), r.stderr)
        return False
    return True


# ---- the samples ----
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
INLINE = [
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),      # [text](url)
    (re.compile(r"\[([^\]]*)\]\{[^}]*\}"), r"\1"),      # [name]{.name}
    (re.compile(r"\*\*|__"), ""),
    (re.compile(r"(?<![\w*])\*(?!\s)|(?<!\s)\*(?![\w*])"), ""),
    (re.compile(r"`"), ""),
]


def md_paragraphs(path):
    with open(path, encoding="utf-8") as f:
        return md_text(f.read())


def md_text(text):
    """(text, language) of each plain paragraph, list item, quote line and
    heading; those with syntax this simple reading does not follow (notes,
    data names, references, HTML, entities, escapes, tables, code) are left
    out."""
    lang = None
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if m:
        lang = (yaml.safe_load(m.group(1)) or {}).get("language")
        text = text[m.end():]
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.split("\n")
        if any("|" in l for l in lines) or block.lstrip().startswith(("    ", "\t")):
            continue
        items, cur = [], []
        for l in lines:
            l = re.sub(r"^\s*>\s?", "", l)
            m2 = re.match(r"^\s*(?:[-*+]|\d+[.)]|#+)\s+(.*)", l)
            if m2:
                if cur:
                    items.append(" ".join(cur))
                cur = [m2.group(1)]
            else:
                cur.append(l)
        if cur:
            items.append(" ".join(cur))
        for it in items:
            it = it.strip()
            if not it or re.search(r"\[\^|\{\{|\]\(#|<|&|\\|^---$|^\*\*\*$|^— ", it):
                continue
            for rx, rep in INLINE:
                it = rx.sub(rep, it)
            if "*" in it or "_" in it or "[" in it:
                continue
            out.append((it, lang))
    return out


def check_sample(layout, tmp):
    name = os.path.basename(layout)[:-5]
    pdf = os.path.join(tmp, name + ".pdf")
    if not build(layout, pdf):
        return
    texts = extract(pdf)
    with open(layout, encoding="utf-8") as f:
        lay = yaml.safe_load(f)
    base = os.path.dirname(layout)
    n0 = checked
    skipped_ar = 0
    for part in lay.get("parts", []):
        if not isinstance(part, dict):
            continue
        if "article" in part:
            a = part["article"]
            path = os.path.join(base, a["file"] if isinstance(a, dict) else a)
            for i, (para, lang) in enumerate(md_paragraphs(path)):
                if lang == "ar" or ARABIC.search(para):
                    skipped_ar += 1
                    find_rtl(para, texts, "%s: %s, paragraph %d" % (name, os.path.basename(path), i + 1))
                    continue
                find(para, texts, "%s: %s, paragraph %d" % (name, os.path.basename(path), i + 1))
        elif "text" in part:
            t = part["text"]
            t = t.get("text") if isinstance(t, dict) else t
            if isinstance(t, str):
                for para, _ in md_text(t):
                    find(para, texts, "%s: text part" % name)
    check_one_line(lay, base, name, pdf, texts)
    print("ok   %s: %d paragraphs compared%s" % (name, checked - n0,
          ", %d of them Arabic, word by word (find_rtl)" % skipped_ar if skipped_ar else ""))


# ---- one-line texts: running heads, contents, chart labels, the cover ----
# They are shaped and encoded as the body is (docs/scripts.md): every reader
# returns letters, never presentation forms, and the Arabic ones are checked
# as find_rtl checks a paragraph. Running heads are read in the band at the
# top of each page (pdftotext -y 0 -H HEAD_BAND: poppler, reading order),
# where nothing else is; chart titles, series and categories in the whole
# text, where they stand once.
FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
HEAD_BAND = 60  # points from the top: the head and its rule, not the text


def one_line_texts(lay, base):
    """(what, text) of the layout's one-line texts: its classification, its
    sections' titles (the {section} of a running head), its charts'
    titles and categories (a series label is drawn only in a legend)."""
    out = []
    doc = lay.get("document") or {}
    if doc.get("classification"):
        out.append(("classification", doc["classification"]))
    for part in lay.get("parts", []):
        if not isinstance(part, dict):
            continue
        sec = part.get("section")
        if sec:
            out.append(("section title", sec.get("title") if isinstance(sec, dict) else sec))
        ch = part.get("chart")
        if isinstance(ch, dict):
            if ch.get("title"):
                out.append(("chart title", ch["title"]))
            if ch.get("file") and ch.get("category") and ch["file"].endswith(".csv"):
                import csv
                with open(os.path.join(base, ch["file"]), encoding="utf-8") as f:
                    for row in csv.DictReader(f):
                        if row.get(ch["category"]):
                            out.append(("chart category", row[ch["category"]]))
    return [(w, t) for w, t in out if isinstance(t, str) and "{{" not in t]


def check_one_line(lay, base, name, pdf, texts):
    global checked
    raw = {"pdftotext": ["pdftotext", "-q", "-enc", "UTF-8", pdf, "-"],
           "mutool": ["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf]}
    if PDFJS:
        raw["pdf.js"] = ["node", os.path.join(ROOT, "tests", "roundtrip", "pdfjs_text.mjs"), PDFJS, pdf]
    for tool, args in raw.items():
        out = subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")
        m = FORMS.search(out)
        if m:
            i = m.start()
            fail("%s: no presentation forms (%s)" % (name, tool), "found: " + out[max(0, i - 20):i + 20])
    items = one_line_texts(lay, base)
    if not any(ARABIC.search(t) for _, t in items):
        return
    heads = norm(subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", "-y", "0", "-H", str(HEAD_BAND),
                                 "-W", "2000", pdf, "-"], capture_output=True, check=True).stdout.decode("utf-8"))
    n = 0
    for what, t in items:
        if not ARABIC.search(t):
            continue
        n += 1
        checked += 1
        if what in ("classification", "section title"):  # in the running heads
            find_rtl(t, {"pdftotext": heads}, "%s: %s %r in the running heads" % (name, what, t))
        else:
            find_rtl(t, texts, "%s: %s %r" % (name, what, t))
    print("ok   %s: %d Arabic one-line texts compared (running heads, chart labels)" % (name, n))


# ---- generated paragraphs: every ASCII punctuation mark in every position ----
WORDS = {
    "en": ["delegation", "justice", "Kyoto", "report", "agenda", "prevention", "law", "States"],
    "fr": ["délégation", "justice", "Kyoto", "rapport", "été", "prévention", "droit", "États"],
    "es": ["delegación", "justicia", "Kyoto", "informe", "año", "prevención", "derecho", "Estados"],
    "ru": ["делегация", "правосудие", "Киото", "доклад", "повестка", "предупреждение", "право", "государства"],
    "zh": ["代表团", "司法", "京都", "报告", "议程", "预防犯罪", "法治", "会员国"],
    "ar": ["الوفد", "العدالة", "كيوتو", "تقرير", "جدول", "منع", "القانون", "الدول"],
    "vi": ["phái đoàn", "tư pháp", "Kyoto", "báo cáo", "chương trình", "phòng ngừa", "pháp quyền", "Nhà nước"],
}


def generated_text(lang):
    """One paragraph per mark c: c after a space, before a space, alone
    between spaces, at the start and the end of a word, doubled, and the
    Kyoto case ("…" (2021)) for brackets."""
    w = WORDS[lang]
    paras = []
    for k, c in enumerate(PUNCT):
        a, b, d, e = w[k % 8], w[(k + 1) % 8], w[(k + 3) % 8], w[(k + 5) % 8]
        paras.append(f"{a} {c}{b} {d}{c} {e} {c} {a} {c}{c} {b}{c}{c} {c}{d}{c} \"{e}\" {c}{a}{c} {b} {d}.")
    return paras


def md_escape(s):
    return "".join("\\" + ch if ch in PUNCT else ch for ch in s)


def check_generated(tmp):
    fonts = os.path.join(ROOT, "fonts")
    for lang in WORDS:
        paras = generated_text(lang)
        md = os.path.join(tmp, "gen-%s.md" % lang)
        with open(md, "w", encoding="utf-8") as f:
            f.write("---\ntitle: \"%s\"\nlanguage: %s\n---\n" % (lang, lang))
            for p in paras:
                f.write(md_escape(p) + "\n\n")
        layout = os.path.join(tmp, "gen-%s.yaml" % lang)
        with open(layout, "w", encoding="utf-8") as f:
            f.write("fonts: {dir: %s, fallback: [{family: NotoNaskhArabic, scale: 1.2}, DroidSansFallback]}\n"
                    "document: {title: \"Round trip %s\", language: %s}\n"
                    "parts:\n  - article: gen-%s.md\n" % (fonts, lang, lang, lang))
        pdf = os.path.join(tmp, "gen-%s.pdf" % lang)
        if not build(layout, pdf):
            continue
        texts = extract(pdf, reading_order=lang == "ar")
        n0 = checked
        for i, p in enumerate(paras):
            (find_rtl if lang == "ar" else find)(p, texts, "generated %s, mark %r" % (lang, PUNCT[i]))
        print("ok   generated %s: %d paragraphs, every ASCII punctuation mark" % (lang, checked - n0))


# ---- shaped left-to-right text: Devanagari, Thai, Latin ligatures ----
# Conjuncts, vowel signs drawn before their consonant, marks stacked on
# their letters, fi and fl drawn as one glyph (ligatures: true), in the
# running head too, Serbian б in its Serbian form (language: sr): each reader
# must give the source text (docs/scripts.md, "Shaped left-to-right
# scripts"), and no reader a ligature's presentation form (U+FB00-FB06).
SHAPED = {
    "hi": ["अपराध निवारण और आपराधिक न्याय पर चौदहवीं संयुक्त राष्ट्र कांग्रेस मार्च 2021 में जापान के "
           "क्योटो शहर में हुई। सम्मेलन का लक्ष्य सुरक्षा और कानून का राज था, कि सभी देश मिलकर काम करें "
           "और अपराध की रोकथाम के लिए अंतरराष्ट्रीय सहयोग बढ़ाएँ।",
           "महामारी के कारण अधिकांश प्रतिनिधियों ने इंटरनेट के माध्यम से भाग लिया, और केवल कुछ ही प्रतिनिधि "
           "व्यक्तिगत रूप से उपस्थित हुए।"],
    "th": ["การประชุมสหประชาชาติว่าด้วยการป้องกันอาชญากรรมและความยุติธรรมทางอาญา ครั้งที่ 14 "
           "จัดขึ้นที่เมืองเกียวโต ประเทศญี่ปุ่น ในเดือนมีนาคม 2021 ผู้แทนส่วนใหญ่เข้าร่วมทางอินเทอร์เน็ต"
           "เนื่องจากการระบาดของโรค",
           # no space: its lines justified by spreading between clusters
           "การประชุมได้รับรองปฏิญญาเกียวโตซึ่งรัฐสมาชิกได้ตกลงว่าจะส่งเสริมการป้องกันอาชญากรรมและความยุติธรรม"
           "ทางอาญาและหลักนิติธรรมเพื่อบรรลุวาระการพัฒนาที่ยั่งยืนภายในปีสองพันสามสิบการประชุมครั้งนี้มีผู้เข้าร่วม"
           "จากประเทศสมาชิกหลายประเทศและองค์กรระหว่างประเทศหลายแห่งที่ดูแลด้านความยุติธรรมทางอาญา",
           # SARA AM (ำ), drawn as two glyphs, the second of them SARA AA's
           # own glyph: first in the paragraph before any า, after a tone
           # mark (น้ำ), before a letter (ทำงาน) and at a word's end
           "คำแถลงของที่ประชุมกำหนดให้ทุกประเทศทำงานร่วมกันเพื่อนำความยุติธรรมมาสู่ผู้เสียหาย "
           "น้ำใจและความร่วมมือระหว่างประเทศเป็นสิ่งสำคัญที่สุดในการป้องกันอาชญากรรมที่ซับซ้อนในยุคนี้ "
           "ผู้แทนทุกคนยืนยันคำมั่นนี้"],
    "en": ["The official conference office filed fifty briefs; the fluent officers reflect on efficient "
           "workflows, affluent offices and the difficult fiscal figures of the first floor, and the staff "
           "finally find the flaws in the final figures for the fifteenth time."],
    "sr": ["Конгрес Уједињених нација о спречавању криминала одржан је у Кјоту; бројне делегације "
           "биле су присутне путем интернета, а бег од обавеза није био тема."],
}
HEAD = ("Official affairs", "Final figures")


def check_shaped(tmp):
    fonts = os.path.join(ROOT, "fonts")
    layout = os.path.join(tmp, "shaped.yaml")
    with open(layout, "w", encoding="utf-8") as f:
        f.write("fonts: {dir: %s, fallback: [NotoSansDevanagari, NotoSansThai]}\n"
                "document: {title: \"Shaped\", language: en}\n"
                "styles: {body: {ligatures: true}, header: {ligatures: true}}\n"
                "header: {left: \"%s\", right: \"%s\"}\n"
                "parts:\n" % (fonts, HEAD[0], HEAD[1]))
        for lang, paras in SHAPED.items():
            md = os.path.join(tmp, "shaped-%s.md" % lang)
            with open(md, "w", encoding="utf-8") as m:
                m.write("---\ntitle: \"%s\"\nlanguage: %s\n---\n" % (lang, lang))
                for p in paras:
                    m.write(p + "\n\n")
            f.write("  - article: shaped-%s.md\n" % lang)
    pdf = os.path.join(tmp, "shaped.pdf")
    if not build(layout, pdf):
        return
    texts = extract(pdf)
    n0 = checked
    for lang, paras in SHAPED.items():
        for i, p in enumerate(paras):
            find(p, texts, "shaped %s, paragraph %d" % (lang, i + 1))
    for h in HEAD:
        find(h, texts, "shaped: the running head with ligatures")
    raw = subprocess.run(["pdftotext", "-q", pdf, "-"], capture_output=True, check=True).stdout.decode("utf-8")
    if re.search("[\ufb00-\ufb06]", raw):
        fail("shaped: a ligature extracts as its presentation form", raw[:200])
    # a glyph standing for no text of its own maps to WORD JOINER; MuPDF,
    # which follows the pen, must find it in its word's line, not on a line
    # of its own (a mark drawn after the run's other glyphs, the pen moved
    # back to it, gave a line of only WORD JOINERs after the run)
    mu = subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf],
                        capture_output=True, check=True).stdout.decode("utf-8")
    lone = [line for line in mu.splitlines() if "\u2060" in line and not line.replace("\u2060", "").strip()]
    if lone:
        fail("shaped: MuPDF gives %d lines of only WORD JOINER" % len(lone), "%r" % lone[:3])
    print("ok   shaped: %d paragraphs of Hindi, Thai, English with ligatures (and its running head) and Serbian"
          % (checked - n0))


def main():
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        for layout in sorted(os.listdir("layouts")):
            if layout.endswith(".yaml"):
                check_sample(os.path.join(ROOT, "layouts", layout), tmp)
        check_generated(tmp)
        check_shaped(tmp)
    print("round trip: %d paragraphs compared with poppler, MuPDF%s, %d failures"
          % (checked, " and pdf.js" if PDFJS else " (not pdf.js: PDFJS is not set)", len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
