// pdfjs_text.mjs — the text Mozilla pdf.js extracts from a PDF, as its find
// bar and copy see it: the items of getTextContent in order, a line end
// after an item that ends a line, a form feed after each page.
//   node pdfjs_text.mjs PDFJS_DIR file.pdf
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [pdfjsDir, file] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const say = console.log; // pdf.js warns that it cannot draw without canvas: no drawing here
console.log = () => {};
const pdfjs = require(path.resolve(pdfjsDir, 'node_modules/pdfjs-dist/legacy/build/pdf.js'));
console.log = say;
const data = new Uint8Array(fs.readFileSync(file));
const doc = await pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
let out = '';
for (let p = 1; p <= doc.numPages; p++) {
	const page = await doc.getPage(p);
	const tc = await page.getTextContent();
	for (const it of tc.items)
		out += it.str + (it.hasEOL ? '\n' : '');
	out += '\n\f';
}
process.stdout.write(out);
