// The desktop: every session with a live thumbnail; open, start, stop, or make a new one.
"use strict";

const list = document.getElementById("sessions");
const statusLine = document.getElementById("status");
const cards = new Map();  // session id -> {card, socket, screen}

function openSession(id) {
  window.location.href = "/ui/sessions/" + encodeURIComponent(id);
}

function button(label, onclick) {
  const b = document.createElement("button");
  b.textContent = label;
  b.addEventListener("click", onclick);
  return b;
}

async function act(id, action) {
  try {
    await mvmApi("POST", "/sessions/" + encodeURIComponent(id) + "/" + action);
  } catch (error) {
    statusLine.textContent = String(error);
  }
  refresh();
}

function makeCard(info) {
  const card = document.createElement("div");
  card.className = "card";
  card.dataset.session = info.id;
  const canvas = document.createElement("canvas");
  canvas.addEventListener("click", () => openSession(info.id));
  const mirror = document.createElement("pre");
  mirror.className = "sr-only";
  const label = document.createElement("div");
  const buttons = document.createElement("div");
  buttons.append(button("Open", () => openSession(info.id)), button("Start", () => act(info.id, "start")),
    button("Stop", () => act(info.id, "stop")));
  card.append(canvas, mirror, label, buttons);
  const screen = new MvmScreen(canvas, mirror, false);
  const socket = mvmSocket("/sessions/" + encodeURIComponent(info.id) + "/window?thumb=1");
  socket.binaryType = "arraybuffer";
  socket.onmessage = (message) => {
    if (message.data instanceof ArrayBuffer) {
      screen.applyTiles(message.data);
      return;
    }
    const event = JSON.parse(message.data);
    if (event.t === "screen" || event.t === "graphics") screen.apply(event);
  };
  return {card, label, buttons, socket};
}

function updateCard(entry, info) {
  const what = info.program || (info.commands.length ? info.commands.join(" & ") : "DOS prompt");
  entry.label.innerHTML = "";
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = (info.name || info.id) + ": " + what;
  const state = document.createElement("span");
  state.className = "state";
  state.textContent = info.state + (info.exit_code !== null ? " (" + info.exit_code + ")" : "");
  entry.label.append(title, state);
  const [, start, stop] = entry.buttons.children;
  start.disabled = info.state !== "created";
  stop.disabled = !["created", "running", "paused"].includes(info.state);
}

async function refresh() {
  let sessions;
  try {
    sessions = await mvmApi("GET", "/sessions");
    statusLine.textContent = sessions.length + " session(s)";
  } catch (error) {
    statusLine.textContent = String(error) + " (open this page with ?token=TOKEN)";
    return;
  }
  const seen = new Set();
  for (const info of sessions) {
    seen.add(info.id);
    let entry = cards.get(info.id);
    if (!entry) {
      entry = makeCard(info);
      cards.set(info.id, entry);
      list.append(entry.card);
    }
    updateCard(entry, info);
  }
  for (const [id, entry] of cards) {
    if (!seen.has(id)) {
      entry.socket.close();
      entry.card.remove();
      cards.delete(id);
    }
  }
}

document.getElementById("new").addEventListener("click", async () => {
  try {
    const info = await mvmApi("POST", "/sessions", {start: true});
    openSession(info.id);
  } catch (error) {
    statusLine.textContent = String(error);
  }
});

mvmToken();
refresh();
setInterval(refresh, 2000);
