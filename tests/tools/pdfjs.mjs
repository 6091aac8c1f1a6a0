// pdfjs.mjs — a PDF opened with Mozilla pdf.js (pdfjs-dist, legacy build,
// installed under PDFJS_DIR by the test set-up), for the checks that read
// PDFs as a browser does (tests/tags/tree.mjs, tests/roundtrip/pdfjs_text.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function openPdf(pdfjsDir, file) {
	const say = console.log; // pdf.js warns that it cannot draw without canvas: no drawing here
	console.log = () => {};
	const pdfjs = require(path.resolve(pdfjsDir, 'node_modules/pdfjs-dist/legacy/build/pdf.js'));
	console.log = say;
	const data = new Uint8Array(fs.readFileSync(file));
	return pdfjs.getDocument({ data, verbosity: 0, isEvalSupported: false }).promise;
}
