// tree.mjs — read a tagged PDF with Mozilla pdf.js and check its structure.
//   node tree.mjs PDFJS_DIR file.pdf [expect.json]
// Checks, on every page: the structure tree (getStructTree) and the marked
// content of the page's text (getTextContent with marked content) agree:
// every MCID the page marks is in the tree exactly once and every MCID the
// tree names is marked on the page; no artifact's text is in the tree;
// every Figure has an alternative; the text in the tree, in tree order,
// holds the headings of the outline in the outline's order. With an
// expect.json ({"roles": [...], "langs": [...], "figures": n, "count":
// {role: n}, "spans": [{"lang": "fr", "in": "P", "text": "…"}]}), also that
// these roles and languages occur, how many figures there are, how many
// elements of the roles counted, and that each passage in another language
// is in Span elements of that /Lang right inside an element of role "in"
// (white space and hyphens aside; a passage over a page break is the Spans
// of each page in turn); "figlangs": [{"lang": "fr", "alt": "…"}], a Figure
// of that /Lang whose alternative is that text; "chartspans": [{"lang":
// "fr", "text": "…"}], Spans of that /Lang in a Figure holding the text.
// Always: no text — in the tree, on the page, in an alternative, in the
// document information or the XMP — shows a passage's markup
// ("]{lang=…}") or the control characters that carry it inside dossier.
// Prints a summary line; exits 1 with the problems found.
import fs from 'node:fs';
import path from 'node:path';
import { openPdf } from '../tools/pdfjs.mjs';

const [pdfjsDir, file, expectFile] = process.argv.slice(2);
const doc = await openPdf(pdfjsDir, file);
const problems = [];
const roles = new Map();
const langs = new Set();
let figures = 0, mcids = 0, treeText = '';
// TAGS_TEXT=file: the tree's text written there, one line per marked
// content in tree order: the roles from the root, a tab, its text (line
// ends as spaces) — for text.py
const leaves = [];
const rolePath = [];
// the Spans with a language: lang and parent role → their text, in order
const spanText = new Map();
// the Figures with a language: lang → their alternatives
const figLangs = new Map();
const markup = /\]\{[^{}]*\blang\s*=|[\x01-\x03]/;

function norm(s) {
	return s.replace(/\s+/g, '');
}

for (let p = 1; p <= doc.numPages; p++) {
	const page = await doc.getPage(p);
	const tree = await page.getStructTree();
	const tc = await page.getTextContent({ includeMarkedContent: true });
	// the page's marked content: id → text, and the artifacts' text
	const marked = new Map();
	const stack = [];
	for (const it of tc.items) {
		if (it.type === 'beginMarkedContentProps' || it.type === 'beginMarkedContent') {
			stack.push(it);
			if (it.id) {
				if (marked.has(it.id))
					problems.push(`page ${p}: marked-content id ${it.id} used twice`);
				marked.set(it.id, '');
			}
		} else if (it.type === 'endMarkedContent') {
			stack.pop();
		} else if (it.str !== undefined) {
			const top = [...stack].reverse().find((m) => m.id);
			if (top)
				marked.set(top.id, marked.get(top.id) + it.str + (it.hasEOL ? '\n' : ''));
			else if (norm(it.str) && !stack.some((m) => m.tag === 'Artifact'))
				problems.push(`page ${p}: text outside marked content: '${it.str}'`);
			if (markup.test(it.str))
				problems.push(`page ${p}: a passage's markup shows: '${it.str}'`);
		}
	}
	const seen = new Set();
	function walk(n, depth) {
		if (n.type === 'content') {
			if (seen.has(n.id))
				problems.push(`page ${p}: ${n.id} twice in the tree`);
			seen.add(n.id);
			if (!marked.has(n.id))
				problems.push(`page ${p}: the tree names ${n.id}, not marked on the page`);
			else {
				treeText += marked.get(n.id);
				leaves.push(rolePath.join('/') + '\t' + marked.get(n.id).replace(/\s+/g, ' '));
			}
			return;
		}
		if (n.type === 'object' || n.type === 'annotation')
			return;
		if (n.role) {
			roles.set(n.role, (roles.get(n.role) || 0) + 1);
			if (n.role === 'Artifact')
				problems.push(`page ${p}: an Artifact in the tree`);
			if (n.role === 'Figure') {
				figures++;
				if (!n.alt)
					problems.push(`page ${p}: a Figure without an alternative`);
				else
					treeText += ' ';
				if (n.alt && markup.test(n.alt))
					problems.push(`page ${p}: a Figure's alternative shows a passage's markup: '${n.alt.slice(0, 120)}'`);
				if (n.lang)
					figLangs.set(n.lang, [...(figLangs.get(n.lang) || []), n.alt || '']);
			}
			if (n.lang)
				langs.add(n.lang);
			if (n.role === 'Span' && n.lang) {
				const key = `${n.lang}\t${rolePath[rolePath.length - 1] || ''}`;
				const own = [];
				(function text(k) {
					if (k.type === 'content')
						own.push(marked.get(k.id) || '');
					for (const c of k.children || [])
						text(c);
				})(n);
				spanText.set(key, (spanText.get(key) || '') + own.join('') + '\u0000');
			}
		}
		rolePath.push(n.role || '');
		for (const c of n.children || [])
			walk(c, depth + 1);
		rolePath.pop();
	}
	if (tree)
		walk(tree, 0);
	else if (marked.size)
		problems.push(`page ${p}: marked content but no structure tree`);
	for (const id of marked.keys())
		if (!seen.has(id))
			problems.push(`page ${p}: ${id} is marked but not in the tree`);
	mcids += marked.size;
}

// headings in reading order: the outline's titles, in its order, are found
// one after the other in the tree's text
const outline = (await doc.getOutline()) || [];
const titles = [];
(function flat(items) {
	for (const o of items) {
		titles.push(o.title);
		flat(o.items || []);
	}
})(outline);
const flatText = norm(treeText);
let at = 0;
for (const t of titles) {
	let k = flatText.indexOf(norm(t).replace(/…$/, ''), at);
	if (k < 0 && /[\u0590-\u08FF]/.test(t)) {
		// right to left: until its runs carry an ActualText, a reader gets
		// the runs of a line in display order (and poppler each run's
		// characters too): the title's words, as written or reversed, are
		// then all there, in another order
		const words = t.split(/\s+/).map((w) => w.replace(/\p{P}/gu, '')).filter((w) => w);
		const found = words.map((w) => {
			const f = flatText.indexOf(w, at);
			return f >= 0 ? f : flatText.indexOf([...w].reverse().join(''), at);
		});
		k = found.every((f) => f >= 0) ? Math.min(...found) : -1;
	}
	if (k < 0) {
		problems.push(`heading '${t}' not found in the tree's text after the previous one`);
		if (process.env.TAGS_DEBUG) console.log(flatText.slice(at, at + 400));
		continue;
	}
	at = k;
}

if (process.env.TAGS_TEXT)
	fs.writeFileSync(process.env.TAGS_TEXT, leaves.map((l) => l + '\n').join(''));

const meta = await doc.getMetadata();
const lang = meta.info && meta.info.Language;
if (expectFile) {
	const ex = JSON.parse(fs.readFileSync(expectFile, 'utf8'));
	for (const r of ex.roles || [])
		if (!roles.has(r))
			problems.push(`no ${r} in the tree`);
	for (const l of ex.langs || [])
		if (!langs.has(l))
			problems.push(`no element in language ${l}`);
	for (const f of ex.figlangs || [])
		if (!(figLangs.get(f.lang) || []).some((a) => norm(a) === norm(f.alt)))
			problems.push(`no Figure /Lang ${f.lang} with the alternative '${f.alt}'` +
				(figLangs.has(f.lang) ? ` (its Figures: '${figLangs.get(f.lang).join("' '").slice(0, 200)}')` : ''));
	for (const [r, n] of Object.entries(ex.count || {}))
		if ((roles.get(r) || 0) !== n)
			problems.push(`${roles.get(r) || 0} ${r} elements, expected ${n}`);
	const squash = (s) => s.replace(/[\s\-\u2010\u00ad]/g, '');
	for (const sp of ex.spans || []) {
		const have = spanText.get(`${sp.lang}\t${sp.in}`) || '';
		// the Spans in turn, across a page break; never across another text
		const runs = have.split('\u0000');
		let found = false;
		for (let a = 0; a < runs.length && !found; a++)
			for (let b = a + 1; b <= runs.length && !found; b++)
				found = squash(runs.slice(a, b).join('')) === squash(sp.text);
		if (!found)
			problems.push(`no Span /Lang ${sp.lang} in a ${sp.in} holding '${sp.text}'` +
				(have ? ` (Spans of ${sp.lang} in ${sp.in}: '${runs.join("' '").slice(0, 200)}')` : ''));
	}
	if (ex.figures !== undefined && ex.figures !== figures)
		problems.push(`${figures} figures, expected ${ex.figures}`);
	if (ex.lang && lang !== ex.lang)
		problems.push(`document language ${lang}, expected ${ex.lang}`);
}
if (!meta.info || !meta.info.Title)
	problems.push('no document title');
for (const [k, v] of Object.entries(meta.info || {}))
	if (typeof v === 'string' && markup.test(v))
		problems.push(`the document information's ${k} shows a passage's markup: '${v.slice(0, 120)}'`);
const xmp = meta.metadata ? meta.metadata.getRaw() : '';
if (markup.test(xmp))
	problems.push(`the XMP shows a passage's markup: '${xmp.slice(Math.max(0, xmp.search(markup) - 60), xmp.search(markup) + 40)}'`);
const summary = [...roles.entries()].sort().map(([r, n]) => `${r}:${n}`).join(' ');
console.log(`${path.basename(file)}: ${doc.numPages} pages, ${mcids} marked, ${titles.length} headings in order, ` +
	`${figures} figures, lang ${lang}, block langs [${[...langs].sort()}]; ${summary}`);
for (const pr of problems.slice(0, 30))
	console.log(`  PROBLEM ${pr}`);
process.exit(problems.length ? 1 : 0);
