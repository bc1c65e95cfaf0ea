// extract-snippets.mjs <docs-dir> <out-dir>: every ```ts block of the deployment guides becomes a
// module of its own in <out-dir> (guide-name.N.ts), so that `tsc --noEmit` checks the guides' code
// against the packed packages, exactly as a reader would paste it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [docsDir, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
let count = 0;
for (const file of readdirSync(docsDir).filter((name) => name.endsWith(".md"))) {
  const blocks = [...readFileSync(join(docsDir, file), "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)];
  blocks.forEach((block, index) => {
    writeFileSync(join(outDir, `${basename(file, ".md")}.${index + 1}.ts`), block[1]);
    count++;
  });
}
console.log(`    ${count} TypeScript snippets from ${docsDir}`);
