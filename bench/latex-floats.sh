#!/bin/sh
# bench/latex-floats.sh — page fill and floats: the Congress overview, with
# its tables and charts, set by dossier and by LaTeX, page by page.
#
# Takes the whole of input/un-congress-2021/overview.md (headings, paragraphs,
# lists, the quote, the footnotes) and the five exhibits the Congress sample
# sets near it (the regional-meetings table, the timeline, the attendance
# chart, the participation table and chart). dossier sets the article in
# pieces with each exhibit as a part right after the paragraph that first
# refers to it; LaTeX sets the same text with each exhibit as a
# \begin{figure}/\begin{table}[tbp] float at the same place, drawn as a grey
# box of the height dossier gives that exhibit (measured from a page that
# holds it alone). Same page (A4), margins (90/90/56.7/56.7 pt), size and
# leading (10.5/14 pt), no running heads.
#
# Writes build/bench/latex/floats-TEX/{d.pdf,o.pdf,page-N.png,fill.txt}: per page
# the fill of the text area, pages under 40%, where each float landed
# against the page of its reference, and short paragraphs split over pages.
# Needs pdflatex (Debian: texlive-latex-base, texlive-latex-recommended,
# lmodern) or xelatex (texlive-xetex), pdftoppm and pdftotext
# (poppler-utils), python3 and ImageMagick's montage; none is a dependency
# of dossier.
#   DOSSIER=build/release/dossier sh bench/latex-floats.sh
set -eu
: "${DOSSIER:=build/release/dossier}"
case $DOSSIER in /*) ;; *) DOSSIER=$(pwd)/$DOSSIER ;; esac
# TEX=xelatex sets the LaTeX side in dossier's body face (Noto Serif, from
# fonts/), as dossier does; pdflatex in Latin Modern, whose lines hold more.
if [ -z "${TEX:-}" ]; then
	if command -v xelatex >/dev/null; then TEX=xelatex; else TEX=pdflatex; fi
fi
command -v "$TEX" >/dev/null || { echo "latex-floats.sh: $TEX is not installed" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/bench/latex/floats-$TEX
rm -rf "$out" && mkdir -p "$out/x"
in=$repo/input/un-congress-2021

# The five exhibits as dossier layout parts; the anchor is a phrase of the
# paragraph (or list) they follow, which is their first reference.
cat > "$out/exhibits.yaml" <<EOF
- anchor: "they are therefore left out of this dossier"
  kind: table
  title: "Regional preparatory meetings held by UNODC in 2019"
  part: |
    - table:
        file: $in/regional-meetings.csv
        caption: "Regional preparatory meetings held by UNODC in 2019"
        columns:
          - {key: city, label: "City"}
          - {key: country, label: "Country"}
          - {key: region, label: "Region"}
          - {key: year, label: "Year", type: text}
          - {key: meetings, label: "Meetings", type: integer}
          - {key: source, label: "Source"}
        total: {label: "Total", columns: [meetings]}
- anchor: "supported the sessions from Kyoto, Vienna and New York"
  kind: figure
  title: "From postponement to follow-up"
  part: |
    - chart:
        type: timeline
        title: "From postponement to follow-up"
        facts: $in/facts.yaml
        source: "un-qa; unis-2021-03-12"
- anchor: "and several UN entities and institutes"
  kind: figure
  title: "Two published attendance figures, side by side"
  part: |
    - chart:
        type: hbar
        file: $in/attendance.csv
        category: source
        series: [{key: reported, label: "Reported attendance", qualifier: qualifier}]
        title: "Two published attendance figures, side by side"
        subtitle: "Over 5,600 (11 March) and more than 5,000 (12 March); neither is preferred"
        value-labels: true
        height: 70pt
        source: "mps-2021-03-11; unis-2021-03-12"
- anchor: "makes no attempt to reconcile them"
  kind: table
  title: "Representation by category (UN Information Service, 12 March 2021)"
  part: |
    - table:
        file: $in/participation.csv
        caption: "Representation by category (UN Information Service, 12 March 2021)"
        columns:
          - {key: category, label: "Category"}
          - {key: count, label: "Number", type: integer}
          - {key: note, label: "Note"}
          - {key: source, label: "Source"}
- anchor: "makes no attempt to reconcile them"
  kind: figure
  title: "Who was represented at the 14th Congress"
  part: |
    - chart:
        type: hbar
        file: $in/participation.csv
        category: category
        series: [{key: count, label: "Number represented"}]
        title: "Who was represented at the 14th Congress"
        subtitle: "Kyoto, 7-12 March 2021; categories are not added up"
        value-labels: true
        source: unis-2021-03-12
EOF

python3 "$repo/bench/latex-floats.py" prepare "$in/overview.md" "$out" "$repo/fonts"
cd "$out"
# Each exhibit alone on a page, to measure the height dossier gives it.
for y in x/ex-*.yaml; do
	"$DOSSIER" build -q "$y" -o "${y%.yaml}.pdf" --allow-path "$repo/fonts" --allow-path "$in"
	pdftoppm -q -r 72 -gray -f 1 -l 1 "${y%.yaml}.pdf" "${y%.yaml}"
done
python3 "$repo/bench/latex-floats.py" latex "$out" "$TEX" "$repo/fonts"
"$DOSSIER" build -q d.yaml -o d.pdf --allow-path "$repo/fonts" --allow-path "$in"
"$DOSSIER" check --quality d.yaml --allow-path "$repo/fonts" --allow-path "$in" > quality.txt 2>&1 || true
for i in 1 2; do "$TEX" -interaction=nonstopmode o.tex >/dev/null 2>&1 || true; done
echo "LaTeX ($TEX): $(grep -c '^Overfull' o.log || true) overfull, $(grep -c '^Underfull' o.log || true) underfull boxes"
rm -f x/d-*.pgm x/o-*.pgm
pdftoppm -q -r 72 -gray d.pdf x/d
pdftoppm -q -r 72 -gray o.pdf x/o
python3 "$repo/bench/latex-floats.py" measure "$out" | tee fill.txt
if command -v montage >/dev/null; then
	nd=$(pdfinfo d.pdf | sed -n 's/^Pages: *//p')
	no=$(pdfinfo o.pdf | sed -n 's/^Pages: *//p')
	n=$((nd > no ? nd : no))
	i=1
	while [ "$i" -le "$n" ]; do
		l=null: r=null:
		if [ "$i" -le "$no" ]; then
			pdftoppm -q -r 60 -png -f "$i" -l "$i" -singlefile o.pdf "x/op-$i" && l=x/op-$i.png
		fi
		if [ "$i" -le "$nd" ]; then
			pdftoppm -q -r 60 -png -f "$i" -l "$i" -singlefile d.pdf "x/dp-$i" && r=x/dp-$i.png
		fi
		montage -font "$repo/fonts/NotoSans-Regular.ttf" -pointsize 18 -label "LaTeX p$i" "$l" \
			-label "dossier p$i" "$r" -tile 2x1 -geometry 496x702+8+4 -background gray60 "page-$i.png"
		i=$((i + 1))
	done
	echo "side by side: $out/page-N.png (LaTeX left, dossier right)"
fi
