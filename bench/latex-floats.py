"""Helper of bench/latex-floats.sh: writes both documents and measures pages.

  prepare OVERVIEW.md OUT FONTS   dossier pieces, one-exhibit layouts, text for LaTeX
  latex OUT                       the LaTeX document, with boxes of dossier's heights
  measure OUT                     per-page fill, float distance, split short paragraphs
"""
import json, os, re, subprocess, sys

PAGE_H, TOP, BOTTOM = 841.89, 90.0, 90.0
PAGE = ('page: {size: A4, margins: {top: 90pt, bottom: 90pt, inside: 56.7pt, '
        'outside: 56.7pt}}\n')


def exhibits(out):
    # exhibits.yaml is written by the shell script in a fixed shape; read it
    # without a YAML library: items start with "- anchor:", "part: |" block.
    items, cur, inpart = [], None, False
    for line in open(out + '/exhibits.yaml', encoding='utf-8'):
        if line.startswith('- anchor:'):
            cur = {'anchor': json.loads(line.split(':', 1)[1].strip()), 'part': ''}
            items.append(cur)
            inpart = False
        elif line.startswith('  part: |'):
            inpart = True
        elif inpart:
            cur['part'] += line[4:]
        else:
            k, v = line.strip().split(':', 1)
            cur[k] = json.loads(v.strip()) if v.strip().startswith('"') else v.strip()
    return items


def blocks(src):
    text = open(src, encoding='utf-8').read()
    _, fm, body = text.split('---', 2)
    title = re.search(r'^title:\s*"(.*)"', fm, re.M).group(1)
    notes, rest = {}, []
    for b in re.split(r'\n\s*\n(?=\S)', body.strip()):
        m = re.match(r'\[\^([^\]]+)\]:\s*(.*)', b, re.S)
        if m:
            notes[m.group(1)] = re.sub(r'\s+', ' ', m.group(2))
        else:
            rest.append(b.strip())
    return title, rest, notes


def inline_tex(t, notes):
    t = re.sub(r'\[([^\]]*)\]\{\.[a-z]+\}', r'\1', t)
    t = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', t)
    t = t.replace('&', '\\&').replace('%', '\\%')
    t = re.sub(r'\*\*(.+?)\*\*', r'\\textbf{\1}', t)
    t = re.sub(r'\*(.+?)\*', r'\\emph{\1}', t)
    t = t.replace('–', '--').replace('—', '---')
    return re.sub(r'\[\^([^\]]+)\]', lambda m: '\\footnote{%s}' % inline_tex(notes[m.group(1)], notes), t)


def block_tex(b, notes):
    if b.startswith('### '):
        return '\\subsection*{%s}' % inline_tex(b[4:], notes)
    if b.startswith('## '):
        return '\\section*{%s}' % inline_tex(b[3:], notes)
    if b.startswith('>'):
        q = [re.sub(r'^>\s?', '', l) for l in b.split('\n')]
        paras = [p.replace('\n', ' ') for p in '\n'.join(q).split('\n\n')]
        return '\\begin{quote}\n%s\n\\end{quote}' % '\n\n'.join(inline_tex(p, notes) for p in paras)
    if re.match(r'(-|\d+\.) ', b):
        env = 'enumerate' if b[0].isdigit() else 'itemize'
        s, depth = [], 0
        for l in b.split('\n'):
            ind = (len(l) - len(l.lstrip())) // 2
            l = l.strip()
            while ind > depth:
                s.append('\\begin{itemize}'); depth += 1
            while ind < depth:
                s.append('\\end{itemize}'); depth -= 1
            s.append('\\item ' + inline_tex(re.sub(r'^(-|\d+\.) ', '', l), notes))
        s += ['\\end{itemize}'] * depth
        return '\\begin{%s}\n%s\n\\end{%s}' % (env, '\n'.join(s), env)
    return inline_tex(b.replace('\n', ' '), notes)


def prepare(src, out, fonts):
    title, bl, notes = blocks(src)
    ex = exhibits(out)
    # dossier: pieces of the article cut after each anchor block.
    pieces, cur, after = [], [], []
    for b in bl:
        cur.append(b)
        hits = [e for e in ex if e['anchor'] in re.sub(r'\s+', ' ', b)]
        if hits:
            pieces.append((cur, hits)); cur = []
    pieces.append((cur, []))
    head = 'fonts: {dir: %s}\ndocument: {title: "Comparison", language: en}\n' % fonts + PAGE
    parts = []
    for i, (bs, hits) in enumerate(pieces):
        used = set(re.findall(r'\[\^([^\]]+)\]', '\n'.join(bs)))
        md = '\n\n'.join(bs) + '\n\n' + '\n\n'.join('[^%s]: %s' % (k, notes[k]) for k in sorted(used))
        open('%s/a%d.md' % (out, i), 'w', encoding='utf-8').write(
            '---\ntitle: "%s"\n---\n' % title + md + '\n')
        # the first piece is the article; the rest, without a title, text parts
        parts.append('  - article: {file: a0.md}\n' if i == 0 else
                     '  - text: {text: %s}\n' % json.dumps(md, ensure_ascii=False))
        for e in hits:
            parts.append(''.join('  ' + l + '\n' for l in e['part'].rstrip('\n').split('\n')))
    open(out + '/d.yaml', 'w').write(head + 'parts:\n' + ''.join(parts))
    for k, e in enumerate(ex):
        open('%s/x/ex-%d.yaml' % (out, k), 'w').write(
            head + 'parts:\n' + ''.join('  ' + l + '\n' for l in e['part'].rstrip('\n').split('\n')))
    tex = ['\\section*{%s}' % inline_tex(title, notes)]
    for b in bl:
        tex.append(block_tex(b, notes))
        for k, e in enumerate(ex):
            if e['anchor'] in re.sub(r'\s+', ' ', b):
                tex.append('%%EXHIBIT %d' % k)
    open(out + '/body.tex', 'w', encoding='utf-8').write('\n\n'.join(tex) + '\n')
    json.dump(ex, open(out + '/exhibits.json', 'w'))


def pgm(path):
    data = open(path, 'rb').read()
    parts, pos = [], 0
    while len(parts) < 4:
        m = re.compile(rb'\s*(#[^\n]*\n\s*)*(\S+)').match(data, pos)
        parts.append(m.group(2)); pos = m.end()
    w, h = int(parts[1]), int(parts[2])
    px = data[pos + 1:]
    return w, h, [px[r * w:(r + 1) * w] for r in range(h)]


def inked_rows(path, lo=0, hi=None):
    w, h, rows = pgm(path)
    hi = h if hi is None else hi
    return [r for r in range(lo, hi) if min(rows[r]) < 160], h


def body_rows(path, rows):
    """The rows above the footnote rule (a short line at the left margin with
    blank rows around it, in the lower half of the text area), so that notes
    at the foot of a page do not make it count as full."""
    w, h, px = pgm(path)
    def ink(r, lim=250):
        return [x for x in range(w) if px[r][x] < lim]
    for r in range(int((TOP + PAGE_H - BOTTOM) / 2), int(PAGE_H - BOTTOM)):
        k = ink(r)
        if (k and 54 <= k[0] <= 60 and 30 <= k[-1] - k[0] <= 220 and len(k) > 0.9 * (k[-1] - k[0])
                and not any(ink(r - i, 200) for i in (1, 2, 3, 4)) and not ink(r + 1, 200)):
            return [x for x in rows if x < r - 1]
    return rows


def latex(out, engine='pdflatex', fonts=''):
    ex = json.load(open(out + '/exhibits.json'))
    body = open(out + '/body.tex', encoding='utf-8').read()
    for k, e in enumerate(ex):
        rows, _ = inked_rows('%s/x/ex-%d-1.pgm' % (out, k), int(TOP), int(PAGE_H - BOTTOM) + 1)
        hpt = rows[-1] - rows[0] + 1  # 72 dpi: one row is one point
        e['height'] = hpt
        env = 'table' if e['kind'] == 'table' else 'figure'
        box = ('\\begin{%s}[tbp]\\centering\\fcolorbox{black}{black!8}{\\parbox[c][%dbp][c]'
               '{\\dimexpr\\textwidth-2\\fboxsep-2\\fboxrule}{\\centering\\small EXHIBIT%d %s}}'
               '\\end{%s}' % (env, hpt - 2, k, inline_tex(e['title'], {}), env))
        body = body.replace('%%EXHIBIT %d' % k, box)
    json.dump(ex, open(out + '/exhibits.json', 'w'))
    if engine == 'xelatex':  # dossier's body face, Noto Serif, from the repository
        font = (r'\usepackage{fontspec}\setmainfont{NotoSerif}[Path=%s/,Extension=.ttf,'
                r'UprightFont=*-Regular,BoldFont=*-Bold,ItalicFont=*-Italic,BoldItalicFont=*-BoldItalic]'
                '\n' % fonts)
    else:
        font = '\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\\usepackage{lmodern}\n'
    open(out + '/o.tex', 'w', encoding='utf-8').write(r'''\documentclass{article}
''' + font + r'''\usepackage{xcolor}
\usepackage[paperwidth=595.276bp,paperheight=841.89bp,left=56.7bp,right=56.7bp,top=90bp,bottom=90bp]{geometry}
\usepackage[english]{babel}\pagestyle{empty}
\setlength{\parindent}{0pt}\setlength{\parskip}{6pt}
\begin{document}\fontsize{10.5}{14}\selectfont
''' + body + '\\end{document}\n')


def pages_text(pdf):
    n = int(re.search(r'Pages:\s+(\d+)', subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout).group(1))
    res = []
    for p in range(1, n + 1):
        t = subprocess.run(['pdftotext', '-f', str(p), '-l', str(p), pdf, '-'], capture_output=True, text=True).stdout
        t = re.sub(r'-\n(?=[a-z])', '', t)
        t = t.replace('\u00ad', '').replace('ﬁ', 'fi').replace('ﬂ', 'fl').replace('ﬀ', 'ff').replace('ﬃ', 'ffi')
        t = re.sub(r'[\u2010\u2011]\n', '', t)
        res.append(re.sub(r'\s+', ' ', t))
    return res


def find(pages, phrase, start=1):
    phrase = re.sub(r'\s+', ' ', phrase)
    for i, t in enumerate(pages[start - 1:], start):
        if phrase in t:
            return i
    return None


def plain(b):
    b = re.sub(r'\[\^[^\]]+\]', '', b)
    b = re.sub(r'\[([^\]]*)\]\{\.[a-z]+\}', r'\1', b)
    b = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', b)
    b = b.replace('**', '').replace('*', '')
    return re.sub(r'\s+', ' ', b).strip()


def measure(out):
    ex = json.load(open(out + '/exhibits.json'))
    bl, i = [], 0
    while os.path.exists('%s/a%d.md' % (out, i)):
        bl += blocks('%s/a%d.md' % (out, i))[1]
        i += 1
    res = {}
    for tool, pdf, pre, lab in (('LaTeX', 'o.pdf', 'o', 'EXHIBIT%d'), ('dossier', 'd.pdf', 'd', None)):
        pages = pages_text(out + '/' + pdf)
        fills = []
        for p in range(1, len(pages) + 1):
            f = [x for x in os.listdir(out + '/x') if re.fullmatch(r'%s-0*%d\.pgm' % (pre, p), x)][0]
            rows, h = inked_rows(out + '/x/' + f, int(TOP), int(PAGE_H - BOTTOM) + 1)
            area = PAGE_H - TOP - BOTTOM
            rows = body_rows(out + '/x/' + f, rows)
            last = (rows[-1] - TOP) / area if rows else 0
            # coverage: ink rows with gaps of up to 16 pt (a blank line) closed
            cov, prev = 0, None
            for r in rows:
                cov += 1 if prev is None or r - prev > 16 else r - prev
                prev = r
            fills.append((last, cov / area))
        fl = []
        for k, e in enumerate(ex):
            ref = find(pages, e['anchor'])
            at = find(pages, (lab % k) if lab else e['title'])
            where = ''
            if ref and ref == at:
                t = pages[at - 1]
                where = (' above its reference' if t.find((lab % k) if lab else e['title'])
                         < t.find(re.sub(r'\s+', ' ', e['anchor'])) else ' below its reference')
            fl.append((e['title'], ref, at, where))
        splits, at = [], 1
        for b in bl:
            if b.startswith('#'):
                continue
            for part in ([b] if not re.match(r'(-|\d+\.) |>', b) else
                         [x for x in re.split(r'\n(?=\s*(?:-|\d+\.|>) )', b)]):
                t = plain(re.sub(r'^\s*(-|\d+\.|>)\s*', '', part))
                w = t.split(' ')
                if len(w) < 8:
                    continue
                a = find(pages, ' '.join(w[:6]), at)
                z = a and find(pages, ' '.join(w[-6:]), a)
                at = a or at
                if a and z and a != z:
                    splits.append((round(len(t) / 95.0 + 0.49), a, ' '.join(w[:5])))
        res[tool] = (fills, fl, splits)
    for tool, (fills, fl, splits) in res.items():
        print('== %s: %d pages' % (tool, len(fills)))
        for p, (last, cov) in enumerate(fills, 1):
            print('  page %d: body (above notes) ends at %3.0f%% of the text area, ink blocks cover %3.0f%%%s'
                  % (p, 100 * last, 100 * cov, '  NEAR-EMPTY' if cov < 0.4 else ''))
        for t, ref, at, where in fl:
            print('  float "%s": referred on p%s, set on p%s (%s)%s' % (
                t[:40], ref, at, '?' if ref is None or at is None else '%+d' % (at - ref), where))
        for n, p, w in splits:
            print('  split paragraph of ~%d lines over pp%d-%d: "%s…"' % (n, p, p + 1, w))


if __name__ == '__main__':
    {'prepare': lambda a: prepare(*a), 'latex': lambda a: latex(*a),
     'measure': lambda a: measure(*a)}[sys.argv[1]](sys.argv[2:])
