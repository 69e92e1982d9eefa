// Builds the chat page's assets into bot/web/static/dist/ (git-ignored) with esbuild.
// socket.io-client is bundled in, so the page needs nothing from the internet at run time.
// Output: chat.js + chat.css (the page), embed.js (the one-tag embed), build.json (file list).
//
//   npm ci --no-audit --no-fund && npm run build

import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, "..", "bot", "web", "static", "dist");

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  legalComments: "eof",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
};

const result = await build({
  ...common,
  entryPoints: {
    chat: join(here, "src", "chat.js"),
    embed: join(here, "src", "embed.js"),
  },
  outdir,
  format: "iife",
  metafile: true,
});

// The web server checks for this file to tell a missing build from a broken one.
const files = Object.keys(result.metafile.outputs).map((p) => p.split("/").pop()).sort();
writeFileSync(join(outdir, "build.json"), JSON.stringify({ files }, null, 2) + "\n");

for (const [path, info] of Object.entries(result.metafile.outputs)) {
  console.log(`${path.split("/").slice(-1)[0].padEnd(16)} ${(info.bytes / 1024).toFixed(1)} kB`);
}
