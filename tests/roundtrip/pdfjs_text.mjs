// pdfjs_text.mjs — the text Mozilla pdf.js extracts from a PDF, as its find
// bar and copy see it: the items of getTextContent in order, a line end
// after an item that ends a line, a form feed after each page.
//   node pdfjs_text.mjs PDFJS_DIR file.pdf
import { openPdf } from '../tools/pdfjs.mjs';

const [pdfjsDir, file] = process.argv.slice(2);
const doc = await openPdf(pdfjsDir, file);
let out = '';
for (let p = 1; p <= doc.numPages; p++) {
	const page = await doc.getPage(p);
	const tc = await page.getTextContent();
	for (const it of tc.items)
		out += it.str + (it.hasEOL ? '\n' : '');
	out += '\n\f';
}
process.stdout.write(out);
