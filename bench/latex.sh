#!/bin/sh
# bench/latex.sh — the same article set by dossier and by LaTeX, side by side.
#
# Takes the body paragraphs and headings of input/un-congress-2021/overview.md
# (lists, quotes and footnotes left out, which the two would set differently),
# writes them once as a dossier article and once as a LaTeX document with the
# same page, margins, size (10.5/14 pt) and language, builds both, and puts
# page 1 of each side by side in build/bench/latex/compare.png; prints
# dossier's quality counts and LaTeX's overfull and underfull warnings.
# Needs pdflatex (Debian: texlive-latex-base, texlive-latex-recommended,
# lmodern) and ImageMagick's montage; neither is a dependency of dossier.
#   DOSSIER=build/release/dossier sh bench/latex.sh
set -eu
: "${DOSSIER:=build/release/dossier}"
case $DOSSIER in /*) ;; *) DOSSIER=$(pwd)/$DOSSIER ;; esac
command -v pdflatex >/dev/null || { echo "latex.sh: pdflatex is not installed" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/build/bench/latex
rm -rf "$out" && mkdir -p "$out"
python3 - "$repo/input/un-congress-2021/overview.md" "$out" "$repo/fonts" <<'PY'
import re, sys
src, out, fonts = sys.argv[1], sys.argv[2], sys.argv[3]
body = open(src, encoding='utf-8').read().split('---', 2)[2]
md, tex = [], []
for p in (p.strip() for p in body.split('\n\n')):
    if not p or p[0] in '[>-|!':
        continue
    if p.startswith('#'):
        t = p.lstrip('#').strip()
        md.append('### ' + t)
        tex.append('\\subsection*{%s}' % t)
        continue
    p = re.sub(r'\[\^[^\]]+\]', '', p)
    md.append(p)
    t = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', p).replace('&', '\\&').replace('%', '\\%')
    t = re.sub(r'\*\*(.+?)\*\*', r'\\textbf{\1}', t)
    t = re.sub(r'\*(.+?)\*', r'\\emph{\1}', t)
    tex.append(t.replace('–', '--').replace('—', '---'))
open(out + '/a.md', 'w', encoding='utf-8').write('---\ntitle: "Overview"\n---\n' + '\n\n'.join(md) + '\n')
open(out + '/d.yaml', 'w').write('fonts: {dir: %s}\ndocument: {title: "Comparison", language: en}\n'
    'page: {size: A4, margins: {top: 90pt, bottom: 90pt, inside: 56.7pt, outside: 56.7pt}}\n'
    'parts:\n  - article: {file: a.md}\n' % fonts)
open(out + '/o.tex', 'w', encoding='utf-8').write(r'''\documentclass{article}
\usepackage[T1]{fontenc}\usepackage[utf8]{inputenc}\usepackage{lmodern}
\usepackage[paperwidth=595.276bp,paperheight=841.89bp,left=56.7bp,right=56.7bp,top=90bp,bottom=90bp]{geometry}
\usepackage[english]{babel}\pagestyle{empty}
\setlength{\parindent}{0pt}\setlength{\parskip}{6pt}
\begin{document}\fontsize{10.5}{14}\selectfont
''' + '\n\n'.join(tex) + '\n\\end{document}\n')
PY
cd "$out"
"$DOSSIER" build -q d.yaml -o d.pdf --allow-path "$repo/fonts"
"$DOSSIER" check --quality d.yaml --allow-path "$repo/fonts"
pdflatex -interaction=nonstopmode o.tex >/dev/null 2>&1 || true
echo "LaTeX: $(grep -c '^Overfull' o.log || true) overfull, $(grep -c '^Underfull' o.log || true) underfull boxes"
pdftoppm -q -r 80 -png -f 1 -l 1 o.pdf latex
pdftoppm -q -r 80 -png -f 1 -l 1 d.pdf dossier
if command -v montage >/dev/null; then
	montage latex-1.png dossier-1.png -tile 2x1 -geometry +8+0 -background gray60 compare.png
	echo "side by side: $out/compare.png (LaTeX left, dossier right)"
fi
