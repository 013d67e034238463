// One session's window: the screen, the keyboard, paste, start and stop.
"use strict";

const sessionId = decodeURIComponent(window.location.pathname.split("/").pop());
const canvas = document.getElementById("screen");
const statusLine = document.getElementById("status");
const screen = new MvmScreen(canvas, document.getElementById("mirror"));
window.mvmScreen = screen;  // for tests and measurements: frames drawn, onframe
const pending = [];
let socket = null;
let ended = false;

// Keys that type a character of their own, as a PC keyboard's ASCII code.
const CONTROL_KEYS = {Enter: "\r", Backspace: "\b", Tab: "\t", Escape: "\x1b"};
// Keys without a character: sent by name, the server turns them into BIOS key words.
const NAMED_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown",
  "Insert", "Delete", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12", "PrintScreen",
  "Pause"]);

function send(event) {
  const data = JSON.stringify(event);
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(data);
  else pending.push(data);
}

function connect() {
  socket = mvmSocket("/sessions/" + encodeURIComponent(sessionId) + "/window");
  socket.binaryType = "arraybuffer";
  socket.onopen = () => { while (pending.length) socket.send(pending.shift()); };
  socket.onmessage = (message) => {
    if (message.data instanceof ArrayBuffer) {
      screen.applyTiles(message.data);
      return;
    }
    const event = JSON.parse(message.data);
    if (event.t === "screen" || event.t === "graphics") {
      screen.apply(event);
      placeKeys();
    }
    else if (event.t === "state") statusLine.textContent = event.state;
    else if (event.t === "end") {
      ended = true;
      statusLine.textContent = event.state + " (exit code " + event.exit_code + ")" +
        (event.reason ? ": " + event.reason : "");
    }
  };
  socket.onclose = (event) => {
    if (ended) return;
    if (event.code === 1008 || event.code === 4404) {
      statusLine.textContent = "closed: " + (event.reason || "no access (open this page with ?token=TOKEN)");
      return;
    }
    statusLine.textContent = "reconnecting";
    setTimeout(connect, 1000);
  };
}

function keyEvent(e) {
  if (e.isComposing) return null;
  // AltGr (Ctrl+Alt on Windows) types a character of its own on many layouts (@ on a German one).
  if (e.key.length === 1 && e.getModifierState && e.getModifierState("AltGraph")) return {t: "text", data: e.key};
  if (e.ctrlKey && !e.altKey && (e.key === "v" || e.key === "V")) return null;  // the paste event follows
  if (e.ctrlKey && !e.altKey && /^Key[A-Z]$/.test(e.code)) {
    return {t: "text", data: String.fromCharCode(e.code.charCodeAt(3) - 64)};
  }
  if (CONTROL_KEYS[e.key] !== undefined && !e.altKey) return {t: "text", data: CONTROL_KEYS[e.key]};
  if (NAMED_KEYS.has(e.code) || NAMED_KEYS.has(e.key) || (e.altKey && /^Key[A-Z]$/.test(e.code))) {
    return {t: "key", code: NAMED_KEYS.has(e.key) ? e.key : e.code, shift: e.shiftKey, ctrl: e.ctrlKey,
      alt: e.altKey};
  }
  if (e.key.length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey) return {t: "text", data: e.key};
  return null;
}

// Typing goes to a hidden text field over the screen (an input method or a dead key composes
// text only in one), and from there, or from the screen itself, up to the display around both.
// A key press that keydown sends is cancelled, so it never comes back as input; text that no
// keydown sent (a composition's result, an on-screen keyboard's or emoji picker's character)
// comes from compositionend and input events.
const display = document.getElementById("display");
const keys = document.getElementById("keys");
let composing = false;

// An input method shows what it composes next to the field it types into: keep that at the cursor.
function placeKeys() {
  const [row, col] = screen.cols ? screen.cursor : [0, 0];
  keys.style.left = Math.round(col * screen.cellW * canvas.clientWidth / canvas.width) + "px";
  keys.style.top = Math.round(row * screen.cellH * canvas.clientHeight / canvas.height) + "px";
}

function typeText(text) {
  if (text) send({t: "text", data: text});
  keys.value = "";
}

display.addEventListener("keydown", (e) => {
  // 229 ("Process"): the input method has this key; its text comes with compositionend.
  if (composing || e.isComposing || e.keyCode === 229) return;
  const event = keyEvent(e);
  if (event) {
    e.preventDefault();
    send(event);
  }
});
keys.addEventListener("compositionstart", () => { composing = true; });
keys.addEventListener("compositionend", (e) => {
  composing = false;
  typeText(e.data);
});
keys.addEventListener("input", (e) => {
  if (composing || e.isComposing || e.inputType === "insertCompositionText") return;
  if (e.inputType === "insertText" || e.inputType === "insertReplacementText") typeText(e.data || keys.value);
  else if (e.inputType === "insertLineBreak" || e.inputType === "insertParagraph") typeText("\r");  // Enter
  else keys.value = "";
});
canvas.addEventListener("focus", () => keys.focus());
function onPaste(e) {
  e.preventDefault();
  send({t: "paste", data: e.clipboardData.getData("text")});
}
canvas.addEventListener("paste", onPaste);
keys.addEventListener("paste", onPaste);
// Mouse events go to the session's mouse (INT 33h). Moves are sent at most every
// 20 ms, so a fast pointer does not flood the socket.
let lastMove = 0;
function sendMouse(kind, e) {
  const x = Math.floor(e.offsetX * canvas.width / canvas.clientWidth);
  const y = Math.floor(e.offsetY * canvas.height / canvas.clientHeight);
  send({t: "mouse", kind, x, y, buttons: e.buttons, cell: [screen.cellW, screen.cellH]});
}
for (const kind of ["mousedown", "mouseup"]) {
  canvas.addEventListener(kind, (e) => {
    canvas.focus();
    sendMouse(kind, e);
  });
}
canvas.addEventListener("mousemove", (e) => {
  const now = performance.now();
  if (now - lastMove < 20) return;
  lastMove = now;
  sendMouse("mousemove", e);
});
canvas.addEventListener("contextmenu", (e) => e.preventDefault());  // the right button is the DOS program's
document.getElementById("paste").addEventListener("click", () => {
  const area = document.getElementById("paste-text");
  if (area.value) send({t: "paste", data: area.value});
  area.value = "";
  keys.focus();
});
document.getElementById("start").addEventListener("click", () => act("start"));
document.getElementById("stop").addEventListener("click", () => act("stop"));

async function act(action) {
  try {
    const info = await mvmApi("POST", "/sessions/" + encodeURIComponent(sessionId) + "/" + action);
    statusLine.textContent = info.state;
  } catch (error) {
    statusLine.textContent = String(error);
  }
}

async function title() {
  try {
    const info = await mvmApi("GET", "/sessions/" + encodeURIComponent(sessionId));
    const what = info.program || (info.commands.length ? info.commands.join(" & ") : "DOS prompt");
    document.getElementById("title").textContent = (info.name || info.id) + ": " + what;
    document.title = "mvm: " + (info.name || info.id);
    return true;
  } catch (error) {
    statusLine.textContent = String(error) + (String(error).startsWith("401") ? " (open this page with ?token=TOKEN)"
      : "");
    return false;
  }
}

mvmToken();
// No window for a session that does not exist or a page without the token.
title().then((known) => { if (known) connect(); });
keys.focus();
