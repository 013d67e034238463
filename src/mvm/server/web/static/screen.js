// The screen of a session drawn in a canvas, fed by WebSocket /sessions/{id}/window,
// and the token that every page keeps (from ?token= once, then sessionStorage).
"use strict";

const MVM_TOKEN_KEY = "mvm-token";

// The token: taken from ?token= once, kept for this tab, and removed from the address bar.
function mvmToken() {
  const url = new URL(window.location.href);
  const given = url.searchParams.get("token");
  if (given) {
    sessionStorage.setItem(MVM_TOKEN_KEY, given);
    url.searchParams.delete("token");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(MVM_TOKEN_KEY) || "";
}

async function mvmApi(method, path, body) {
  const options = {method, headers: {"Authorization": "Bearer " + mvmToken()}};
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const text = await response.text();
  let data = text;
  try { data = JSON.parse(text); } catch (e) { /* plain text */ }
  if (!response.ok) {
    const message = data && data.error ? data.error.message : text;
    throw new Error(response.status + ": " + message);
  }
  return data;
}

function mvmSocket(path) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const join = path.includes("?") ? "&" : "?";
  return new WebSocket(scheme + "//" + window.location.host + path + join + "token=" + encodeURIComponent(mvmToken()));
}

// The 16 colours of a CGA/EGA/VGA text attribute.
const MVM_PALETTE = ["#000000", "#0000aa", "#00aa00", "#00aaaa", "#aa0000", "#aa00aa", "#aa5500", "#aaaaaa",
  "#555555", "#5555ff", "#55ff55", "#55ffff", "#ff5555", "#ff55ff", "#ffff55", "#ffffff"];

class MvmScreen {
  // canvas: where cells are drawn; mirror: an element that gets the screen as text (or null);
  // scaleUp: show small graphics modes enlarged (a window), or leave the size to the style sheet (a thumbnail).
  constructor(canvas, mirror, scaleUp = true, cellW = 9, cellH = 16) {
    this.canvas = canvas;
    this.scaleUp = scaleUp;
    this.mirror = mirror;
    this.cellW = cellW;
    this.cellH = cellH;
    this.ctx = canvas.getContext("2d");
    this.cols = 0;
    this.rows = 0;
    this.text = [];
    this.attrs = [];
    this.cursor = [0, 0, 0];
    this.blinkOn = true;
    this.blink = true;  // attribute bit 7 blinks (else it is a bright background)
    this.frames = 0;
    this.onframe = null;
    setInterval(() => { this.blinkOn = !this.blinkOn; this.drawBlinking(); }, 267);
  }

  // A binary frame: changed tiles of a graphics mode as PNGs (see window.py); the canvas takes
  // the frame's own size from it.
  applyTiles(buffer) {
    const view = new DataView(buffer);
    const size = view.getUint32(0);
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, size)));
    this.showPointer(header.pointer);
    let at = 4 + size;
    const images = header.tiles.map(([x, y, w, h, length]) => {
      const blob = new Blob([new Uint8Array(buffer, at, length)], {type: "image/png"});
      at += length;
      return createImageBitmap(blob).then((bitmap) => [x, y, bitmap]);
    });
    // Frames are drawn in the order they came, each once all its tiles are decoded.
    this.drawing = (this.drawing || Promise.resolve()).then(() => Promise.all(images)).then((tiles) => {
      if (this.canvas.width !== header.width || this.canvas.height !== header.height || this.cols) {
        this.cols = 0;
        this.rows = 0;
        this.canvas.width = header.width;
        this.canvas.height = header.height;
        if (this.scaleUp) {
          // Small modes are shown scaled up by whole pixels.
          const k = Math.max(1, Math.floor(720 / header.width));
          this.canvas.style.width = header.width * k + "px";
          this.canvas.style.height = header.height * k + "px";
        }
      }
      for (const [x, y, bitmap] of tiles) {
        this.ctx.drawImage(bitmap, x, y);
        bitmap.close();
      }
      const [w, h] = header.frame || [header.width, header.height];  // a thumbnail's picture is smaller
      const line = "graphics mode " + header.mode.toString(16).toUpperCase() + "h " + w + "x" + h;
      if (this.mirror && this.mirror.textContent !== line) this.mirror.textContent = line;
      this.frames++;
      if (this.onframe) this.onframe(header);
    });
  }

  // While the DOS program shows its mouse pointer (drawn into the screen by the mouse driver),
  // the host's pointer is hidden over the canvas, so only one shows.
  showPointer(guestShows) {
    const wanted = guestShows ? "none" : "";
    if (this.canvas.style.cursor !== wanted) this.canvas.style.cursor = wanted;
  }

  apply(message) {
    this.showPointer(message.pointer);
    if (message.t === "graphics") {
      this.showGraphics(message.mode);
      return;
    }
    if (message.full || !this.cols || message.cols !== this.cols || message.rows !== this.rows) {
      this.resize(message.cols, message.rows);
    }
    const old = this.cursor;
    this.cursor = message.cursor;
    const blink = message.blink !== false;
    if (blink !== this.blink) {
      this.blink = blink;
      for (let row = 0; row < this.rows; row++) this.drawRow(row);
    }
    for (const [row, text, hex] of message.changed) {
      this.text[row] = text;
      const attrs = new Uint8Array(text.length);
      for (let i = 0; i < attrs.length; i++) attrs[i] = parseInt(hex.substr(2 * i, 2), 16);
      this.attrs[row] = attrs;
      this.drawRow(row);
    }
    this.drawRow(old[0]);
    this.drawRow(this.cursor[0]);
    if (this.mirror) this.mirror.textContent = this.text.map((line) => line.trimEnd()).join("\n");
    this.frames++;
    if (this.onframe) this.onframe(message);
  }

  resize(cols, rows) {
    this.cols = cols;
    this.rows = rows;
    this.text = Array(rows).fill(" ".repeat(cols));
    this.attrs = Array.from({length: rows}, () => new Uint8Array(cols).fill(7));
    this.canvas.width = cols * this.cellW;
    this.canvas.height = rows * this.cellH;
    if (this.scaleUp) {
      this.canvas.style.width = "";
      this.canvas.style.height = "";
    }
    this.ctx.font = (this.cellH - 2) + "px 'DejaVu Sans Mono', monospace";
    this.ctx.textBaseline = "top";
  }

  drawRow(row) {
    if (row < 0 || row >= this.rows || !this.attrs[row]) return;
    const ctx = this.ctx;
    const text = this.text[row];
    const attrs = this.attrs[row];
    const y = row * this.cellH;
    for (let col = 0; col < this.cols; col++) {
      const attr = attrs[col];
      const x = col * this.cellW;
      ctx.fillStyle = MVM_PALETTE[this.blink ? (attr >> 4) & 7 : attr >> 4];
      ctx.fillRect(x, y, this.cellW, this.cellH);
      const ch = text[col];
      const hidden = this.blink && (attr & 0x80) && !this.blinkOn;
      if (ch !== " " && !hidden) {
        ctx.fillStyle = MVM_PALETTE[attr & 15];
        ctx.fillText(ch, x, y + 1, this.cellW);
      }
    }
    const [crow, ccol, visible] = this.cursor;
    if (row === crow && visible && this.blinkOn && ccol < this.cols) {
      ctx.fillStyle = MVM_PALETTE[attrs[ccol] & 15];
      ctx.fillRect(ccol * this.cellW, y + this.cellH - 3, this.cellW, 2);
    }
  }

  drawBlinking() {
    if (!this.cols) return;  // a graphics frame: nothing blinks
    // Only rows with blinking cells or the cursor change with the blink phase.
    for (let row = 0; row < this.rows; row++) {
      if (row === this.cursor[0] || (this.blink && this.attrs[row].some((a) => a & 0x80))) this.drawRow(row);
    }
  }

  showGraphics(mode) {
    this.resize(80, 25);
    const line = "graphics mode " + mode.toString(16).toUpperCase() + "h: not drawn in this window yet";
    this.text[12] = line.padEnd(80).slice(0, 80);
    for (let row = 0; row < this.rows; row++) this.drawRow(row);
    if (this.mirror) this.mirror.textContent = line;
  }
}
