// The chat page: Danish, keyboard-first, no framework.
//
// Configuration comes from data attributes on <main id="chat"> (the web server fills them in):
//   data-audience     "staff" (default) or "citizen"; sent to Rasa as customData.audience
//   data-socket-url   Rasa's socket.io address; empty = same host as the page, data-rasa-port
//   data-rasa-port    Rasa's port when data-socket-url is empty (default 5005)
//   data-storage      "session" (default) or "local": where the conversation is kept
//   data-embed        "true" inside the embed iframe (shows a close button)
//   data-strings      the texts the script shows, as JSON (strings.js)

import "./chat.css";
import { STRINGS, MAX_MESSAGE_LENGTH, DELETE_PAYLOAD, loadStrings } from "./strings.js";
import { renderText, safeHref } from "./render.js";
import { createStore } from "./storage.js";
import { createConnection, newMessageId } from "./connection.js";

const GREETING_PAYLOAD = "/greet";
const ANSWER_TIMEOUT_MS = 15000; // then the page offers to send the message again
const UNAVAILABLE_AFTER_ATTEMPTS = 2;

function readConfig(root) {
  const d = root.dataset;
  const audience = d.audience === "citizen" ? "citizen" : "staff";
  let socketUrl = (d.socketUrl || "").trim();
  if (!socketUrl || !safeHref(socketUrl)) {
    const port = /^\d{1,5}$/.test(d.rasaPort || "") ? d.rasaPort : "5005";
    const protocol = window.location.protocol === "https:" ? "https:" : "http:";
    socketUrl = `${protocol}//${window.location.hostname}:${port}`;
  }
  return {
    audience,
    socketUrl,
    storage: d.storage === "local" ? "local" : "session",
    embed: d.embed === "true",
    feedbackUrl: new URL("api/feedback", document.baseURI).href,
  };
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function cleanButtons(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((b) => b && typeof b.title === "string" && b.title.trim() !== "")
    .slice(0, 10)
    .map((b) => ({
      title: b.title.slice(0, 200),
      payload: typeof b.payload === "string" && b.payload !== "" ? b.payload.slice(0, 500) : b.title,
    }));
}

/** Turns a bot_uttered payload into {text, buttons} or null when there is nothing to show. */
function botMessageFrom(data) {
  let text = typeof data.text === "string" ? data.text : "";
  const buttons = cleanButtons(data.quick_replies || data.buttons);
  const attachment = data.attachment;
  if (attachment && attachment.type === "image" && attachment.payload) {
    const href = safeHref(String(attachment.payload.src || ""));
    if (href) text = text ? `${text}\n${href}` : `${STRINGS.image}: ${href}`;
  }
  if (text.trim() === "" && buttons.length === 0) return null;
  return { text, buttons };
}

function init() {
  const root = document.getElementById("chat");
  if (!root) return;
  loadStrings(root);
  const config = readConfig(root);
  const store = createStore(config.storage, config.audience);
  let state = store.load();

  const log = document.getElementById("chat-log");
  const announcer = document.getElementById("chat-announcer");
  const status = document.getElementById("chat-status");
  const typing = document.getElementById("chat-typing");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const formError = document.getElementById("chat-form-error");
  const restartButton = document.getElementById("chat-restart");
  const deleteButton = document.getElementById("chat-delete");
  const closeButton = document.getElementById("chat-close");

  let greetingPending = false;
  let answerTimer = null;
  let everConnected = false;
  let failedAttempts = 0;
  let nextId = state.messages.reduce((max, m) => Math.max(max, m.id || 0), 0) + 1;

  // ---------- rendering ----------

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function announce(text) {
    const p = el("p", null, text);
    announcer.appendChild(p);
    while (announcer.childElementCount > 3) announcer.firstElementChild.remove();
  }

  function setStatus(text, kind) {
    // The element stays in the page (an empty live region takes no space) so that screen
    // readers announce each change.
    status.textContent = text || "";
    status.dataset.kind = text ? kind || "info" : "";
  }

  let typingTimer = null;
  function setTyping(on) {
    typing.hidden = !on;
    if (typingTimer) clearTimeout(typingTimer);
    typingTimer = null;
    if (on) {
      scrollToEnd();
      // Tell screen reader users only when the answer takes a moment.
      typingTimer = setTimeout(() => announce(STRINGS.typing), 1500);
    }
  }

  function lastTurnOf(role) {
    const turn = log.lastElementChild;
    return turn && turn.dataset.role === role ? turn : null;
  }

  function removeQuickReplies() {
    for (const group of log.querySelectorAll(".quick-replies")) group.remove();
    for (const m of state.messages) if (m.buttons && m.buttons.length) m.buttonsUsed = true;
  }

  function renderQuickReplies(message) {
    const group = el("div", "quick-replies");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", STRINGS.suggestions);
    for (const button of message.buttons) {
      const b = el("button", "quick-reply", button.title);
      b.type = "button";
      b.addEventListener("click", () => {
        if (sendMessage(button.payload, button.title)) input.focus();
      });
      group.appendChild(b);
    }
    return group;
  }

  function renderFeedback(turn) {
    const box = el("div", "feedback");
    const question = el("span", "feedback-question", STRINGS.feedbackQuestion);
    question.id = `feedback-q-${turn.dataset.turn}`;
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", question.id);
    box.appendChild(question);
    const result = el("span", "feedback-result");
    result.setAttribute("role", "status");
    for (const [value, label, aria] of [
      ["op", STRINGS.feedbackUp, STRINGS.feedbackUpLabel],
      ["ned", STRINGS.feedbackDown, STRINGS.feedbackDownLabel],
    ]) {
      const b = el("button", `feedback-button feedback-${value}`);
      b.type = "button";
      b.dataset.value = value;
      b.setAttribute("aria-pressed", "false");
      b.setAttribute("aria-label", aria);
      b.appendChild(thumbIcon(value));
      b.appendChild(el("span", null, label));
      b.addEventListener("click", () => sendFeedback(turn, value, box, result));
      box.appendChild(b);
    }
    box.appendChild(result);
    return box;
  }

  function markFeedback(box, value) {
    for (const b of box.querySelectorAll(".feedback-button")) {
      b.setAttribute("aria-pressed", String(b.dataset.value === value));
    }
  }

  function appendMessage(message) {
    const role = message.role;
    let turn = lastTurnOf(role);
    if (!turn || (role === "bot" && turn.dataset.greeting !== String(Boolean(message.greeting)))) {
      turn = el("div", `turn turn-${role}`);
      turn.dataset.role = role;
      turn.dataset.turn = String(message.id);
      if (role === "bot") turn.dataset.greeting = String(Boolean(message.greeting));
      log.appendChild(turn);
    }
    const bubble = el("div", `message message-${role}`);
    bubble.dataset.id = String(message.id);
    bubble.appendChild(el("span", "visually-hidden", role === "user" ? STRINGS.you : STRINGS.assistant));
    const body = el("div", "message-text");
    if (role === "bot") {
      body.appendChild(renderText(document, message.text, STRINGS));
    } else {
      // The user's own words, shown exactly as typed (pre-wrap keeps line breaks).
      body.textContent = message.text;
    }
    bubble.appendChild(body);
    if (role === "bot" && message.buttons && message.buttons.length && !message.buttonsUsed) {
      bubble.appendChild(renderQuickReplies(message));
    }
    const feedback = turn.querySelector(".feedback");
    if (feedback) turn.insertBefore(bubble, feedback);
    else turn.appendChild(bubble);
    if (role === "bot" && !message.greeting && !feedback) {
      const box = renderFeedback(turn);
      turn.appendChild(box);
      if (message.feedback) markFeedback(box, message.feedback);
    }
    scrollToEnd();
  }

  function renderAll() {
    log.textContent = "";
    for (const m of state.messages) appendMessage(m);
  }

  // ---------- state ----------

  function addMessage(message) {
    message.id = nextId++;
    state.messages.push(message);
    store.save(state);
    appendMessage(message);
    return message;
  }

  function turnMessages(turn) {
    const ids = new Set(Array.from(turn.querySelectorAll(".message")).map((n) => Number(n.dataset.id)));
    return state.messages.filter((m) => ids.has(m.id));
  }

  // ---------- feedback ----------

  async function sendFeedback(turn, value, box, result) {
    const messages = turnMessages(turn);
    const text = messages.map((m) => m.text).join("\n\n");
    if (!state.sessionId || !text) return;
    result.textContent = "";
    try {
      const response = await fetch(config.feedbackUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ conversation_id: state.sessionId, message: text, value }),
      });
      if (!response.ok) throw new Error(String(response.status));
      for (const m of messages) m.feedback = value;
      store.save(state);
      markFeedback(box, value);
      result.textContent = STRINGS.feedbackThanks;
    } catch {
      result.textContent = STRINGS.feedbackFailed;
    }
  }

  // ---------- sending ----------

  function clearAnswerTimer() {
    if (answerTimer) clearTimeout(answerTimer);
    answerTimer = null;
  }

  // ---------- a message that got no answer: say so, and offer to send it again ----------

  // The message waiting for an answer: {payload, messageId}. Sent again with the same id, the
  // server answers it once (a message it already handled gets the stored answer again).
  let pending = null;
  const resendButton = el("button", "button button-small chat-resend", STRINGS.resend);
  resendButton.type = "button";
  resendButton.id = "chat-resend";
  resendButton.hidden = true;
  status.after(resendButton);

  function answered() {
    pending = null;
    resendButton.hidden = true;
  }

  function showNoAnswer() {
    clearAnswerTimer();
    setTyping(false);
    if (!pending) return;
    setStatus(STRINGS.noAnswer, "warning");
    resendButton.hidden = false;
  }

  resendButton.addEventListener("click", () => {
    if (!pending) return;
    if (!connection.send(pending.payload, pending.messageId)) {
      setStatus(STRINGS.notSent, "error");
      return;
    }
    resendButton.hidden = true;
    setStatus("");
    expectAnswer();
    input.focus();
  });

  function expectAnswer() {
    setTyping(true);
    clearAnswerTimer();
    answerTimer = setTimeout(showNoAnswer, ANSWER_TIMEOUT_MS);
  }

  /** Sends a message; shownText is what the user sees (the button title for quick replies). */
  function sendMessage(payload, shownText) {
    const messageId = newMessageId();
    if (!connection.send(payload, messageId)) {
      setStatus(STRINGS.notSent, "error");
      return false;
    }
    removeQuickReplies();
    addMessage({ role: "user", text: shownText });
    if (status.dataset.kind === "warning") setStatus("");
    pending = { payload, messageId };
    resendButton.hidden = true;
    expectAnswer();
    return true;
  }

  function showFormError(text) {
    formError.textContent = text || "";
    formError.hidden = !text;
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      showFormError(STRINGS.emptyMessage);
      input.focus();
      return;
    }
    if (text.length > MAX_MESSAGE_LENGTH) {
      showFormError(STRINGS.tooLong);
      input.focus();
      return;
    }
    showFormError("");
    if (sendMessage(text, text)) input.value = "";
    input.focus();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", () => {
    if (!formError.hidden && input.value.trim()) showFormError("");
  });

  // ---------- connection ----------

  function startGreeting() {
    if (greetingPending) return;
    if (state.messages.some((m) => m.role === "bot")) return;
    const messageId = newMessageId();
    greetingPending = connection.send(GREETING_PAYLOAD, messageId);
    if (greetingPending) {
      pending = { payload: GREETING_PAYLOAD, messageId };
      expectAnswer();
    }
  }

  const connection = createConnection({
    url: config.socketUrl,
    sessionId: state.sessionId,
    metadata: { audience: config.audience },
    handlers: {
      onSession(id, isNew) {
        const wasReconnect = everConnected;
        const failedBefore = failedAttempts > 0;
        everConnected = true;
        failedAttempts = 0;
        if (isNew) {
          state = { ...state, sessionId: id, messages: [] };
          log.textContent = "";
          store.save(state);
        }
        const hadProblem = status.dataset.kind === "warning" || status.dataset.kind === "error";
        setStatus(hadProblem && (wasReconnect || failedBefore) ? STRINGS.reconnected : "", "");
        // A message sent before the connection broke got no answer: offer to send it again.
        if (pending && !isNew && !answerTimer) showNoAnswer();
        else if (isNew) answered();
        startGreeting();
      },
      onBotMessage(data) {
        const message = botMessageFrom(data);
        if (!message) return;
        clearAnswerTimer();
        setTyping(false);
        answered();
        if (status.dataset.kind === "warning") setStatus("");
        message.role = "bot";
        if (greetingPending && !state.messages.some((m) => m.role === "user")) message.greeting = true;
        addMessage(message);
        announce(`${STRINGS.assistant} ${message.text}`);
      },
      onDisconnect(reason) {
        if (reason === "io client disconnect") return; // our own restart
        clearAnswerTimer(); // an answer on its way is lost with the connection
        setTyping(false);
        setStatus(STRINGS.reconnecting, "warning");
      },
      onNoAnswer(messageId) {
        if (pending && pending.messageId === messageId) showNoAnswer();
      },
      onConnectError() {
        failedAttempts += 1;
        if (failedAttempts >= UNAVAILABLE_AFTER_ATTEMPTS || !everConnected) {
          setTyping(false);
          setStatus(STRINGS.unavailable, "error");
        }
      },
    },
  });

  restartButton.addEventListener("click", () => {
    clearAnswerTimer();
    answered();
    setTyping(false);
    greetingPending = false;
    store.clear();
    state = { ...store.load() };
    log.textContent = "";
    connection.restart();
    announce(STRINGS.newConversationDone);
    input.focus();
  });

  // "Slet samtalen": the assistant asks for confirmation, then deletes the conversation on the server.
  if (deleteButton) {
    deleteButton.addEventListener("click", () => {
      if (sendMessage(DELETE_PAYLOAD, STRINGS.deleteConversation)) input.focus();
    });
  }

  if (closeButton) {
    closeButton.hidden = !config.embed;
    closeButton.addEventListener("click", () => {
      window.parent.postMessage({ type: "parathed-chat:close" }, "*");
    });
  }
  if (config.embed) {
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") window.parent.postMessage({ type: "parathed-chat:close" }, "*");
    });
    window.addEventListener("message", (event) => {
      if (event.source === window.parent && event.data && event.data.type === "parathed-chat:focus") {
        input.focus();
      }
    });
  }

  renderAll();
  if (!state.sessionId) setStatus(STRINGS.connecting, "info");
  connection.start();
  // For tests and debugging: the current conversation id (no personal data).
  root.dataset.ready = "true";
  Object.defineProperty(root, "conversationId", { get: () => state.sessionId });
}

const SVG_NS = "http://www.w3.org/2000/svg";
function thumbIcon(value) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("fill", "currentColor");
  // A simple thumb of our own: a cuff on the left, the hand with the thumb raised.
  path.setAttribute(
    "d",
    "M2 10h4v11H2zM8 10l3.6-7.2c1.6 0 2.9 1.2 2.9 2.8L14 9h6a2 2 0 0 1 2 2.3l-1.3 7.6A2.6 2.6 0 0 1 18.1 21H8z",
  );
  if (value === "ned") path.setAttribute("transform", "rotate(180 12 12)");
  svg.appendChild(path);
  return svg;
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
