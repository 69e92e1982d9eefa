// Safe rendering of text from the server.
//
// Everything the assistant sends is plain text, never markup. parseText() turns it into a small
// list of blocks (paragraphs and lists) made of text runs and links; renderBlocks() builds DOM
// nodes from them with textContent and createElement only, so nothing from the server is ever
// parsed as HTML. "**fed**" stays the literal text "**fed**".

const URL_PATTERN = /https?:\/\/[^\s<>"']+/gi;
// Punctuation that ends a sentence rather than the address: "Se https://borger.dk." → no dot.
const TRAILING = /[.,;:!?'")\]}»”]+$/;
const LIST_ITEM = /^\s*(?:- |• |\u2022\s)/;

/** Returns the address if it is a safe http(s) link, otherwise null. */
export function safeHref(candidate) {
  let url;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!url.hostname) return null;
  return url.href;
}

/** Splits one line into runs: {type: "text", text} and {type: "link", text, href}. */
export function splitLinks(line) {
  const runs = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trailing = raw.match(TRAILING);
    if (trailing) raw = raw.slice(0, raw.length - trailing[0].length);
    // Keep a closing parenthesis that belongs to the address: https://da.wikipedia.org/wiki/X_(Y)
    if (line[match.index + raw.length] === ")" && raw.includes("(") && !raw.includes(")")) {
      raw += ")";
    }
    const href = raw.length > 0 ? safeHref(raw) : null;
    if (!href) continue;
    if (match.index > last) runs.push({ type: "text", text: line.slice(last, match.index) });
    runs.push({ type: "link", text: raw, href });
    last = match.index + raw.length;
  }
  if (last < line.length) runs.push({ type: "text", text: line.slice(last) });
  return runs;
}

/**
 * Parses server text into blocks:
 *   {type: "paragraph", lines: [runs, runs, ...]}  (lines inside one paragraph)
 *   {type: "list", items: [runs, runs, ...]}
 * A blank line ends a paragraph; lines starting with "- " or "• " form a list.
 */
export function parseText(text) {
  const blocks = [];
  let current = null;
  const lines = String(text ?? "").replace(/\r\n?/g, "\n").split("\n");
  for (const rawLine of lines) {
    const line = rawLine.replace(/\s+$/, "");
    if (line.trim() === "") {
      current = null;
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const item = line.replace(LIST_ITEM, "").trim();
      if (!current || current.type !== "list") {
        current = { type: "list", items: [] };
        blocks.push(current);
      }
      current.items.push(splitLinks(item));
    } else {
      if (!current || current.type !== "paragraph") {
        current = { type: "paragraph", lines: [] };
        blocks.push(current);
      }
      current.lines.push(splitLinks(line.trim()));
    }
  }
  return blocks;
}

function appendRuns(doc, parent, runs, strings) {
  for (const run of runs) {
    if (run.type === "link") {
      const a = doc.createElement("a");
      a.href = run.href;
      a.textContent = run.text;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      const hint = doc.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = ` ${strings.opensInNewWindow}`;
      a.appendChild(hint);
      parent.appendChild(a);
    } else {
      parent.appendChild(doc.createTextNode(run.text));
    }
  }
}

/** Builds a DocumentFragment for the text. Uses only createElement and text nodes. */
export function renderText(doc, text, strings) {
  const fragment = doc.createDocumentFragment();
  for (const block of parseText(text)) {
    if (block.type === "list") {
      const ul = doc.createElement("ul");
      for (const runs of block.items) {
        const li = doc.createElement("li");
        appendRuns(doc, li, runs, strings);
        ul.appendChild(li);
      }
      fragment.appendChild(ul);
    } else {
      const p = doc.createElement("p");
      block.lines.forEach((runs, i) => {
        if (i > 0) p.appendChild(doc.createElement("br"));
        appendRuns(doc, p, runs, strings);
      });
      fragment.appendChild(p);
    }
  }
  return fragment;
}
