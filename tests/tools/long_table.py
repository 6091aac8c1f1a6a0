#!/usr/bin/env python3
"""long_table.py DOSSIER DIR ROWS [pdftotext|mutool] — is a long table set right,
to its last row?

Writes a table of ROWS rows into DIR whose widest values come last (the
numbers grow, the last rows hold the widest amount, share and date, and the
bold total row is wider still), builds it with DOSSIER and reads every page
back with pdftotext -layout. Fails when:

- a line of the table is not a whole row of the expected form: a number,
  date or percentage cut in two leaves a line that is a piece of one;
- a row is missing, repeated or out of order, or its values are not the
  file's (formatted as docs/statistics.md says);
- the total row is not "Total" and the sum, whole, on one line;
- the number of rows differs from one page to the next (the last page
  aside): a row set on two lines takes the room of two.

The text is read with pdftotext -layout (one line per row), or with
mutool's text device (one line per cell, a blank line between rows):
poppler reads each page's fonts again, about 7 ms a page, so the
2,700 pages of a 100,000-row table take mutool 2.5 s and pdftotext 20 s.
"""
import os
import re
import subprocess
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
NAMES = ["Chile", "Japan", "Norway", "Kenya", "Brazil", "Viet Nam", "Côte d'Ivoire", "Ecuador"]
VENUE = os.environ.get("VENUE", "Vienna International Centre")


def rows(n):
    """(id, delegation, venue, amount in cents, share in tenths, (y, m, d)) per row."""
    for i in range(n):
        last = i >= n - 3  # the widest values, in the last rows only
        amount = 9876543211099 - i if last else (i * 7919) % 100000
        share = 1000 if last else (i * 37) % 1000
        date = (2026, 9, 30) if last else (2026, 5, 1 + i % 9)
        yield i + 1, NAMES[i % len(NAMES)], VENUE, amount, share, date


def fmt_int(v):
    return f"{v:,}"


def fmt_cents(c):
    return f"{c // 100:,}.{c % 100:02d}"


def write(d, n):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "rows.csv"), "w", encoding="utf-8") as f:
        f.write("id,delegation,venue,amount,share,date\n")
        for i, name, venue, amount, share, (y, m, day) in rows(n):
            f.write(f'{i},"{name}","{venue}",{amount // 100}.{amount % 100:02d},{share // 10}.{share % 10},'
                    f"{y}-{m:02d}-{day:02d}\n")
    fonts = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fonts")
    with open(os.path.join(d, "layout.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""dossier: 1
document: {{title: "Long table", language: en}}
fonts: {{dir: "{os.path.normpath(fonts)}"}}
page: {{margins: {{inside: 22mm, outside: 18mm}}}}
header:
footer: {{center: "Page {{page}} of {{pages}}"}}
parts:
  - table:
      file: rows.csv
      caption: "Delegations"
      columns:
        - {{key: id, label: "No.", type: integer}}
        - {{key: delegation, label: "Delegation"}}
        - {{key: venue, label: "Venue"}}
        - {{key: amount, label: "Amount (USD)", type: decimal, decimals: 2}}
        - {{key: share, label: "Share", type: percent}}
        - {{key: date, label: "Date", type: date}}
      total: {{label: "Total", columns: [amount]}}
""")


ROW = re.compile(r"^ *(\d{1,3}(?:,\d{3})*) {2,}(\S(?:.*\S)?) {2,}(\S(?:.*\S)?) {2,}(\d{1,3}(?:,\d{3})*\.\d\d) {2,}(\d{1,3}\.\d%)"
                 r" {2,}(\d{1,2} [A-Z][a-z]+ \d{4})$")
TOTAL = re.compile(r"^ *Total {2,}(\d{1,3}(?:,\d{3})*\.\d\d)$")
KNOWN = re.compile(r"^ *(Delegations( \(continued\))?|No\. {2,}Delegation {2,}Venue {2,}Amount \(USD\) {2,}Share {2,}Date"
                   r"|Page \d+ of \d+)$")


class Reader:
    """Checks rows in order against the file's values."""

    def __init__(self, n):
        self.n, self.want, self.total, self.seen, self.bad = n, rows(n), 0, 0, []

    def row(self, p, got):
        i, name, venue, amount, share, (y, mo, d) = next(self.want, (None,) * 6)
        if i is None:
            self.bad.append(f"page {p}: a row after the last: {got}")
            return
        self.total += amount
        exp = (fmt_int(i), name, venue, fmt_cents(amount), f"{share // 10}.{share % 10}%", f"{d} {MONTHS[mo - 1]} {y}")
        if tuple(got) != exp:
            self.bad.append(f"page {p}: row {i} reads {tuple(got)}, expected {exp}")
        self.seen += 1

    def total_row(self, p, amount):
        if amount != fmt_cents(self.total) or self.seen != self.n:
            self.bad.append(f"page {p}: total {amount} after {self.seen} rows, expected {fmt_cents(self.total)}")


def pages_of(pdf, reader):
    cmd = (["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf] if reader == "mutool"
           else ["pdftotext", "-q", "-layout", pdf, "-"])
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    while pages and not pages[-1].strip():
        pages.pop()
    return pages


def check_layout(pages, r):
    """pdftotext -layout: one line per row."""
    per_page = []
    for p, page in enumerate(pages, 1):
        count = 0
        for line in page.split("\n"):
            line = line.rstrip()
            if not line.strip() or KNOWN.match(line):
                continue
            m = ROW.match(line)
            if m:
                r.row(p, m.groups())
                count += 1
            elif TOTAL.match(line):
                r.total_row(p, TOTAL.match(line).group(1))
            else:
                r.bad.append(f"page {p}: not a whole row: {line.strip()!r}")
        per_page.append(count)
    return per_page


CELLS = [re.compile(x) for x in (r"\d{1,3}(?:,\d{3})*$", r"\S(?:.*\S)?$", r"\S(?:.*\S)?$", r"\d{1,3}(?:,\d{3})*\.\d\d$",
                                   r"\d{1,3}\.\d%$", r"\d{1,2} [A-Z][a-z]+ \d{4}$")]
HEAD = ["No.", "Delegation", "Venue", "Amount (USD)", "Share", "Date"]
NC = len(HEAD)


def check_cells(pages, r):
    """mutool: one line per cell, a blank line after each row."""
    per_page = []
    for p, page in enumerate(pages, 1):
        count = 0
        for block in page.split("\n\n"):
            lines = [x.strip() for x in block.split("\n") if x.strip()]
            if not lines or lines == HEAD or (len(lines) == 1 and KNOWN.match(lines[0])):
                continue
            if len(lines) == 2 and lines[0] == "Total" and CELLS[3].match(lines[1]):
                r.total_row(p, lines[1])
                continue
            if len(lines) % NC or not all(CELLS[k % NC].match(x) for k, x in enumerate(lines)):
                r.bad.append(f"page {p}: not whole rows: {lines}")
                continue
            for k in range(0, len(lines), NC):
                r.row(p, lines[k:k + NC])
                count += 1
        per_page.append(count)
    return per_page


def check(pdf, n, reader):
    r = Reader(n)
    pages = pages_of(pdf, reader)
    per_page = (check_cells if reader == "mutool" else check_layout)(pages, r)
    if r.seen != n:
        r.bad.append(f"{r.seen} rows read, {n} written")
    if len(set(per_page[:-1])) > 1:
        r.bad.append(f"rows per page vary: {sorted(set(per_page[:-1]))} (pages 1-{len(per_page) - 1})")
    return r.bad, per_page


def main():
    dossier, d, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    reader = sys.argv[4] if len(sys.argv) > 4 else "pdftotext"
    write(d, n)
    pdf = os.path.join(d, "out.pdf")
    r = subprocess.run([dossier, "build", "-q", os.path.join(d, "layout.yaml"), "-o", pdf],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"build failed ({r.returncode}): {r.stderr.strip()}")
        return 1
    bad, per_page = check(pdf, n, reader)
    for b in bad[:10]:
        print(b)
    if len(bad) > 10:
        print(f"... and {len(bad) - 10} more")
    if bad:
        return 1
    print(f"{n} rows on {len(per_page)} pages, {per_page[0]} a page, every number whole ({reader})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
