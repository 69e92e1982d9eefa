// Embed script: one <script> tag on an intranet page or the municipality's site.
//
//   <script src="https://chat.example.dk/embed.js" defer
//           data-audience="staff" data-mode="launcher"></script>
//
// data-audience  "staff" (default) or "citizen"
// data-mode      "launcher" (default: a button in the corner opens the chat) or "inline"
//                (the chat is shown where the script tag stands, or in data-target)
// data-target    id of an element to put the inline chat in
// data-label     the launcher button's text (default: utter_chat_embed_button in domain/chat_page.yml)
// data-height    height of the inline chat (default "40rem")
// data-storage   "session" (default) or "local"
//
// The chat itself runs in an iframe from the chat server, so the host page's styles and scripts
// cannot touch it and it cannot touch them. Everything is styled through the CSSOM (no inline
// <style>), so a host page with a strict Content-Security-Policy only has to allow this script
// and the iframe (script-src and frame-src for the chat server's origin).

(function () {
  const script = document.currentScript;
  if (!script || !script.src) return;
  if (window.__parathedChatLoaded) return;
  window.__parathedChatLoaded = true;

  // The words, per audience, from domain/chat_page.yml: the web server sets them just before this script
  // when it serves it (bot/web/texts.py, embed_texts).
  const TEXTS = window.__parathedEmbedTexts || {};
  const d = script.dataset;
  const base = new URL(".", script.src);
  const origin = base.origin;
  const audience = d.audience === "citizen" ? "citizen" : "staff";
  const mode = d.mode === "inline" ? "inline" : "launcher";
  const words = TEXTS[audience] || {};
  const label = (d.label || "").trim() || words.label || "";
  const height = /^[0-9.]+(rem|px|vh|em)$/.test(d.height || "") ? d.height : "40rem";

  const src = new URL("./", base);
  src.searchParams.set("audience", audience);
  src.searchParams.set("embed", "1");
  if (d.storage === "local") src.searchParams.set("storage", "local");

  function css(node, styles) {
    for (const [name, value] of Object.entries(styles)) node.style.setProperty(name, value);
  }

  function makeFrame() {
    const frame = document.createElement("iframe");
    frame.src = src.href;
    frame.title = words.frameTitle || "";
    frame.setAttribute("allow", "clipboard-write");
    css(frame, { border: "0", width: "100%", height: "100%", display: "block", background: "#fff" });
    return frame;
  }

  function whenReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  if (mode === "inline") {
    whenReady(() => {
      const target = (d.target && document.getElementById(d.target)) || null;
      const box = document.createElement("div");
      box.className = "parathed-chat-inline";
      css(box, {
        width: "100%",
        height,
        "max-height": "100vh",
        border: "1px solid #6b7178",
        "border-radius": "0.5rem",
        overflow: "hidden",
      });
      box.appendChild(makeFrame());
      if (target) target.appendChild(box);
      else script.parentNode.insertBefore(box, script.nextSibling);
    });
    return;
  }

  whenReady(() => {
    const id = "parathed-chat-panel";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "parathed-chat-launcher";
    button.textContent = label;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", id);
    css(button, {
      position: "fixed",
      right: "1rem",
      bottom: "1rem",
      "z-index": "2147483000",
      "min-height": "2.75rem",
      padding: "0.625rem 1.125rem",
      "border-radius": "1.5rem",
      border: "2px solid #ffffff",
      background: "#174a7c",
      color: "#ffffff",
      font: "600 1rem/1.25 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
      "box-shadow": "0 2px 8px rgba(0, 0, 0, 0.35)",
      cursor: "pointer",
    });
    // Visible focus on any host page: a dark ring with a yellow halo.
    button.addEventListener("focus", () => {
      if (button.matches(":focus-visible")) {
        css(button, { outline: "3px solid #0b0c0c", "outline-offset": "2px" });
        css(button, { "box-shadow": "0 0 0 5px #ffd100" });
      }
    });
    button.addEventListener("blur", () => {
      css(button, { outline: "none", "box-shadow": "0 2px 8px rgba(0, 0, 0, 0.35)" });
    });

    const panel = document.createElement("div");
    panel.id = id;
    panel.className = "parathed-chat-panel";
    panel.hidden = true;
    css(panel, {
      position: "fixed",
      right: "1rem",
      bottom: "4.5rem",
      "z-index": "2147483000",
      width: "min(26rem, calc(100vw - 2rem))",
      height: "min(40rem, calc(100vh - 6rem))",
      background: "#ffffff",
      border: "1px solid #6b7178",
      "border-radius": "0.75rem",
      overflow: "hidden",
      "box-shadow": "0 4px 24px rgba(0, 0, 0, 0.3)",
    });

    let frame = null;

    function open() {
      if (!frame) {
        frame = makeFrame();
        panel.appendChild(frame);
        frame.addEventListener("load", () => focusChat());
      }
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      focusChat();
    }

    function focusChat() {
      if (!frame || panel.hidden) return;
      frame.focus();
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: "parathed-chat:focus" }, origin);
    }

    function close() {
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }

    button.addEventListener("click", () => (panel.hidden ? open() : close()));
    window.addEventListener("message", (event) => {
      if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
      if (event.data && event.data.type === "parathed-chat:close") close();
    });

    document.body.appendChild(panel);
    document.body.appendChild(button);
  });
})();
