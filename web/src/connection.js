// The link to Rasa: socket.io over WebSocket only, or the stateless REST webhook where a WebSocket
// cannot open (a proxy or firewall that does not pass WebSockets).
//
// WebSocket only is socket.io's documented way to need no sticky sessions: one WebSocket is one TCP
// connection, so any load balancer keeps it on one replica. (Long polling sends many requests per
// session, and every one must reach the replica that made the session.)
//
// socket.io protocol (Rasa 3.6, rasa/core/channels/socketio.py):
//   client → "session_request" {session_id}   server → "session_confirm" <session_id>
//   client → "user_uttered" {message, session_id, customData}
//   server → "bot_uttered" {text, quick_replies?: [{title, payload}], attachment?}
// socket.io-client reconnects by itself; after every (re)connect we ask for the same session
// again, so the server puts the new socket in the conversation's room.
//
// REST (rasa/core/channels/rest.py): POST {url}/webhooks/rest/webhook {sender, message, metadata}
// answers with the bot's messages [{text, buttons?}]. The conversation id is made here.
//
// Every message carries metadata.message_id. A message sent again with the same id (the page's
// "Send igen") gets the stored answer again on the server and is not handled twice.

import { io } from "socket.io-client";

const REST_PATH = "/webhooks/rest/webhook";
const SOCKET_FAILURES_BEFORE_REST = 2;
const REST_TIMEOUT_MS = 20000;

function newId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID().replace(/-/g, "");
  }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function newMessageId() {
  return newId();
}

/** Is Rasa's HTTP side reachable? An opaque (no-cors) GET needs no CORS and says only that. */
async function reachable(url) {
  try {
    await fetch(`${url}/`, { mode: "no-cors", cache: "no-store" });
    return true;
  } catch {
    return false;
  }
}

export function createConnection({ url, sessionId, metadata, handlers }) {
  let currentSession = sessionId || null;
  let confirmed = false;
  let everConnected = false;
  let socketFailures = 0;
  let mode = "socket"; // "socket" or "rest"
  let restReady = false;
  let probing = false;

  const socket = io(url, {
    path: "/socket.io",
    transports: ["websocket"], // WebSocket only: no sticky sessions needed (see above)
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10000,
    randomizationFactor: 0.3,
    timeout: 10000,
    autoConnect: false,
  });

  socket.on("connect", () => {
    confirmed = false;
    everConnected = true;
    socket.emit("session_request", { session_id: currentSession, customData: metadata });
  });

  socket.on("session_confirm", (data) => {
    // Rasa sends the id as a plain string; some versions wrap it in an object.
    const id = typeof data === "string" ? data : data && data.session_id;
    if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,128}$/.test(id)) return;
    const isNew = id !== currentSession;
    currentSession = id;
    confirmed = true;
    handlers.onSession(id, isNew);
  });

  socket.on("bot_uttered", (data) => {
    if (data && typeof data === "object") handlers.onBotMessage(data);
  });

  socket.on("disconnect", (reason) => {
    confirmed = false;
    handlers.onDisconnect(reason);
  });

  socket.on("connect_error", () => {
    confirmed = false;
    socketFailures += 1;
    handlers.onConnectError();
    if (!everConnected && socketFailures >= SOCKET_FAILURES_BEFORE_REST) maybeSwitchToRest();
  });

  // ---------- REST fallback ----------

  async function maybeSwitchToRest() {
    if (probing || mode === "rest") return;
    probing = true;
    const ok = await reachable(url);
    probing = false;
    // The server answers HTTP but no WebSocket opened: something between us blocks WebSockets.
    if (!ok || mode === "rest" || everConnected) return;
    mode = "rest";
    socket.io.opts.reconnection = false;
    socket.disconnect();
    restBecameReady();
  }

  function restBecameReady() {
    restReady = true;
    const isNew = !currentSession;
    if (isNew) currentSession = newId();
    handlers.onSession(currentSession, isNew);
  }

  async function restSend(message, messageId) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REST_TIMEOUT_MS);
    try {
      const response = await fetch(`${url}${REST_PATH}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          sender: currentSession,
          message,
          metadata: { ...metadata, message_id: messageId },
        }),
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      const replies = await response.json();
      if (!Array.isArray(replies) || replies.length === 0) throw new Error("intet svar");
      for (const reply of replies) {
        if (reply && typeof reply === "object") handlers.onBotMessage(reply);
      }
    } catch {
      // Each REST message stands alone: the page says it got no answer and offers "Send igen".
      handlers.onNoAnswer(messageId);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    start() {
      socket.connect();
    },
    get ready() {
      return mode === "rest" ? restReady : socket.connected && confirmed;
    },
    get mode() {
      return mode;
    },
    get sessionId() {
      return currentSession;
    },
    /** Sends a message with its id; false when the chat cannot send right now. */
    send(message, messageId) {
      const id = messageId || newId();
      if (mode === "rest") {
        if (!restReady) return false;
        restSend(message, id);
        return true;
      }
      if (!socket.connected || !confirmed) return false;
      socket.emit("user_uttered", {
        message,
        session_id: currentSession,
        customData: { ...metadata, message_id: id },
      });
      return true;
    },
    /** Forgets the session and asks the server for a new one. */
    restart() {
      currentSession = null;
      confirmed = false;
      if (mode === "rest") {
        if (restReady) restBecameReady();
        return;
      }
      // A fresh socket: Rasa never takes a socket out of a conversation's room, so reusing the
      // old socket would keep receiving messages meant for the old conversation.
      socket.disconnect();
      socket.connect();
    },
  };
}
