// bench/typst.mjs — Typst (0.14, through the npm package
// @myriaddreamin/typst-ts-node-compiler) on the reference workload, for the
// comparison rows of bench/run.sh. One node process compiles every file it
// is given to PDF, with one compiler (as Typst's own batch would):
//
//   node bench/typst.mjs NODE_MODULES FONTDIR OUTDIR FILE.typ...
//
// Prints "N pages" per file and the total, as dossier's build does.
// TYPST_TAGS=0 turns Typst's tagging off (`pdfTags: false`), for what
// tagging costs Typst.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [modules, fontdir, outdir, ...files] = process.argv.slice(2);
if (!files.length) {
	console.error("usage: node bench/typst.mjs NODE_MODULES FONTDIR OUTDIR FILE.typ...");
	process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), "x.js"));
const { NodeCompiler } = require("@myriaddreamin/typst-ts-node-compiler");
const compiler = NodeCompiler.create({
	workspace: path.dirname(path.resolve(files[0])),
	fontArgs: [{ fontPaths: [path.resolve(fontdir)] }],
});
fs.mkdirSync(outdir, { recursive: true });
let total = 0;
for (const f of files) {
	const res = compiler.compile({ mainFilePath: path.resolve(f) });
	const doc = res.result;
	if (!doc || res.hasError()) {
		res.printDiagnostics();
		process.exit(1);
	}
	const pdf = compiler.pdf(doc, { creationTimestamp: 1795392000, pdfTags: process.env.TYPST_TAGS !== "0" });
	fs.writeFileSync(path.join(outdir, path.basename(f, ".typ") + ".pdf"), pdf);
	total += doc.numOfPages;
	compiler.evictCache(10);
}
console.log(`typst: ${files.length} file(s), ${total} pages`);
