// Unit tests for the safe text rendering (node's own test runner: `npm test`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseText, splitLinks, safeHref } from "../src/render.js";

test("plain text stays text, markup included", () => {
  const blocks = parseText("<script>alert(1)</script> **fed** <b>x</b>");
  assert.deepEqual(blocks, [
    { type: "paragraph", lines: [[{ type: "text", text: "<script>alert(1)</script> **fed** <b>x</b>" }]] },
  ]);
});

test("http and https addresses become links, without trailing punctuation", () => {
  assert.deepEqual(splitLinks("Se https://www.borger.dk/mitid. Eller http://x.dk/a?b=1, tak"), [
    { type: "text", text: "Se " },
    { type: "link", text: "https://www.borger.dk/mitid", href: "https://www.borger.dk/mitid" },
    { type: "text", text: ". Eller " },
    { type: "link", text: "http://x.dk/a?b=1", href: "http://x.dk/a?b=1" },
    { type: "text", text: ", tak" },
  ]);
});

test("other schemes are never links", () => {
  for (const text of ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.dk", "www.borger.dk"]) {
    assert.ok(splitLinks(text).every((run) => run.type === "text"), text);
  }
  assert.equal(safeHref("javascript:alert(1)"), null);
  assert.equal(safeHref("https://"), null);
});

test("a quote or angle bracket ends an address", () => {
  const runs = splitLinks('https://x.dk/"onmouseover="alert(1)');
  assert.equal(runs[0].href, "https://x.dk/");
});

test("parentheses around and inside addresses", () => {
  assert.equal(splitLinks("(se https://x.dk/a)")[1].text, "https://x.dk/a");
  assert.equal(splitLinks("https://da.wikipedia.org/wiki/Bo_(by)")[0].text, "https://da.wikipedia.org/wiki/Bo_(by)");
});

test("lines starting with '- ' or '• ' form a list; blank lines split paragraphs", () => {
  const blocks = parseText("Jeg kan hjælpe med:\n- MitID\n• Digital Post\n\nSkriv igen.\nTak.");
  assert.equal(blocks.length, 3);
  assert.equal(blocks[0].type, "paragraph");
  assert.equal(blocks[1].type, "list");
  assert.deepEqual(blocks[1].items, [[{ type: "text", text: "MitID" }], [{ type: "text", text: "Digital Post" }]]);
  assert.deepEqual(blocks[2].lines.length, 2);
});

test("a hyphen inside a line is not a list", () => {
  assert.equal(parseText("sosu-assistent - og lærer")[0].type, "paragraph");
});

test("empty and odd input", () => {
  assert.deepEqual(parseText(""), []);
  assert.deepEqual(parseText(null), []);
  assert.deepEqual(parseText("\r\n\r\n"), []);
});

test("a 'Læs mere' line under a citizen answer becomes a real link (issue 13)", () => {
  const text = "Sådan får du MitID\nDu kan få MitID i borgerservice.\n\nLæs mere: https://www.mitid.dk";
  const blocks = parseText(text);
  assert.deepEqual(blocks[blocks.length - 1], {
    type: "paragraph",
    lines: [[
      { type: "text", text: "Læs mere: " },
      { type: "link", text: "https://www.mitid.dk", href: "https://www.mitid.dk/" },
    ]],
  });
});
