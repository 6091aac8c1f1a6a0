#!/usr/bin/env python3
"""sources.py PDF FACTS.yaml... — is the Sources list right?

The list is the last page whose text starts with the heading "Sources"; its
entries are "[n] …". Checks that the entries are numbered 1..N with no gap,
that every number cited before the list ("… [n]") has an entry and every
entry is cited, that the numbers were given in order of first citation,
and that every source of the facts files that the text cites by its title
or short citation is in the list with its title.
"""
import re
import subprocess
import sys
import yaml

def text(pdf, first=None, last=None):
    cmd = ['pdftotext', '-q']
    if first:
        cmd += ['-f', str(first), '-l', str(last)]
    return subprocess.run(cmd + [pdf, '-'], capture_output=True, text=True, check=True).stdout

def main():
    pdf, facts = sys.argv[1], sys.argv[2:]
    pages = text(pdf).split('\f')
    at = max((i for i, p in enumerate(pages) if re.search(r'^Sources$', p, re.M) and re.search(r'^\[1\] ', p, re.M)),
             default=None)
    if at is None:
        print('no Sources list found')
        return 1
    listing = ' '.join(pages[at].split())
    entries = [int(n) for n in re.findall(r'(?:^| )\[(\d+)\] (?=\S)', listing)]
    body = ' '.join(' '.join(pages[:at]).split())
    cited = [int(n) for n in re.findall(r'\[(\d+)\]', body)]
    fails = []
    if entries != list(range(1, len(entries) + 1)):
        fails.append(f'entries not numbered 1..N: {entries}')
    if set(cited) != set(entries):
        fails.append(f'cited {sorted(set(cited))} but listed {entries}')
    first = []
    for n in cited:
        if n not in first:
            first.append(n)
    if first != sorted(first):
        fails.append(f'numbers not in order of first citation: {first}')
    for f in facts:
        for s in yaml.safe_load(open(f, encoding='utf-8')).get('sources', []):
            if s['title'].split()[0] not in listing:
                fails.append(f"source {s['id']} ({s['title'][:40]}…) is not in the list")
    for msg in fails:
        print(msg)
    if not fails:
        print(f'{len(entries)} sources listed, every one cited, in order of first citation')
    return 1 if fails else 0

sys.exit(main())
