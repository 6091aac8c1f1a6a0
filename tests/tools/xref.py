#!/usr/bin/env python3
"""xref.py PDF MIN — are the cross-references right?

Finds every written-out reference in the text ("Figure 3 on page 12",
"the table “Key figures” on page 4", "“The Kyoto Declaration…” on page 10")
and checks that the page named holds the figure's caption or the quoted
title. Fails when one is wrong, when one still reads "page ?", or when
fewer than MIN references are found.
"""
import re
import subprocess
import sys

def pages(pdf):
    out = subprocess.run(['pdftotext', '-q', pdf, '-'], capture_output=True, text=True, check=True).stdout
    return [' '.join(p.split()) for p in out.split('\f')]

def offset(pdf):
    """The pages before the one labelled 1 (numbering: pages: roman-front
    writes /PageLabels: i, ii… then 1), 0 without labels."""
    import json
    out = subprocess.run(['qpdf', '--json', '--json-key=pagelabels', pdf], capture_output=True, text=True).stdout
    labels = json.loads(out or '{}').get('pagelabels', [])
    return next((l['index'] for l in labels if l['label'].get('/S') == '/D'), 0)

def main():
    pdf, want = sys.argv[1], int(sys.argv[2])
    pg = pages(pdf)
    off = offset(pdf)
    text = ' '.join(pg)
    bad, n = [], 0
    if 'on page ?' in text:
        bad.append('a reference was left unresolved ("on page ?")')
    for m in re.finditer(r'(?:Figure|Table) (\d+) on page (\d+)', text):
        n += 1
        p = int(m.group(2)) + off
        what = m.group(0).split(' ')[0]
        # the exhibit itself, not its line in the list of tables and figures
        if p > len(pg) or f'{what} {m.group(1)}' not in pg[p - 1] or ' . . . ' in pg[p - 1]:
            bad.append(f'{m.group(0)}: page {p} has no {what} {m.group(1)}')
    for m in re.finditer(r'“([^”]+)” on page (\d+)', text):
        n += 1
        p = int(m.group(2)) + off
        if p > len(pg) or m.group(1) not in pg[p - 1]:
            bad.append(f'{m.group(0)}: page {p} does not show “{m.group(1)}”')
    if n < want:
        bad.append(f'{n} references found, expected at least {want}')
    for b in bad:
        print(b)
    if not bad:
        print(f'{n} cross-references name the right page')
    return 1 if bad else 0

sys.exit(main())
