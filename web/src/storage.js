// Session persistence: the conversation id and what was shown, so a reload shows the same
// conversation and carries on with the same Rasa session (socket.io session_persistence).
//
// sessionStorage by default: it survives a reload but ends when the tab or browser is closed,
// which is right for a shared computer at a library or a citizen service desk.
// data-storage="local" keeps the conversation across tabs and restarts (intranet use).

const VERSION = 1;
const MAX_MESSAGES = 200;

function pickStorage(kind) {
  try {
    const store = kind === "local" ? window.localStorage : window.sessionStorage;
    const probe = "__parathed_probe__";
    store.setItem(probe, "1");
    store.removeItem(probe);
    return store;
  } catch {
    return null; // storage disabled: the conversation simply does not survive a reload
  }
}

export function createStore(kind, audience) {
  const store = pickStorage(kind);
  const key = `parathed-chat:v${VERSION}:${audience}`;

  function empty() {
    return { version: VERSION, sessionId: null, audience, messages: [] };
  }

  function load() {
    if (!store) return empty();
    try {
      const data = JSON.parse(store.getItem(key) || "null");
      if (!data || data.version !== VERSION || data.audience !== audience) return empty();
      if (typeof data.sessionId !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(data.sessionId)) {
        data.sessionId = null;
      }
      if (!Array.isArray(data.messages)) data.messages = [];
      return data;
    } catch {
      return empty();
    }
  }

  function save(state) {
    if (!store) return;
    const trimmed = { ...state, messages: state.messages.slice(-MAX_MESSAGES) };
    try {
      store.setItem(key, JSON.stringify(trimmed));
    } catch {
      // quota exceeded or storage turned off: keep going without persistence
    }
  }

  function clear() {
    if (store) store.removeItem(key);
  }

  return { load, save, clear, persistent: Boolean(store) };
}
