#!/usr/bin/python3
"""Keep docs/schema/*.schema.json in step with the loaders.

    python3 tests/usability/schema_check.py [EXTRA_DIR ...]

1. Every schema is a valid JSON Schema (draft-07).
2. Every key the loader accepts is in the schema: the strings of each
   `static const char *const NAME[] = {...}` array in the loader's sources
   (the lists given to ymap_check, and the value lists given to yenum), the
   part kinds, the style names and the facts `show:` values. Arrays whose
   name ends in "keys" must appear as property names; other arrays as
   property names or enum values.
3. Every property name in a schema is a key some loader array accepts (so a
   key removed from the loader does not linger in the schema).
4. Every YAML file in layouts/, input/ and samples/ (and in EXTRA_DIRs, e.g.
   a `dossier new` project) validates against its schema, and so does the
   front matter of every Markdown article. The schema is chosen by how the
   layouts use the file (facts:, table:, chart:, data:), else by its content.
5. A few documents the loader rejects for an unknown key or value are
   rejected by the schema too (the schema is not vacuous).
6. Every property of every schema has a description, which editors show.

Prints "ok NAME" or "FAIL NAME: why" per check; exit status 1 on failure.
Needs Debian's python3-jsonschema and python3-yaml.
"""
import json
import os
import re
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SCHEMA_DIR = os.path.join(REPO, "docs", "schema")

# loader source → schema it must agree with. A missing source is skipped
# (manifest.c appears with the batch command).
SOURCES = {
    "src/load/load_layout.c": "layout",
    "src/load/load_chart.c": "layout",
    "src/load/load_typo.c": "layout",   # typography:
    "src/load/numbering.c": "layout",   # numbering:
    "src/load/load_labels.c": "layout", # labels:
    "src/doc/intl.c": "layout",         # the plural forms of labels:
    "src/doc/model.c": "layout",       # style_names
    "src/load/build.c": "layout",       # facts_show_names
    "src/load/load_facts.c": "facts",
    "src/load/load_table.c": "statistics",
    "src/load/load_article.c": "article",
    "src/app/manifest.c": "manifest",
}
# Arrays in those files that are not keys or values of the format.
IGNORE = {
    "src/load/load_layout.c": {"face_suffix", "dims", "cands", "running_names", "font_exts", "font_roots"},
    "src/load/load_chart.c": {"na", "ends", "more", "less"},  # words in data cells
    "src/load/load_table.c": {"exts"},
}
# Arrays checked in these files, when the file has others that are not input
# formats (model.c and build.c have other tables).
ONLY = {
    "src/doc/intl.c": {"plural_keys"},
    "src/doc/model.c": {"style_names"},
    "src/load/build.c": {"facts_show_names"},
}

results = []


def check(name, ok, why=""):
    results.append(ok)
    print(("ok " + name) if ok else ("FAIL %s: %s" % (name, why)))


# ---- YAML as the loader sees it: dates stay strings ----
class Loader(yaml.SafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def front_matter(path):
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    lines = text.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r") in ("---", "..."):
            return yaml.load("\n".join(lines[1:i]), Loader=Loader) or {}
    return None


# ---- schemas ----
schemas = {}
for fn in sorted(os.listdir(SCHEMA_DIR)):
    if not fn.endswith(".schema.json"):
        continue
    kind = fn[: -len(".schema.json")]
    with open(os.path.join(SCHEMA_DIR, fn), encoding="utf-8") as f:
        try:
            s = json.load(f)
        except ValueError as e:
            check("schema %s is JSON" % fn, False, str(e))
            continue
    try:
        jsonschema.Draft7Validator.check_schema(s)
        check("schema %s is a valid draft-07 schema" % fn, True)
    except jsonschema.SchemaError as e:
        check("schema %s is a valid draft-07 schema" % fn, False, e.message)
    schemas[kind] = s


def walk(node, props, enums, lists=None):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "properties" and isinstance(v, dict):
                props.update(v.keys())
            if k == "enum" and isinstance(v, list):
                enums.update(x for x in v if isinstance(x, str))
                if lists is not None:
                    lists.append(frozenset(x for x in v if isinstance(x, str)))
            if k == "const" and isinstance(v, str):
                enums.add(v)
            walk(v, props, enums, lists)
    elif isinstance(node, list):
        for v in node:
            walk(v, props, enums, lists)


schema_props, schema_enums, schema_lists = {}, {}, {}
for kind, s in schemas.items():
    p, e, l = set(), set(), []
    walk(s, p, e, l)
    schema_props[kind], schema_enums[kind], schema_lists[kind] = p, e, l

# ---- the loaders' keys ----
ARRAY = re.compile(r"(?:static\s+)?const\s+char\s*\*\s*const\s+(\w+)\s*\[[^\]]*\]\s*=\s*\{(.*?)\};", re.S)
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
PART = re.compile(r'\{\s*"([a-z-]+)"\s*,\s*part_\w+\s*\}')

loader_keys = {}   # kind → every key string of *keys arrays (for the reverse check)
loader_lists = {}  # kind → the value lists (the enumerations yenum is given)
for src, kind in SOURCES.items():
    path = os.path.join(REPO, src)
    if not os.path.exists(path):
        continue
    if kind not in schemas:
        check("%s has a schema (docs/schema/%s.schema.json)" % (src, kind), False, "missing")
        continue
    with open(path, encoding="utf-8") as f:
        code = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    keys = loader_keys.setdefault(kind, set())
    missing = []
    for m in ARRAY.finditer(code):
        name, body = m.group(1), m.group(2)
        if name in IGNORE.get(src, ()) or (src in ONLY and name not in ONLY[src]):
            continue
        strings = [s for s in STRING.findall(body)]
        is_keys = name.lower().endswith("keys") or name == "rcpt_fields"
        if not is_keys and name != "style_names":
            loader_lists.setdefault(kind, []).append((src, name, frozenset(strings)))
        for s in strings:
            if is_keys or name in ("style_names",):
                keys.add(s)
                if s not in schema_props[kind]:
                    missing.append("%s: key '%s'" % (name, s))
            elif s not in schema_props[kind] and s not in schema_enums[kind]:
                missing.append("%s: value '%s'" % (name, s))
    for s in PART.findall(code):
        keys.add(s)
        if s not in schema_props[kind]:
            missing.append("part_kinds: part '%s'" % s)
    check("every key and value %s accepts is in %s.schema.json" % (src, kind), not missing,
          "; ".join(missing) + " (add them to docs/schema/%s.schema.json)" % kind)

for kind, keys in sorted(loader_keys.items()):
    extra = sorted(schema_props[kind] - keys)
    check("every key of %s.schema.json is accepted by the loader" % kind, not extra,
          "not in any loader key list: " + ", ".join(extra))

# ---- one source for the enumerations ----
# Each value list a loader gives yenum is exactly an enum of its schema, and
# each string enum of a schema is exactly a loader's list: what the editor
# offers and what dossier accepts and suggests are the same values.
for kind, lists in sorted(loader_lists.items()):
    unequal = ["%s in %s: {%s}" % (name, src, ", ".join(sorted(vals)))
               for src, name, vals in lists if vals not in schema_lists[kind]]
    check("every value list of the %s loaders is an enum of %s.schema.json" % (kind, kind), not unequal,
          "no schema enum with exactly these values: " + "; ".join(unequal))
for kind in ("layout", "facts", "statistics", "manifest"):
    if kind not in schema_lists or kind not in loader_lists:
        continue
    mine = {vals for _, _, vals in loader_lists[kind]}
    # enums that are no yenum list: YAML's booleans, the data: names that
    # are reserved, the parts written as a bare word, the variable names a
    # manifest reserves and the recipient fields (a key list, rcpt_fields)
    mine |= {frozenset(["false", "no", "off", "on", "true", "yes"]), frozenset(["document", "vars"]),
             frozenset(["cover", "figures", "pagebreak", "sources", "toc"]), frozenset(["name", "copy", "copies"]),
             frozenset(["delegation", "name", "title"])}
    extra = ["{%s}" % ", ".join(sorted(l)) for l in schema_lists[kind] if l and l not in mine]
    check("every enum of %s.schema.json is a loader's value list" % kind, not extra,
          "not a list any loader gives: " + "; ".join(extra))

# The synonyms dossier suggests (barh → hbar) name a value of some loader
# list, and none is itself a value (it would never be suggested).
with open(os.path.join(REPO, "src/load/load_yaml.c"), encoding="utf-8") as f:
    ycode = f.read()
syn = re.search(r"enum_synonyms\[\]\[2\]\s*=\s*\{(.*?)\n\};", ycode, re.S)
pairs = re.findall(r'\{"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\}', syn.group(1)) if syn else []
all_lists = [vals for lists in loader_lists.values() for _, _, vals in lists]
bad_syn = ["%s → %s" % (a, b) for a, b in pairs
           if not any(b in l for l in all_lists)
           or any(b in l and a.lower() in {v.lower() for v in l} for l in all_lists)]
check("every synonym names a value of a loader list and is not a value of that list (%d synonyms)" % len(pairs),
      bool(pairs) and not bad_syn, "; ".join(bad_syn) or "no enum_synonyms table in src/load/load_yaml.c")

# ---- validate the repository's files ----
validators = {k: jsonschema.Draft7Validator(s) for k, s in schemas.items()}


def validate(kind, path, doc, what=""):
    rel = os.path.relpath(path, REPO) if path.startswith(REPO) else path
    errs = sorted(validators[kind].iter_errors(doc), key=lambda e: list(e.absolute_path))
    why = "; ".join("%s: %s" % ("/".join(map(str, e.absolute_path)) or "(top)", e.message) for e in errs[:5])
    check("%s%s matches %s.schema.json" % (rel, what, kind), not errs, why)


def kind_by_content(doc):
    if isinstance(doc, dict):
        if "parts" in doc:
            return "layout"
        if "rows" in doc or "columns" in doc:
            return "statistics"
        if "dossier-manifest" in doc or "dossiers" in doc:
            return "manifest"
    return "facts"


roots = [os.path.join(REPO, d) for d in ("layouts", "input", "samples")] + [os.path.abspath(a) for a in sys.argv[1:]]
yamls, mds = [], []
for root in roots:
    for dp, dn, fns in os.walk(root):
        dn.sort()
        for fn in sorted(fns):
            p = os.path.join(dp, fn)
            if fn.endswith((".yaml", ".yml")):
                yamls.append(p)
            elif fn.endswith(".md") and fn != "README.md":
                mds.append(p)

docs, known = {}, {}
for p in yamls:
    try:
        docs[p] = load_yaml(p)
    except yaml.YAMLError as e:
        check("%s is YAML" % os.path.relpath(p, REPO), False, str(e).replace("\n", " "))
for p, d in docs.items():
    if kind_by_content(d) != "layout":
        continue
    known[p] = "layout"
    base = os.path.dirname(p)

    def ref(rel, kind):
        q = os.path.normpath(os.path.join(base, str(rel)))
        if q.endswith((".yaml", ".yml")):
            known.setdefault(q, kind)
        elif q.endswith(".md"):
            known.setdefault(q, "article")

    for item in d.get("parts") or []:
        if not isinstance(item, dict) or len(item) != 1:
            continue
        (k, v), = item.items()
        if k == "facts" and isinstance(v, dict) and "file" in v:
            ref(v["file"], "facts")
        elif k == "table" and isinstance(v, dict) and "file" in v:
            ref(v["file"], "statistics")
        elif k == "chart" and isinstance(v, dict):
            if "file" in v:
                ref(v["file"], "statistics")
            if "facts" in v:
                ref(v["facts"], "facts")
        elif k == "article":
            ref(v["file"] if isinstance(v, dict) and "file" in v else v, "article")
    data = d.get("data")
    if isinstance(data, dict):
        for v in data.values():
            q = os.path.normpath(os.path.join(base, str(v)))
            if q.endswith((".yaml", ".yml")) and q in docs:
                known.setdefault(q, kind_by_content(docs[q]))

for p in sorted(docs):
    validate(known.get(p) or kind_by_content(docs[p]), p, docs[p])
for p in mds:
    try:
        fm = front_matter(p)
    except yaml.YAMLError as e:
        check("%s front matter is YAML" % os.path.relpath(p, REPO), False, str(e).replace("\n", " "))
        continue
    if fm is not None:
        validate("article", p, fm, " (front matter)")

# ---- the schema rejects what the loader rejects ----
BAD = [
    ("layout", "unknown top-level key", {"document": {"title": "x"}, "parts": ["toc"], "pgae": {}}),
    ("layout", "unknown page key", {"document": {"title": "x"}, "parts": ["toc"], "page": {"margns": 5}}),
    ("layout", "page size a4", {"document": {"title": "x"}, "parts": ["toc"], "page": {"size": "a4"}}),
    ("layout", "unknown part kind", {"document": {"title": "x"}, "parts": [{"artcle": "a.md"}]}),
    ("layout", "part with two keys", {"document": {"title": "x"}, "parts": [{"article": "a.md", "level": 2}]}),
    ("layout", "missing title", {"document": {}, "parts": ["toc"]}),
    ("layout", "bad colour", {"document": {"title": "x"}, "parts": ["toc"], "styles": {"h1": {"color": "red"}}}),
    ("layout", "unknown style", {"document": {"title": "x"}, "parts": ["toc"], "styles": {"h5": {}}}),
    ("layout", "bad length", {"document": {"title": "x"}, "parts": ["toc"], "page": {"margins": "2 furlongs"}}),
    ("layout", "empty parts", {"document": {"title": "x"}, "parts": []}),
    ("layout", "column lang not a language code", {"document": {"title": "x"}, "parts": [
        {"table": {"file": "t.csv", "columns": [{"key": "vn", "lang": "Vietnamese"}]}}]}),
    ("facts", "figure without source", {"figures": [{"key": "a", "value": 1}]}),
    ("facts", "person lang not a language code", {"people": [{"name": "Nguyễn Văn Kỳ", "lang": "tiếng Việt"}]}),
    ("facts", "unknown event key", {"event": {"name": "x", "venu": "y"}}),
    ("statistics", "no rows", {"columns": ["a"]}),
    ("article", "unknown front matter key", {"title": "x", "autor": "y"}),
    ("manifest", "unknown dossier key", {"dossier-manifest": 1, "dossiers": [{"name": "a", "layuot": "x"}]}),
]
for kind, what, doc in BAD:
    if kind in validators:
        errs = list(validators[kind].iter_errors(doc))
        check("%s.schema.json rejects: %s" % (kind, what), bool(errs), "accepted")

# ---- every property is described (editors show the description) ----
def undescribed(node, path, out):
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for k, v in props.items():
                if not isinstance(v, dict) or not str(v.get("description", "")).strip():
                    out.append(path + "/properties/" + k)
        for k, v in node.items():
            undescribed(v, path + "/" + k, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            undescribed(v, "%s/%d" % (path, i), out)


for f in sorted(os.listdir(SCHEMA_DIR)):
    if f.endswith(".schema.json"):
        with open(os.path.join(SCHEMA_DIR, f), encoding="utf-8") as fh:
            out = []
            undescribed(json.load(fh), "#", out)
        check("every property of %s has a description" % f, not out,
              "%d without: %s" % (len(out), ", ".join(out[:6])))

n_ok = sum(1 for r in results if r)
print("schema: %d passed, %d failed" % (n_ok, len(results) - n_ok))
sys.exit(0 if all(results) else 1)
