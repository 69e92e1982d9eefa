// The texts the page's script shows. Their words are responses in domain/chat_page.yml, where an editor
// can change them: the web server puts them in the page as JSON (data-strings on <main id="chat"), by the
// names bot/web/texts.py gives them, and loadStrings reads them. The page's fixed texts (heading, labels,
// buttons) are filled in by the web server too; the assistant's answers come from the bot.

const texts = {};

// STRINGS.<name>: the text, or "" for a name the page did not bring.
export const STRINGS = new Proxy(texts, {
  get: (target, name) => (typeof target[name] === "string" ? target[name] : ""),
});

export function loadStrings(root) {
  let found = {};
  try {
    found = JSON.parse(root.dataset.strings || "{}");
  } catch {
    found = {};
  }
  for (const [name, text] of Object.entries(found || {})) {
    if (typeof text === "string") texts[name] = text;
  }
}

// Sent by the page's "Slet samtalen" button (intent delete_conversation, domain/privacy.yml).
export const DELETE_PAYLOAD = "/delete_conversation";

export const MAX_MESSAGE_LENGTH = 1000;
