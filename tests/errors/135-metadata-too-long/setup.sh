python3 - <<'PY'
kw = ", ".join("keyword%05d" % i for i in range(4000))
open("layout.yaml", "w").write(
    'fonts: {dir: ../../../fonts}\n'
    'document: {title: "Keywords longer than the PDF metadata holds", keywords: "%s",\n'
    '           author: "%s"}\n'
    'parts:\n  - text: "x"\n' % (kw, "A" * 40000))
PY
