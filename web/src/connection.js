// The link to Rasa's socket.io channel (credentials.yml: socketio with session_persistence).
//
// Protocol (Rasa 3.6, rasa/core/channels/socketio.py):
//   client → "session_request" {session_id}   server → "session_confirm" <session_id>
//   client → "user_uttered" {message, session_id, customData}
//   server → "bot_uttered" {text, quick_replies?: [{title, payload}], attachment?}
// socket.io-client reconnects by itself; after every (re)connect we ask for the same session
// again, so the server puts the new socket in the conversation's room.

import { io } from "socket.io-client";

export function createConnection({ url, sessionId, metadata, handlers }) {
  let currentSession = sessionId || null;
  let confirmed = false;

  const socket = io(url, {
    path: "/socket.io",
    // WebSocket first: it needs no CORS. Long polling is the fallback behind strict proxies.
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10000,
    randomizationFactor: 0.3,
    timeout: 10000,
    autoConnect: false,
  });

  socket.on("connect", () => {
    confirmed = false;
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
    handlers.onConnectError();
  });

  return {
    start() {
      socket.connect();
    },
    get ready() {
      return socket.connected && confirmed;
    },
    get sessionId() {
      return currentSession;
    },
    send(message) {
      if (!socket.connected || !confirmed) return false;
      socket.emit("user_uttered", {
        message,
        session_id: currentSession,
        customData: metadata,
      });
      return true;
    },
    /** Forgets the session and asks the server for a new one. */
    restart() {
      // A fresh socket: Rasa never takes a socket out of a conversation's room, so reusing the
      // old socket would keep receiving messages meant for the old conversation.
      currentSession = null;
      confirmed = false;
      socket.disconnect();
      socket.connect();
    },
  };
}
