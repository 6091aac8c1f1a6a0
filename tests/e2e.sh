#!/bin/sh
# End-to-end tests: build the sample dossiers and check them with real PDF
# readers (qpdf, poppler's pdftotext/pdffonts/pdfinfo, mutool).
#   DOSSIER=build/release/dossier sh tests/e2e.sh
set -eu
DOSSIER=$(cd "$(dirname "$DOSSIER")" && pwd)/$(basename "$DOSSIER")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '     %s\n' "$2"; return 0; }
check() { # check NAME COMMAND...: ok when the command succeeds
	name=$1; shift
	if "$@" >"$tmp/out" 2>&1; then ok "$name"; else bad "$name" "$(head -5 "$tmp/out")"; fi
}

# pdftotext of one page, joined into one line with single spaces; the bidi
# embedding controls pdftotext wraps right-to-left text in are dropped, and
# Arabic presentation forms (what dossier draws) read as the letters (NFKC)
nobidi() { LC_ALL=C sed 's/\xe2\x80[\xaa-\xae]//g'; }
nfkc() { python3 -c 'import sys, unicodedata; sys.stdout.write(unicodedata.normalize("NFKC", sys.stdin.read()))'; }
# a number in the digits CLDR gives the language (Arabic-Indic for ar)
# (sed's y command counts characters only in a UTF-8 locale: C.UTF-8 is in
# every Debian system, whatever LANG the run has)
digits() { case "$1" in ar*) echo "$2" | LC_ALL=C.UTF-8 sed 'y/0123456789/٠١٢٣٤٥٦٧٨٩/' ;; *) echo "$2" ;; esac; }
page_text() { pdftotext -q -f "$2" -l "$2" "$1" - | nobidi | nfkc | tr '\n\f' '  ' | tr -s ' '; }
# the pages before the one labelled 1 (numbering: pages: roman-front writes
# /PageLabels: i, ii… then 1 from the first section), 0 without labels
label_offset() {
	qpdf --json --json-key=pagelabels "$1" 2>/dev/null | python3 -c '
import json, sys
labels = json.load(sys.stdin).get("pagelabels", [])
print(next((l["index"] for l in labels if l["label"].get("/S") == "/D"), 0))'
}
# the label of page $2 (1-based) when $3 pages come before page 1: ii, 3
page_label() {
	if [ "$2" -le "$3" ]; then
		python3 -c 'import sys
n = int(sys.argv[1]); r = ""
for v, s in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
    while n >= v: r += s; n -= v
print(r)' "$2"
	else
		echo $(($2 - $3))
	fi
}

for layout in layouts/*.yaml; do
	n=$(basename "$layout" .yaml)
	pdf="$tmp/$n.pdf"
	check "$n: builds" "$DOSSIER" build -q "$layout" -o "$pdf"
	[ -f "$pdf" ] || continue
	check "$n: qpdf --check" qpdf --check "$pdf"
	# packed (render/pdf_pack.c): PDF 1.7 (object streams need 1.5; PDF/UA-1
	# is defined on 1.7), a cross-reference stream, most objects in object
	# streams; a silent fallback to libharu's bytes fails
	xr=$(qpdf --show-xref "$pdf" 2>&1)
	ncomp=$(echo "$xr" | grep -c ': compressed; stream = ' || true)
	nall=$(echo "$xr" | grep -c '^[0-9]*/0: ' || true)
	if [ "$(head -c 8 "$pdf")" = "%PDF-1.7" ] && [ "$ncomp" -gt 0 ] && [ $((ncomp * 2)) -gt "$nall" ] && qpdf --show-object=trailer "$pdf" 2>/dev/null | grep -q '/Type /XRef'; then
		ok "$n: objects packed ($ncomp of $nall in object streams)"
	else
		bad "$n: objects packed into object streams" "$(head -c 9 "$pdf"; echo "$xr" | head -3)"
	fi
	check "$n: mutool can render every page" mutool draw -q -o /dev/null "$pdf"
	# kerned text: every line drawn exactly as long as layout measured it
	check "$n: lines drawn as measured (kerning)" python3 tests/tools/flush.py "$layout" "$pdf" "$DOSSIER"

	check "$n: every character drawn from a font that has it" python3 tests/tools/glyphs.py "$pdf" fonts
	# fonts: every one embedded and subset
	fonts=$(pdffonts "$pdf" 2>/dev/null | tail -n +3)
	if [ -n "$fonts" ] && ! echo "$fonts" | awk '$(NF-4)!="yes" || $(NF-3)!="yes" {bad=1} END {exit bad}'; then
		bad "$n: fonts embedded and subset" "$fonts"
	else
		ok "$n: fonts embedded and subset ($(echo "$fonts" | wc -l) faces)"
	fi

	# metadata with non-ASCII text intact, page count
	pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
	title=$(sed -n 's/^  title: *"\(.*\)"$/\1/p' "$layout" | head -1)
	# (the title as typography sets it: curly apostrophes and quotes, no-break spaces;
	# byte for byte, whatever the locale: a bracket of multibyte characters is
	# a set of bytes in the C locale)
	if pdfinfo "$pdf" 2>/dev/null | LC_ALL=C sed "s/’/'/g; s/“/\"/g; s/”/\"/g; s/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g" | grep -qF "Title:           $title"; then ok "$n: title metadata"; else bad "$n: title metadata" "$title"; fi
	kw=$(sed -n 's/^  keywords: *\[\(.*\)\]$/\1/p' "$layout" | tr -d '"' | head -1)
	if [ -z "$kw" ] || pdfinfo "$pdf" 2>/dev/null | grep -qF "Keywords:        $kw"; then ok "$n: keywords metadata"; else bad "$n: keywords metadata" "$kw"; fi
	[ "${pages:-0}" -ge 4 ] && ok "$n: $pages pages" || bad "$n: page count" "$pages"

	# every page after the cover carries "Page X of Y" with the right X and
	# Y, in the words of the document's language (labels/LANG.yaml)
	lang=$(sed -n 's/^  language: *//p' "$layout" | head -1)
	pageof=$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["page-of"])' "labels/${lang:-en}.yaml")
	miss=""
	off=$(label_offset "$pdf")
	p=2
	while [ "$p" -le "$pages" ]; do
		want=$(echo "$pageof" | sed -e "s/{pages}/$(digits "$lang" $((pages - off)))/" \
			-e "s/{page}/$(digits "$lang" "$(page_label "$pdf" "$p" "$off")")/")
		# compared without spaces: right-to-left text extracts in visual
		# order, where poppler places the spaces around numbers loosely
		# (poppler 22.12 may give a right-to-left line's words in
		# visual order, "٦ من ٦ الصفحة": accepted with the words reversed)
		txt=$(page_text "$pdf" "$p" | tr -d ' ')
		rev=$(echo "$want" | awk '{for (i = NF; i > 0; i--) printf "%s", $i}')
		echo "$txt" | grep -qF "$(echo "$want" | tr -d ' ')" || echo "$txt" | grep -qF "$rev" || miss="$miss $p"
		p=$((p + 1))
	done
	[ -z "$miss" ] && ok "$n: Page X of Y on pages 2-$pages" || bad "$n: Page X of Y" "missing on:$miss"

	# the table of contents: every entry's number is the page that has the heading
	# (left to right: "Heading . . . 3"; right to left, as extracted: "Heading 3 . . .",
	# in the language's digits)
	toc=$(pdftotext -q -layout -f 2 -l 2 "$pdf" - | nobidi | nfkc | LC_ALL=C.UTF-8 sed 'y/٠١٢٣٤٥٦٧٨٩/0123456789/' |
		sed -n -e 's/^ *\(.*[^ .]\) *\.[ .]*\([0-9][0-9]*\) *$/\2\t\1/p' \
			-e 's/^ *\(.*[^ .0-9]\) *\([0-9][0-9]*\) *\.[ .]*$/\2\t\1/p')
	nent=$(printf '%s\n' "$toc" | grep -c . || true)
	wrong=""
	tab=$(printf '\t')
	while IFS="$tab" read -r num head; do
		[ -n "$num" ] || continue
		page_text "$pdf" $((num + off)) | tr -d ' ' | grep -qF "$(echo "$head" | tr -d ' ')" || wrong="$wrong [$head -> $num]"
	done <<EOF
$toc
EOF
	if [ "$nent" -ge 3 ] && [ -z "$wrong" ]; then ok "$n: $nent TOC entries point at their pages"
	else bad "$n: TOC page numbers" "entries=$nent wrong:$wrong"; fi

	# bookmarks: one per TOC entry at least, Vietnamese intact when present
	nout=$(mutool show "$pdf" outline 2>/dev/null | grep -c . || true)
	[ "$nout" -ge "$nent" ] && ok "$n: $nout bookmarks" || bad "$n: bookmarks" "$nout < $nent"

	# clickable TOC entries: link annotations on the contents page
	nlinks=$(qpdf --json "$pdf" 2>/dev/null | grep -c '"/Subtype": "/Link"' || true)
	[ "$nlinks" -ge "$nent" ] && ok "$n: TOC links" || bad "$n: TOC links" "$nlinks"
done

# Vietnamese text extracts exactly
a="$tmp/un-congress-2021.pdf"
b="$tmp/human-rights-mechanisms.pdf"
for s in "Bộ Công an" "Hà Nội"; do
	pdftotext -q "$a" - | grep -qF "$s" && ok "extracts '$s'" || bad "extracts '$s'"
done
for s in "Nguyễn Văn Kỳ" "Ngô Đức Thắng"; do
	pdftotext -q "$b" - | grep -qF "$s" && ok "extracts '$s'" || bad "extracts '$s'"
done
# both disagreeing participation figures are shown with their sources
txt=$(pdftotext -q "$a" - | tr '\n' ' ')
echo "$txt" | grep -qF "over 5,600" && echo "$txt" | grep -qF "more than 5,000" &&
	echo "$txt" | grep -qF "Sources differ" && ok "both participation figures shown" || bad "both participation figures shown"
# the Sources list: numbered 1..N in order of first citation, each cited, each listed
check "sources list matches the citations" python3 tests/tools/sources.py "$a" input/un-congress-2021/facts.yaml
# a facts file's 300th source, cited, is in its "Sources:" line like the first
mkdir -p "$tmp/src300"
{
	printf 'sources:\n'
	i=1
	while [ $i -le 300 ]; do printf '  - {id: s%d, title: "Source number %d"}\n' $i $i; i=$((i + 1)); done
	printf 'agenda:\n  - {title: "Opening", source: s1}\n  - {title: "Closing", source: s300}\n'
} >"$tmp/src300/facts.yaml"
printf 'fonts: {dir: %s/fonts}\ndocument: {title: "Sources"}\nparts:\n  - facts: {file: facts.yaml, show: [agenda]}\n' \
	"$PWD" >"$tmp/src300/layout.yaml"
if "$DOSSIER" build -q "$tmp/src300/layout.yaml" -o "$tmp/src300/out.pdf" 2>"$tmp/out"; then
	t=$(pdftotext -q "$tmp/src300/out.pdf" - | tr '\n' ' ' | tr -s ' ')
	echo "$t" | grep -qF "Closing [300]" && echo "$t" | grep -qF "[300] Source number 300." &&
		echo "$t" | grep -qF "Sources: [1] Source number 1; [300]" &&
		ok "the 300th source cited is in the Sources line" || bad "the 300th source cited is in the Sources line" "$t"
else
	bad "the 300th source cited is in the Sources line" "$(head -3 "$tmp/out")"
fi
# long metadata is written whole: keywords of over 1,000 bytes still end
# with the classification
mkdir -p "$tmp/meta"
kwl=$(i=1; while [ $i -le 150 ]; do printf '"keyword%03d", ' $i; i=$((i + 1)); done)
printf 'fonts: {dir: %s/fonts}\ndocument: {title: "Meta", classification: "RESTRICTED", keywords: [%s"last"]}\nparts:\n  - text: "Text."\n' \
	"$PWD" "$kwl" >"$tmp/meta/layout.yaml"
if "$DOSSIER" build -q "$tmp/meta/layout.yaml" -o "$tmp/meta/out.pdf" 2>"$tmp/out"; then
	pdfinfo "$tmp/meta/out.pdf" 2>/dev/null | grep -q "^Keywords: *keyword001, .*keyword150, last, RESTRICTED$" &&
		ok "long keywords written whole, classification last" ||
		bad "long keywords written whole, classification last" "$(pdfinfo "$tmp/meta/out.pdf" 2>&1 | grep Keywords | tail -c 120)"
else
	bad "long keywords written whole, classification last" "$(head -3 "$tmp/out")"
fi
# cross-references ([](#id)) name the page their target is on
check "cross-references name the right pages" python3 tests/tools/xref.py "$a" 2

# footnotes: each reference extracts as its number, and its note is set at
# the foot of the same page; no Markdown footnote syntax is left in the text
pages_a=$(pdfinfo "$a" 2>/dev/null | awk '/^Pages:/ {print $2}')
fn_page() { # fn_page PDF TEXT: the first page whose text has TEXT
	q=1
	while [ "$q" -le "${3:-$pages_a}" ]; do
		page_text "$1" "$q" | grep -qF "$2" && { echo "$q"; return; }
		q=$((q + 1))
	done
}
for pair in "postpone it.1 |1 The UN Information Service release" \
	"keep both in view:2 |2 Over 5,600 delegates is the MPS figure" \
	"in each source.3 |3 In the MPS item, 152 counts"; do
	ref=${pair%%|*}
	note=${pair#*|}
	rp=$(fn_page "$a" "$ref")
	np=$(fn_page "$a" "$note")
	if [ -n "$rp" ] && [ "$rp" = "$np" ]; then ok "footnote '${note%% *}' on the page of its reference ($rp)"
	else bad "footnote '${note%% *}' on the page of its reference" "reference on '$rp', note on '$np'"; fi
done
pdftotext -q "$a" - | grep -qF '[^' && bad "no footnote syntax left in the text" || ok "no footnote syntax left in the text"

# a footnote too long for its page continues at the foot of the next one
mkdir -p "$tmp/fn"
{
	printf -- '---\ntitle: "Footnotes"\n---\n'
	i=0
	while [ $i -lt 7 ]; do
		printf 'Paragraph %d. ' $i
		j=0
		while [ $j -lt 12 ]; do printf 'The delegation met the working group on the draft text. '; j=$((j + 1)); done
		[ $i -eq 4 ] && printf 'Here the long note is referenced.[^long]'
		printf '\n\n'
		i=$((i + 1))
	done
	printf '[^long]: START-OF-NOTE '
	j=0
	while [ $j -lt 60 ]; do printf 'This note is long on purpose, so that it cannot all fit. '; j=$((j + 1)); done
	printf 'END-OF-NOTE.\n'
} >"$tmp/fn/story.md"
printf 'fonts: {dir: %s/fonts}\ndocument: {title: "Footnotes"}\npage: {margins: {top: 22mm, bottom: 22mm, inside: 22mm, outside: 18mm}}\nparts:\n  - article: {file: story.md}\n' "$(pwd)" >"$tmp/fn/layout.yaml"
if "$DOSSIER" build -q "$tmp/fn/layout.yaml" -o "$tmp/fn/out.pdf"; then
	np=$(pdfinfo "$tmp/fn/out.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
	rp=$(fn_page "$tmp/fn/out.pdf" "referenced.1" "$np")
	sp=$(fn_page "$tmp/fn/out.pdf" "1 START-OF-NOTE" "$np")
	ep=$(fn_page "$tmp/fn/out.pdf" "END-OF-NOTE." "$np")
	if [ -n "$rp" ] && [ "$sp" = "$rp" ] && [ -n "$ep" ] && [ "$ep" -gt "$sp" ]; then
		ok "a long footnote starts on its reference's page ($rp) and ends on page $ep"
	else
		bad "a long footnote is split across pages" "reference '$rp', start '$sp', end '$ep'"
	fi
else
	bad "footnote document builds"
fi

# containers (docs/articles.md): nested items show every marker, an empty
# item its number; a code block in a quote keeps the indent and the bar
mkdir -p "$tmp/ct"
printf -- '---\ntitle: "Containers"\n---\n- - foo\n\ntext\n\n1. - 2. bar\n\ntext\n\n2.\n\ntext\n\n>     quoted code\n' >"$tmp/ct/a.md"
printf 'fonts: {dir: %s/fonts}\ndocument: {title: "Containers"}\nheader:\nfooter:\nparts:\n  - article: a.md\n' "$(pwd)" >"$tmp/ct/layout.yaml"
if "$DOSSIER" build -q "$tmp/ct/layout.yaml" -o "$tmp/ct/out.pdf"; then
	pdftotext -q -raw "$tmp/ct/out.pdf" "$tmp/ct/out.txt"
	got=$(tr '\n\f' '||' <"$tmp/ct/out.txt" | sed 's/|*$//')
	want="Containers|• – foo|text|1. – 2. bar|text|2.|text|quoted code"
	[ "$got" = "$want" ] && ok "containers: every marker, nested and empty items included" ||
		bad "containers: every marker, nested and empty items included" "want '$want', got '$got'"
	"$DOSSIER" check "$tmp/ct/layout.yaml" --dump >"$tmp/ct/dump"
	# the code's text: 18 pt in (plus the band's 6) from the title's left
	# edge, beside a 2 pt quote bar that spans its baseline
	if python3 - "$tmp/ct/dump" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
texts = {m.group(4): (float(m.group(1)), float(m.group(2))) for m in
         (re.match(r'  text (\S+) (\S+) w=(\S+) .*"(.*)"$', l) for l in lines) if m}
bars = [tuple(map(float, (m.group(1), m.group(2), m.group(3)))) for m in
        (re.match(r'  rect (\S+) (\S+) 2\.00x(\S+)$', l) for l in lines) if m]
left = texts["Containers"][0]
x, y = texts["quoted code"]
assert abs(x - (left + 24)) < 0.01, (x, left)
assert any(bx < x and by <= y <= by + bh for bx, by, bh in bars), bars
PY
	then ok "containers: code in a quote is indented, with the bar"
	else bad "containers: code in a quote is indented, with the bar" "$(grep -F 'quoted code' "$tmp/ct/dump")"; fi
else
	bad "containers document builds"
fi

# charts: titles, tick labels and value labels are real text on the chart's page
cp=""
p=1
while [ "$p" -le 18 ]; do
	# (the chart's page, not the list of tables and figures)
	if page_text "$a" "$p" | grep -qF "Who was represented at the 14th Congress" &&
		page_text "$a" "$p" | grep -qF "Individual experts"; then cp=$p; break; fi
	p=$((p + 1))
done
if [ -n "$cp" ] && page_text "$a" "$cp" | grep -qF "Individual experts 600" &&
	page_text "$a" "$cp" | grep -qE " 0 100 200 300 400 500 600 "; then
	ok "chart title, value and tick labels extract as text (page $cp)"
else
	bad "chart text" "page '$cp': $(page_text "$a" "${cp:-1}" | head -c 300)"
fi
page_text "$a" 7 | grep -qF "From postponement to follow-up" || page_text "$a" 6 | grep -qF "From postponement to follow-up" &&
	ok "timeline title extracts" || bad "timeline title extracts"

# six languages: every article's letters and digits come out in reading
# order (Arabic shaped and drawn right to left, Chinese, Cyrillic, Latin),
# compared after NFKC (docs/scripts.md, tests/tools/script_text.py)
c="$tmp/six-languages.pdf"
if pdftotext -q "$c" - | python3 tests/tools/script_text.py input/six-languages/*.md >"$tmp/out" 2>&1; then
	ok "six-languages: $(grep -c '^ok' "$tmp/out") articles extract in reading order"
else
	bad "six-languages: text in reading order" "$(grep -v '^ok' "$tmp/out" | head -3)"
fi
# the Arabic is shaped by HarfBuzz from its letters, which extraction gives
# back (no presentation forms), from the Arabic font; the Chinese comes from
# the CJK font
pdftotext -q "$c" - | python3 -c 'import re, sys; t = sys.stdin.read(); sys.exit(not ("\u0627\u0644\u0639\u0631\u0628\u064a\u0629" in t and not re.search("[\ufb50-\ufdff\ufe70-\ufefc]", t)))' &&
	ok "six-languages: Arabic extracts as its letters, no presentation forms" ||
	bad "six-languages: Arabic extracts as its letters, no presentation forms"
for f in NotoNaskhArabic-Regular NotoNaskhArabic-Bold NotoSansCJKsc-Regular NotoSansCJKsc-Bold NotoSerif-Regular NotoSans-Bold; do
	pdffonts "$c" 2>/dev/null | grep -q "+$f[ ,]" && ok "six-languages: $f embedded" || bad "six-languages: $f embedded" "$(pdffonts "$c" 2>/dev/null | tail -n +3)"
done

# shaped left-to-right scripts: Hindi (conjuncts, vowel signs drawn before
# their consonant, marks), Thai (marks stacked on their letters) and English
# with ligatures (fi, fl) come out of poppler and MuPDF as written, each
# sentence on its line (docs/scripts.md, "Shaped left-to-right scripts")
mkdir -p "$tmp/shape"
hi="अपराध निवारण पर संयुक्त राष्ट्र कांग्रेस मार्च 2021 में क्योटो में हुई।"
th="การประชุมจัดขึ้นที่เมืองเกียวโต ประเทศญี่ปุ่น"
en="The office staff filed fifty official briefs."
for l in hi th en; do
	eval "t=\$$l"
	printf -- '---\ntitle: "%s"\nlanguage: %s\n---\n%s\n' "$l" "$l" "$t" >"$tmp/shape/$l.md"
done
cat >"$tmp/shape/layout.yaml" <<EOF
fonts: {dir: $(pwd)/fonts, fallback: [NotoSansDevanagari, NotoSansThai]}
document: {title: "Shaped", language: en}
styles: {body: {ligatures: true}}
parts: [{article: hi.md}, {article: th.md}, {article: en.md}]
EOF
if "$DOSSIER" build -q "$tmp/shape/layout.yaml" -o "$tmp/shape.pdf" 2>"$tmp/out"; then
	pdftotext -q "$tmp/shape.pdf" "$tmp/shape.txt"
	mutool draw -q -F txt -o "$tmp/shape-mu.txt" "$tmp/shape.pdf" 2>/dev/null
	for l in hi th en; do
		eval "t=\$$l"
		grep -qxF "$t" "$tmp/shape.txt" && ok "shaped $l: pdftotext gives the sentence" ||
			bad "shaped $l: pdftotext gives the sentence" "$(grep -v '^$' "$tmp/shape.txt" | head -8 | tr '\n' '|')"
		# MuPDF ends a line with a space
		sed 's/ *$//' "$tmp/shape-mu.txt" | grep -qxF "$t" && ok "shaped $l: mutool gives the sentence" ||
			bad "shaped $l: mutool gives the sentence" "$(grep -v '^$' "$tmp/shape-mu.txt" | head -8 | tr '\n' '|')"
	done
	pdffonts "$tmp/shape.pdf" 2>/dev/null | grep -q "+NotoSansDevanagari-Regular " &&
		pdffonts "$tmp/shape.pdf" 2>/dev/null | grep -q "+NotoSansThai-Regular " &&
		ok "shaped: Noto Sans Devanagari and Thai embedded" || bad "shaped: Noto Sans Devanagari and Thai embedded"
else
	bad "shaped: builds" "$(head -3 "$tmp/out")"
fi

# reproducible: a second build is byte-identical; the committed samples match
"$DOSSIER" build -q layouts/un-congress-2021.yaml -o "$tmp/again.pdf"
cmp -s "$a" "$tmp/again.pdf" && ok "rebuild is byte-identical" || bad "rebuild is byte-identical"
for layout in layouts/*.yaml; do
	n=$(basename "$layout" .yaml)
	if [ -f "samples/$n.pdf" ]; then
		cmp -s "samples/$n.pdf" "$tmp/$n.pdf" && ok "samples/$n.pdf is up to date" ||
			bad "samples/$n.pdf is up to date" "run 'make sample' and commit the PDF"
	fi
done

# line-breaking quality (docs/layout.md#quality-counts): no overfull lines,
# widows or orphans in the samples, and total fit leaves fewer loose lines
# than first fit on the same text
for layout in layouts/*.yaml; do
	n=$(basename "$layout" .yaml)
	q=$("$DOSSIER" check --quality=json "$layout")
	g=$("$DOSSIER" check --quality=json --linebreak=greedy "$layout")
	num() { echo "$1" | sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p"; }
	[ "$(num "$q" overfull)" = 0 ] && [ "$(num "$q" widows)" = 0 ] && [ "$(num "$q" orphans)" = 0 ] &&
		ok "$n: no overfull lines, widows or orphans" || bad "$n: no overfull lines, widows or orphans" "$q"
	[ "$(num "$q" underfull_pages)" = 0 ] && ok "$n: no page under two-thirds full before an unforced break" ||
		bad "$n: underfull pages" "$q"
	[ "$(num "$q" loose)" -lt "$(num "$g" loose)" ] && [ "$(num "$g" overfull)" = 0 ] &&
		ok "$n: fewer loose lines by total fit ($(num "$q" loose)) than by first fit ($(num "$g" loose))" ||
		bad "$n: fewer loose lines by total fit than by first fit" "$q / $g"
done
"$DOSSIER" check --quality layouts/un-congress-2021.yaml | grep -q '^  widows  *0$' &&
	ok "check --quality prints a table" || bad "check --quality prints a table"

# long tables (docs/statistics.md#widths): the widest values in the last rows,
# the total wider still; every cell read back whole from every page, the same
# number of rows on each page (tests/tools/long_table.py). 100,000 rows are
# read with mutool: pdftotext takes 20 s over their 2,700 pages. Under
# valgrind (make memcheck) they would take minutes: the release and sanitizer
# runs check them, memcheck the first two sizes.
long_rows="10 10000 100000"
case $DOSSIER in */tests/memcheck/dossier) long_rows="10 10000" ;; esac
for rows in $long_rows; do
	reader=pdftotext
	[ "$rows" -gt 10000 ] && reader=mutool
	check "long table, $rows rows: no cell cut, rows per page constant" \
		python3 tests/tools/long_table.py "$DOSSIER" "$tmp/long-$rows" "$rows" "$reader"
done

# atomic output: a failed build leaves the previous PDF untouched
cp "$a" "$tmp/keep.pdf"
printf 'dossier: 1\ndocument: {title: x}\nparts: [{artcle: {}}]\n' >"$tmp/bad.yaml"
if "$DOSSIER" build -q "$tmp/bad.yaml" -o "$tmp/keep.pdf" 2>/dev/null; then bad "failed build exits non-zero"; else ok "failed build exits non-zero"; fi
cmp -s "$a" "$tmp/keep.pdf" && ok "failed build keeps the old PDF" || bad "failed build keeps the old PDF"
ls -A "$tmp" | grep -q '^\.keep\.pdf\.dossier-tmp\.\|^keep\.pdf\.tmp\.' && bad "no temporary file left" || ok "no temporary file left"
# an unwritable output directory: exit 3, nothing written
st=0
"$DOSSIER" build -q layouts/un-congress-2021.yaml -o "$tmp/no/such/dir/x.pdf" 2>/dev/null || st=$?
[ "$st" -eq 3 ] && ok "unwritable output exits 3" || bad "unwritable output exits 3" "status $st"

# check writes nothing; --help and --version answer
( cd "$tmp" && "$DOSSIER" check -q "$OLDPWD/layouts/un-congress-2021.yaml" ) && [ ! -e "$tmp/un-congress-2021.pdf.x" ] && ok "check succeeds" || bad "check succeeds"
"$DOSSIER" --help | grep -q "Exit status" && ok "--help" || bad "--help"
"$DOSSIER" --version | grep -q "libharu 2.3.0" && ok "--version names libharu" || bad "--version"
"$DOSSIER" deps layouts/un-congress-2021.yaml | grep -q "overview.md" && ok "deps lists the articles" || bad "deps"

# confidential dossiers (docs/layout.md, security): RC4 128-bit encryption,
# passwords from the environment and a file, the classification on every page
mkdir -p "$tmp/sec"
cat >"$tmp/sec/layout.yaml" <<EOF
fonts: {dir: $PWD/fonts}
document: {title: "Confidential", classification: "RESTRICTED", keywords: [kyoto]}
security: {user-password-env: E2E_USER_PW, owner-password-file: owner.pw, permissions: [print]}
parts:
  - cover
  - toc
  - section: "One"
  - text: "The first page of text."
  - pagebreak
  - section: "Two"
  - text: "The second page of text."
EOF
printf 'owner-e2e-pw\n' >"$tmp/sec/owner.pw"
sec="$tmp/sec/out.pdf"
check "security: builds" env E2E_USER_PW=user-e2e-pw "$DOSSIER" build -q "$tmp/sec/layout.yaml" -o "$sec"
if [ -f "$sec" ]; then
	qpdf --show-encryption --password=user-e2e-pw "$sec" >"$tmp/enc" 2>&1 || true
	grep -q "^R = 3" "$tmp/enc" && grep -q "print high resolution: allowed" "$tmp/enc" &&
		grep -q "extract for any purpose: not allowed" "$tmp/enc" &&
		grep -q "modify anything: not allowed" "$tmp/enc" &&
		ok "security: RC4 128-bit (R3), print allowed, copy and modify denied" ||
		bad "security: encryption and permissions" "$(head -12 "$tmp/enc")"
	check "security: qpdf --decrypt with the user password" qpdf --decrypt --password=user-e2e-pw "$sec" "$tmp/dec.pdf"
	check "security: qpdf --decrypt with the owner password" qpdf --decrypt --password=owner-e2e-pw "$sec" "$tmp/dec2.pdf"
	if pdftotext -q "$sec" - >/dev/null 2>&1; then bad "security: pdftotext without the password fails"; else ok "security: pdftotext without the password fails"; fi
	if qpdf --decrypt --password=wrong "$sec" "$tmp/dec3.pdf" >/dev/null 2>&1; then bad "security: a wrong password fails"; else ok "security: a wrong password fails"; fi
	pdftotext -q -upw user-e2e-pw "$sec" - | grep -q "second page of text" && ok "security: pdftotext with the password reads the text" || bad "security: pdftotext with the password"
	grep -q "user-e2e-pw\|owner-e2e-pw" "$sec" && bad "security: no password in the PDF" || ok "security: no password in the PDF"
	# encrypted per object number: left as libharu wrote it, not packed
	qpdf --show-xref --password=user-e2e-pw "$sec" 2>&1 | grep -q ': compressed;' &&
		bad "security: not packed into object streams" || ok "security: not packed into object streams"
	# the marking at the top and bottom of every page, the cover included
	spages=$(pdfinfo -upw user-e2e-pw "$sec" 2>/dev/null | awk '/^Pages:/ {print $2}')
	miss=""
	p=1
	while [ "$p" -le "${spages:-0}" ]; do
		t=$(pdftotext -q -upw user-e2e-pw -f "$p" -l "$p" "$sec" - | grep -c "^RESTRICTED$" || true)
		[ "$t" -ge 2 ] || miss="$miss $p"
		p=$((p + 1))
	done
	[ "${spages:-0}" -ge 3 ] && [ -z "$miss" ] && ok "classification: top and bottom of all $spages pages" ||
		bad "classification on every page" "pages $spages, missing on:$miss"
	pdfinfo -upw user-e2e-pw "$sec" 2>/dev/null | grep -q "^Keywords: *kyoto, RESTRICTED$" &&
		ok "classification: in the keywords metadata" || bad "classification: in the keywords metadata"
fi

# nothing dropped by a fixed-size table: the 300th source of a facts file is
# listed after the part that cites it, and a timeline event's long note is
# drawn whole
mkdir -p "$tmp/many"
{
	echo "sources:"
	i=1
	while [ "$i" -le 300 ]; do
		echo "  - {id: s$i, title: \"Report number $i\", publisher: \"Pub\"}"
		i=$((i + 1))
	done
	echo "outcomes:"
	echo "  - {title: \"The last outcome\", text: \"Agreed.\", source: s300}"
} >"$tmp/many/facts.yaml"
note=$(printf '%.0sé' $(seq 1 70))
cat >"$tmp/many/layout.yaml" <<EOF
fonts: {dir: $PWD/fonts}
document: {title: "Nothing dropped"}
page: {margins: {inside: 22mm, outside: 18mm}}
parts:
  - facts: {file: facts.yaml, show: [outcomes]}
  - chart:
      type: timeline
      events:
        - {label: "Opening", date: 2021-03-07, note: "$note and the end"}
        - {label: "Close", date: 2021-03-12}
EOF
if "$DOSSIER" build -q "$tmp/many/layout.yaml" -o "$tmp/many/out.pdf" >"$tmp/out" 2>&1; then
	pdftotext -q "$tmp/many/out.pdf" - | tr '\n' ' ' >"$tmp/many.txt"
	grep -q "Sources: \[300\] Report number 300" "$tmp/many.txt" && ok "the 300th source is listed" ||
		bad "the 300th source is listed" "$(head -c 300 "$tmp/many.txt")"
	grep -q "é and the end)" "$tmp/many.txt" && ok "a timeline note is drawn whole" ||
		bad "a timeline note is drawn whole" "$(head -c 300 "$tmp/many.txt")"
else
	bad "nothing dropped: builds" "$(head -5 "$tmp/out")"
fi

# one font-selection path: a code block takes a character its face lacks
# from the fallback font; the third-level bullet, which no font of the
# repository has, is drawn as a stand-in the font has; a code line longer
# than a PDF string is shown in pieces
mkdir -p "$tmp/fb"
python3 - "$tmp/fb" "$(pwd)/fonts" <<'PY'
import sys
d, fonts = sys.argv[1:3]
open(d + "/layout.yaml", "w").write(
    "fonts: {dir: %s, fallback: [DroidSansFallback]}\n"
    "document: {title: \"Fallback fonts\"}\n"
    "parts:\n  - article: a.md\n" % fonts)
open(d + "/a.md", "w").write(
    "---\ntitle: Fallback\n---\n\nText.\n\n```\ncode \u4e2d\u6587 ok\n" + "x" * 70000 +
    "\n```\n\n- one\n  - two\n    - three\n")
PY
fb="$tmp/fb/out.pdf"
check "fallback: builds (a 70,000-byte code line included)" "$DOSSIER" build -q "$tmp/fb/layout.yaml" -o "$fb"
if [ -f "$fb" ]; then
	check "fallback: qpdf --check" qpdf --check "$fb"
	pdftotext -q "$fb" - | grep -q "^code 中文 ok" && ok "fallback: the code line extracts as written" ||
		bad "fallback: the code line extracts as written" "$(pdftotext -q "$fb" - | grep code)"
	pdffonts "$fb" 2>/dev/null | grep -q "DroidSansFallback *CID TrueType *Identity-H *yes yes" &&
		ok "fallback: the fallback font embedded" || bad "fallback: the fallback font embedded"
	check "fallback: 中文 from the fallback font, the third-level bullet one the font has" \
		python3 tests/tools/glyphs.py "$fb" fonts 中 文 • – ‣ '!◦'
fi

# SVG images: drawn as vector paths (no image XObject), sized and aligned as
# asked, in an article, on the cover (in the band) and in the running header
mkdir -p "$tmp/svg"
cp input/un-congress-2021/emblem.svg "$tmp/svg/emblem.svg"
cat >"$tmp/svg/layout.yaml" <<EOF
fonts: {dir: $(pwd)/fonts}
document: {title: "SVG images", organisation: "Sample"}
header: {left: "{title}", logo: emblem.svg, logo-height: 14pt}
parts:
  - cover: {image: emblem.svg, image-position: band, image-width: 15mm}
  - article: a.md
EOF
printf -- '---\ntitle: Emblems\n---\n\nText.\n\n![Right](emblem.svg){#fig:e width=40mm align=right}\n\n![Left](emblem.svg){height=20mm align=left}\n\n![Clipped](clip.svg)\n' >"$tmp/svg/a.md"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><clipPath id="c"><circle cx="50" cy="50" r="40"/></clipPath><rect width="100" height="100" fill="#c33" clip-path="url(#c)"/><path d="M0 90 L100 90" stroke="#000" stroke-width="4" stroke-opacity="0.5"/></svg>\n' >"$tmp/svg/clip.svg"
sp="$tmp/svg/out.pdf"
check "svg: builds" "$DOSSIER" build -q "$tmp/svg/layout.yaml" -o "$sp"
if [ -f "$sp" ]; then
	check "svg: qpdf --check" qpdf --check "$sp"
	n=$(pdfimages -list "$sp" 2>/dev/null | tail -n +3 | wc -l)
	[ "$n" -eq 0 ] && ok "svg: no raster image in the PDF" || bad "svg: no raster image in the PDF" "$n images"
	for p in 1 2; do
		tr=$(mutool draw -F trace -o - "$sp" $p 2>/dev/null)
		if echo "$tr" | grep -q '<fill_path' && echo "$tr" | grep -q '<stroke_path' &&
			! echo "$tr" | grep -q '<fill_image'; then
			ok "svg: page $p draws the emblem as filled and stroked paths"
		else
			bad "svg: page $p draws the emblem as filled and stroked paths"
		fi
	done
	mutool draw -F trace -o - "$sp" 2 2>/dev/null | grep -q '<clip_path' &&
		ok "svg: a clip path in the SVG clips in the PDF" || bad "svg: a clip path in the SVG clips in the PDF"
	qpdf --qdf --object-streams=disable "$sp" - 2>/dev/null | grep -aq '/CA 0.5' &&
		ok "svg: a translucent stroke is drawn translucent (/CA 0.5)" || bad "svg: a translucent stroke is drawn translucent (/CA 0.5)"
	"$DOSSIER" check "$tmp/svg/layout.yaml" --dump >"$tmp/svg/dump"
	if python3 - "$tmp/svg/dump" <<'PY'
import re, sys
pages, cur = {}, None
for line in open(sys.argv[1]):
    m = re.match(r"page (\d+)", line)
    if m:
        cur = int(m.group(1)); pages[cur] = set(); continue
    m = re.match(r"\s+path ([\d.]+) ([\d.]+) ([\d.]+)x([\d.]+)", line)
    if m and cur:
        pages[cur].add(tuple(float(v) for v in m.groups()))
mm = 72 / 25.4
left, right = 99.21, 99.21 + 396.85  # the default margins: 35 mm each side
ratio = 260 / 240
def near(a, b): return abs(a - b) < 0.05
def has(page, test, what):
    if not any(test(*b) for b in pages.get(page, ())):
        print("missing:", what, sorted(pages.get(page, ()))); sys.exit(1)
# cover: 15 mm wide, at the right end of the band at the top of the page
has(1, lambda x, y, w, h: near(w, 15 * mm) and near(h, 15 * mm * ratio) and near(x + w, right) and y > 841.89 - 78, "cover emblem in the band")
# article: 40 mm wide at the right; 20 mm high at the left
has(2, lambda x, y, w, h: near(w, 40 * mm) and near(h, 40 * mm * ratio) and near(x + w, right), "40 mm emblem, right")
has(2, lambda x, y, w, h: near(h, 20 * mm) and near(w, 20 * mm / ratio) and near(x, left), "20 mm emblem, left")
# running header: 14 pt high at the left end
has(2, lambda x, y, w, h: near(h, 14) and near(x, left) and y > 780, "header logo")
PY
	then ok "svg: width, height, align and places from check --dump"
	else bad "svg: width, height, align and places from check --dump" "$(grep path "$tmp/svg/dump" | sort -u | head -8)"; fi
fi

# inputs as people have them: a semicolon CSV (Excel in a French or
# Vietnamese locale) and a tab CSV, each detected; a UTF-16 CSV and a
# UTF-16 layout (with byte-order marks), a UTF-8 article with its mark, and
# a page size written in lower case
mkdir -p "$tmp/in"
python3 - "$tmp/in" "$(pwd)/fonts" <<'PY'
import sys
d, fonts = sys.argv[1:3]
open(d + "/semi.csv", "w").write("pays;d\u00e9l\u00e9gu\u00e9s\nSemicolonland;41\nSemiRow;42\n")
open(d + "/tab.csv", "w").write("country\tdelegates\nTabland\t43\n")
open(d + "/wide.csv", "wb").write("\ufeffcountry,delegates\nWideland \u00c9t\u00e9,44\n".encode("utf-16-le"))
open(d + "/a.md", "wb").write("\ufeff---\ntitle: Marked article\n---\n\nBody after a mark.\n".encode())
layout = ("fonts: {dir: %s}\n"
          "document: {title: \"Wide layout \u0110\u00e0 N\u1eb5ng\"}\n"
          "page: {size: a4}\n"
          "parts:\n"
          "  - table: {file: semi.csv, caption: Semicolons}\n"
          "  - table: {file: tab.csv, caption: Tabs}\n"
          "  - table: {file: wide.csv, caption: Wide}\n"
          "  - chart: {type: bar, file: semi.csv, category: pays, series: [d\u00e9l\u00e9gu\u00e9s]}\n"
          "  - article: a.md\n" % fonts)
open(d + "/layout.yaml", "wb").write(("\ufeff" + layout).encode("utf-16-be"))
PY
inp="$tmp/in/out.pdf"
check "inputs: semicolon, tab and UTF-16 CSV, UTF-16 layout, size a4: builds" "$DOSSIER" build -q "$tmp/in/layout.yaml" -o "$inp"
if [ -f "$inp" ]; then
	t=$(pdftotext -q "$inp" - | tr '\n' ' ' | tr -s ' ')
	for w in "Semicolonland 41" "Tabland 43" "Wideland Été 44" "Wide layout Đà Nẵng" "Body after a mark" "Marked article"; do
		case $t in
		*"$w"*) ok "inputs: the PDF shows '$w'" ;;
		*) bad "inputs: the PDF shows '$w'" "$(echo "$t" | cut -c1-300)" ;;
		esac
	done
	size=$(pdfinfo "$inp" | sed -n 's/^Page size: *//p')
	case $size in 595.2*x\ 841.8*) ok "inputs: size a4 gives A4 ($size)" ;; *) bad "inputs: size a4 gives A4" "$size" ;; esac
fi

# the theme: a layout's styles set the colours the layout draws (the table
# header's band, the zebra rows); without them, the built-in navy and grey
mkdir -p "$tmp/theme"
cp tests/visual/cases/tables.csv "$tmp/theme/"
theme_pdf() { # theme_pdf NAME STYLES: the PDF's content, uncompressed
	printf 'dossier: 1\ndocument: {title: "Theme", language: en}\nfonts: {dir: %s/fonts}\n%s\nparts:\n  - table: {file: tables.csv, caption: "Theme", zebra: true%s}\n' \
		"$(pwd)" "$2" "${3:-}" >"$tmp/theme/$1.yaml"
	"$DOSSIER" build -q "$tmp/theme/$1.yaml" -o "$tmp/theme/$1.pdf" &&
		qpdf --qdf --object-streams=disable "$tmp/theme/$1.pdf" "$tmp/theme/$1.q.pdf" &&
		grep -a ' rg$' "$tmp/theme/$1.q.pdf" | sort -u
}
got=$(theme_pdf set 'styles: {table-header: {background: "#AA0000"}, table: {zebra: "#00AA00"}}')
case $got in
*"0.66667 0 0 rg"*"0 0.66667 0 rg"* | *"0 0.66667 0 rg"*"0.66667 0 0 rg"*)
	case $got in
	*"0.95294 0.96471 0.98039 rg"*) bad "theme: the built-in zebra is gone when the layout sets one" "$got" ;;
	*) ok "theme: the table header and zebra colours a layout sets are drawn" ;;
	esac ;;
*) bad "theme: the table header and zebra colours a layout sets are drawn" "$got" ;;
esac
got=$(theme_pdf default '')
case $got in
*"0.12157 0.22745 0.37255 rg"*"0.95294 0.96471 0.98039 rg"*) ok "theme: without styles, the built-in navy header and grey zebra" ;;
*) bad "theme: without styles, the built-in navy header and grey zebra" "$got" ;;
esac
# a total row's fill: the built-in #E4EAF2, or the table style's total-background
got=$(theme_pdf total-default '' ', total: true')
case $got in
*"0.89412 0.91765 0.94902 rg"*) ok "theme: a total row has the built-in fill" ;;
*) bad "theme: a total row has the built-in fill" "$got" ;;
esac
got=$(theme_pdf total-set 'styles: {table: {total-background: "#0000AA"}}' ', total: true')
case $got in
*"0.89412 0.91765 0.94902 rg"*) bad "theme: total-background replaces the built-in total fill" "$got" ;;
*"0 0 0.66667 rg"*) ok "theme: total-background replaces the built-in total fill" ;;
*) bad "theme: total-background replaces the built-in total fill" "$got" ;;
esac

# more pages than a PDF array of libharu holds (32,767): a page tree
python3 - "$tmp/big.yaml" "$(pwd)/fonts" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("fonts: {dir: %s}\ndocument: {title: \"Pages\"}\nparts:\n" % sys.argv[2])
    for i in range(33000):
        f.write('  - text: "p%d"\n  - pagebreak\n' % i)
PY
check "33,000 pages: builds" "$DOSSIER" build -q "$tmp/big.yaml" -o "$tmp/big.pdf"
[ -f "$tmp/big.pdf" ] && check "33,000 pages: qpdf --check" qpdf --check "$tmp/big.pdf"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
