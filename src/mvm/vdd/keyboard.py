"""VKBD: the keyboard: the 8042 with IRQ1, the BIOS INT 09h and INT 16h, and paste.

Keys reach a session in one of two ways, chosen per run:

* A key source is attached (the terminal window, a host that presses keys or
  pastes text): keys are scan codes that go through the 8042 at port 60h, raise
  IRQ1, and the BIOS INT 09h handler here turns them into BDA buffer words and
  shift states (0040:0017/0018/0096/0097). Programs that hook INT 09h or read
  port 60h see every key, make and break, as on a PC.
* No key source (a script's standard input, a pipe): characters come from the
  session's console input and enter the BDA ring buffer when a program asks
  for one. Text piped in is not typed at a keyboard, so it does not pass
  through IRQ1; this keeps redirected input exact and fast.

Pasted text (`paste`) always goes through the 8042, at the rate VIDEO_FASTPASTE
chooses: on, a key as soon as the BIOS buffer has room; off, a typing rate.
A program waiting for a key makes the session sleep on the host, not spin.

The system keys do what a PC BIOS does: Ctrl+Break calls INT 1Bh, Print Screen
INT 05h, SysRq (Alt+PrtSc) INT 15h/85h; Pause holds the machine inside INT 09h
(asleep on the host, timer ticks going on) until the next key that is not a
shift key; Ctrl+Alt+Del restarts the machine (Machine.restart).
"""

from __future__ import annotations

import threading
from collections import deque

from ..ist import Registers
from ..ist.base import IF
from ..machine.console import host_to_dos
from ..machine.rom import ROM_SEG
from ..settings import Setting
from ..vdh import BLOCK, Vdd, Vdh
from .i8042 import I8042

BDA_SHIFT = 0x417
BDA_SHIFT2 = 0x418
BDA_HEAD = 0x41A
BDA_TAIL = 0x41C
BDA_BUF_START = 0x480
BDA_BUF_END = 0x482
BDA_KBD_TYPE = 0x496  # bit 4: an enhanced (101/102-key) keyboard, served by 10h-12h
BDA_BREAK = 0x471  # bit 7: Ctrl+Break was pressed
BDA_ALT_KEYPAD = 0x419  # the code being typed as Alt + keypad digits
BDA_LEDS = 0x497  # bits 0-2: Scroll, Num, Caps Lock LEDs
BDA_RESET_FLAG = 0x472  # 1234h: the next start is a warm one (Ctrl+Alt+Del)
KBD_LAST_E0 = 0x02  # 0040:0096 bit 1: the last code was the E0h prefix
SHIFT2_SYSRQ = 0x04  # 0040:0018 bit 2: SysRq is held
SHIFT2_HOLD = 0x08  # 0040:0018 bit 3: Pause was pressed, the machine waits for a key
# The keyboard areas of the BIOS data area that a saved keyboard carries: the shift
# bytes, Alt+keypad code, buffer pointers and buffer; the break flag; the buffer's
# bounds; the keyboard type and LED bytes.
BDA_KEYBOARD = ((0x417, 0x43E), (0x471, 0x472), (0x480, 0x484), (0x496, 0x498))

# What INT 09h does after the key is buffered, as guest code (AH after the gate):
ACT_NONE, ACT_BREAK, ACT_PRINT, ACT_PAUSE, ACT_SYSRQ_MAKE, ACT_SYSRQ_BREAK = range(6)
_JB, _JNC, _JNE, _JMP = 0x72, 0x73, 0x75, 0xEB
_JC = _JB


def assemble(*parts) -> bytes:
    """Guest code from byte strings, labels (str) and short jumps ((opcode, label))."""
    labels, pos = {}, 0
    for part in parts:
        if isinstance(part, str):
            labels[part] = pos
        else:
            pos += 2 if isinstance(part, tuple) else len(part)
    out = bytearray()
    for part in parts:
        if isinstance(part, tuple):
            out += bytes((part[0], (labels[part[1]] - len(out) - 2) & 0xFF))
        elif not isinstance(part, str):
            out += part
    return bytes(out)


def int09_code(gate: bytes, pause_gate: bytes) -> bytes:
    """INT 09h in the ROM, as guest code so that programs' hooks are called as on a PC.

    Read port 60h, offer the code to INT 15h/4Fh (a hook may change it or, with
    CF clear, swallow it), then the SVC gate that buffers the key and says in AH
    what more the key asks for; the EOI; then, with the keyboard free again,
    INT 1Bh (Ctrl+Break), INT 05h (Print Screen), the wait of Pause (a gate that
    blocks with interrupts on while 0040:0018 bit 3 is set: the next key's
    INT 09h clears it) or INT 15h/85h (SysRq pressed, AL=0, or released, AL=1).
    """
    return assemble(
        b"\x50\xE4\x60\xB4\x4F\xF9\xCD\x15",  # push ax; in al,60h; mov ah,4Fh; stc; int 15h
        b"\xB4\x00", (_JNC, "eoi"),  # mov ah,0 (the flags stay); jnc eoi: swallowed
        gate,
        "eoi", b"\xB0\x20\xE6\x20",  # mov al,20h; out 20h,al
        b"\x80\xFC\x01", (_JB, "done"), (_JNE, "print"),  # cmp ah,ACT_BREAK
        b"\xCD\x1B", (_JMP, "done"),  # int 1Bh
        "print", b"\x80\xFC\x02", (_JNE, "pause"),  # cmp ah,ACT_PRINT
        b"\xFB\xCD\x05", (_JMP, "done"),  # sti; int 05h
        "pause", b"\x80\xFC\x03", (_JNE, "sysrq"),  # cmp ah,ACT_PAUSE
        b"\xFB", pause_gate, (_JMP, "done"),  # sti; wait for a key
        "sysrq", b"\x88\xE0\x2C\x04\xB4\x85\xFB\xCD\x15",  # mov al,ah; sub al,4; mov ah,85h; sti; int 15h
        "done", b"\x58\xCF")  # pop ax; iret
IDLE_PERIOD = 3600.0  # the feed timer's period while nothing waits to be typed
FAST_PERIOD = 0.002  # fast paste: check for room in the BIOS buffer this often
TYPING_PERIOD = 0.015  # typing rate: one scan code byte this often (about 30 keys a second)
BUF_FIRST, BUF_LAST = 0x1E, 0x3E  # offsets from 0040:0000

# Scan codes of the keys that produce an ASCII code (US layout).
_ROWS = {
    0x02: "1234567890-=", 0x10: "qwertyuiop[]", 0x1E: "asdfghjkl;'`", 0x2B: "\\zxcvbnm,./",
}
_SHIFTED = {
    0x02: "!@#$%^&*()_+", 0x10: "QWERTYUIOP{}", 0x1E: 'ASDFGHJKL:"~', 0x2B: "|ZXCVBNM<>?",
}
SCAN = {0x0D: 0x1C, 0x1B: 0x01, 0x08: 0x0E, 0x09: 0x0F, 0x20: 0x39}
for _first, _keys in list(_ROWS.items()) + list(_SHIFTED.items()):
    for _i, _c in enumerate(_keys):
        SCAN.setdefault(ord(_c), _first + _i)
for _c in range(1, 27):  # Ctrl+letter
    SCAN.setdefault(_c, SCAN[ord("a") + _c - 1])


# -- scan codes (set 1) and the BIOS words they give -----------------------------------
E0_PREFIX = 0xE0
SC_LSHIFT, SC_RSHIFT, SC_CTRL, SC_ALT = 0x2A, 0x36, 0x1D, 0x38
SC_CAPS, SC_NUM, SC_SCROLL, SC_INSERT = 0x3A, 0x45, 0x46, 0x52
SC_DELETE, SC_PRTSC, SC_SYSRQ = 0x53, 0x37, 0x54
# Key names a host may press (the terminal window, `press`), with their scan
# codes; a name in EXTENDED is sent with the E0h prefix (the grey keys).
KEY_NAMES: dict[str, int] = {
    "esc": 0x01, "backspace": 0x0E, "tab": 0x0F, "enter": 0x1C, "ctrl": SC_CTRL, "lshift": SC_LSHIFT,
    "rshift": SC_RSHIFT, "shift": SC_LSHIFT, "alt": SC_ALT, "space": 0x39, "capslock": SC_CAPS,
    "numlock": SC_NUM, "scrolllock": SC_SCROLL, "kp*": 0x37, "kp-": 0x4A, "kp+": 0x4E,
    "kp7": 0x47, "kp8": 0x48, "kp9": 0x49, "kp4": 0x4B, "kp5": 0x4C, "kp6": 0x4D, "kp1": 0x4F,
    "kp2": 0x50, "kp3": 0x51, "kp0": 0x52, "kp.": 0x53, "f11": 0x57, "f12": 0x58,
    "home": 0x47, "up": 0x48, "pgup": 0x49, "left": 0x4B, "right": 0x4D, "end": 0x4F,
    "down": 0x50, "pgdn": 0x51, "insert": 0x52, "delete": 0x53, "kpenter": 0x1C, "kp/": 0x35,
    "rctrl": SC_CTRL, "ralt": SC_ALT, "sysrq": 0x54,
}
KEY_NAMES.update({f"f{i}": 0x3A + i for i in range(1, 11)})
EXTENDED = {"home", "up", "pgup", "left", "right", "end", "down", "pgdn", "insert", "delete",
            "kpenter", "kp/", "rctrl", "ralt"}
# Keys whose codes depend on the modifiers held (an MF2 keyboard sends them so):
# Print Screen is E0 2A E0 37 alone, E0 37 with Shift or Ctrl, SysRq (54h) with
# Alt; Pause is E1 1D 45 E1 9D C5 (make only), Break (E0 46 E0 C6) with Ctrl.
PRTSC_ALONE = [0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA]
PRTSC_SHIFTED = [0xE0, 0x37, 0xE0, 0xB7]
PAUSE = [0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5]
BREAK = [0xE0, 0x46, 0xE0, 0xC6]


def _letter_row(first: int, letters: str, table: dict) -> None:
    for i, c in enumerate(letters):
        sc = first + i
        table[sc] = (sc << 8 | ord(c), sc << 8 | ord(c.upper()), sc << 8 | (ord(c) - 0x60), sc << 8)


def _build_bios_table() -> dict[int, tuple[int | None, ...]]:
    """Scan code -> (plain, Shift, Ctrl, Alt) BIOS words of the 101-key keyboard."""
    t: dict[int, tuple[int | None, ...]] = {}
    for first, plain, shifted in ((0x02, "1234567890-=", "!@#$%^&*()_+"),):
        for i, (c, sc_c) in enumerate(zip(plain, shifted, strict=True)):
            sc = first + i
            t[sc] = (sc << 8 | ord(c), sc << 8 | ord(sc_c), None, (0x78 + i) << 8)
    t[0x03] = t[0x03][:2] + (0x0300,) + t[0x03][3:]  # Ctrl+2: NUL
    t[0x07] = t[0x07][:2] + (0x071E,) + t[0x07][3:]  # Ctrl+6: RS
    t[0x0C] = t[0x0C][:2] + (0x0C1F,) + t[0x0C][3:]  # Ctrl+-: US
    for first, letters in ((0x10, "qwertyuiop"), (0x1E, "asdfghjkl"), (0x2C, "zxcvbnm")):
        _letter_row(first, letters, t)
    for sc, plain, shifted, ctrl in ((0x1A, "[", "{", 0x1B), (0x1B, "]", "}", 0x1D), (0x27, ";", ":", None),
                                     (0x28, "'", '"', None), (0x29, "`", "~", None), (0x2B, "\\", "|", 0x1C),
                                     (0x33, ",", "<", None), (0x34, ".", ">", None), (0x35, "/", "?", None),
                                     (0x56, "\\", "|", None)):
        t[sc] = (sc << 8 | ord(plain), sc << 8 | ord(shifted), None if ctrl is None else sc << 8 | ctrl, sc << 8)
    t[0x01] = (0x011B, 0x011B, 0x011B, 0x0100)
    t[0x0E] = (0x0E08, 0x0E08, 0x0E7F, 0x0E00)
    t[0x0F] = (0x0F09, 0x0F00, 0x9400, 0xA500)
    t[0x1C] = (0x1C0D, 0x1C0D, 0x1C0A, 0x1C00)
    t[0x39] = (0x3920, 0x3920, 0x3920, 0x3920)
    t[0x37] = (0x372A, 0x372A, 0x9600, 0x3700)
    t[0x4A] = (0x4A2D, 0x4A2D, 0x8E00, 0x4A00)
    t[0x4E] = (0x4E2B, 0x4E2B, 0x9000, 0x4E00)
    for i in range(10):  # F1-F10
        t[0x3B + i] = ((0x3B + i) << 8, (0x54 + i) << 8, (0x5E + i) << 8, (0x68 + i) << 8)
    t[0x57] = (0x8500, 0x8700, 0x8900, 0x8B00)
    t[0x58] = (0x8600, 0x8800, 0x8A00, 0x8C00)
    return t


BIOS_KEYS = _build_bios_table()
# The keypad's navigation keys: scan -> (digit or '.', Ctrl word, Alt word of the grey twin).
KEYPAD = {0x47: ("7", 0x77, 0x97), 0x48: ("8", 0x8D, 0x98), 0x49: ("9", 0x84, 0x99), 0x4B: ("4", 0x73, 0x9B),
          0x4C: ("5", 0x8F, None), 0x4D: ("6", 0x74, 0x9D), 0x4F: ("1", 0x75, 0x9F), 0x50: ("2", 0x91, 0xA0),
          0x51: ("3", 0x76, 0xA1), 0x52: ("0", 0x92, 0xA2), 0x53: (".", 0x93, 0xA3)}


def bios_key(scan: int, extended: bool, shift: int) -> int | None:
    """The BIOS buffer word for a key's make code given 0040:0017's shift state, or None.

    `extended` is a key sent after E0h (the grey cursor block, keypad Enter and /).
    """
    shifted, ctrl, alt = bool(shift & 0x03), bool(shift & 0x04), bool(shift & 0x08)
    caps, num = bool(shift & 0x40), bool(shift & 0x20)
    if extended:
        return _grey_key(scan, shifted, ctrl, alt)
    if scan in KEYPAD:
        digit, ctrl_code, _ = KEYPAD[scan]
        if alt:
            return None  # Alt+keypad digits compose a code (see Keyboard._alt_digit)
        if ctrl:
            return ctrl_code << 8
        return scan << 8 | ord(digit) if num != shifted else scan << 8
    words = BIOS_KEYS.get(scan)
    if words is None:
        return None
    if alt:
        return words[3]
    if ctrl:
        return words[2]
    letter = 0x10 <= scan <= 0x32 and chr(words[0] & 0xFF).isalpha()
    return words[1] if shifted != (caps and letter) else words[0]


def _grey_key(scan: int, shifted: bool, ctrl: bool, alt: bool) -> int | None:
    if scan == 0x1C:  # keypad Enter
        return 0xA600 if alt else (0xE00A if ctrl else 0xE00D)
    if scan == 0x35:  # keypad /
        return 0xA400 if alt else (0x9500 if ctrl else 0xE02F)
    if scan not in KEYPAD or scan == 0x4C:
        return None
    _, ctrl_code, alt_code = KEYPAD[scan]
    if alt:
        return alt_code << 8
    return ctrl_code << 8 | 0xE0 if ctrl else scan << 8 | 0xE0


def key_strokes(name: str, mods: tuple[str, ...] = ()) -> list[int]:
    """The scan code bytes of pressing and releasing key `name` with modifier keys held."""
    out: list[int] = []
    for mod in mods:
        out += _make(mod)
    out += _special(name, mods) or _make(name) + _brk(name)
    for mod in reversed(mods):
        out += _brk(mod)
    return out


def _special(name: str, mods: tuple[str, ...]) -> list[int] | None:
    """The codes of Print Screen and Pause, which change with the modifiers held."""
    held = {m.lstrip("lr") for m in mods}
    if name == "prtsc":
        if "alt" in held:
            return [0x54, 0xD4]
        return PRTSC_SHIFTED if held & {"shift", "ctrl"} else PRTSC_ALONE
    if name in ("pause", "break"):
        return BREAK if "ctrl" in held or name == "break" else PAUSE
    return None


def _make(name: str) -> list[int]:
    sc = KEY_NAMES[name] if name in KEY_NAMES else SCAN[ord(name)]
    return [E0_PREFIX, sc] if name in EXTENDED else [sc]


def _brk(name: str) -> list[int]:
    codes = _make(name)
    return codes[:-1] + [codes[-1] | 0x80]


def char_strokes(ch: int) -> list[int] | None:
    """Scan code bytes that type DOS character `ch` on a US keyboard, or None if no key does."""
    if ch in (0x0D, 0x0A):
        return key_strokes("enter")
    sc = SCAN.get(ch)
    if sc is None or ch >= 0x80:
        return None
    if ch < 0x20 and ch not in (0x08, 0x09, 0x1B):
        return [SC_CTRL, sc, sc | 0x80, SC_CTRL | 0x80]
    words = BIOS_KEYS.get(sc, ())
    if words and words[0] & 0xFF == ch:
        return [sc, sc | 0x80]
    return [SC_LSHIFT, sc, sc | 0x80, SC_LSHIFT | 0x80]


def interrupts_on_while_waiting(r: Registers) -> None:
    """Let hardware interrupts in while a BIOS call waits, as the ROM's STI does.

    A call that came through the IVT (a program's hook passed it on) waits in
    our ROM stub with IF clear, as INT left it; the stub's IRET restores the
    caller's flags afterwards. A call served in place waits on the caller's
    own INT instruction, whose flags are left as they are.
    """
    if r.cs == ROM_SEG:
        r.set_flag(IF, True)


def key_for(ascii_code: int) -> int:
    """The (scan << 8 | ascii) word a PC keyboard would give for a character."""
    return (SCAN.get(ascii_code, 0) << 8) | ascii_code


def _classic(key: int) -> int:
    """A key as 00h/01h give it: the grey keys' E0h becomes 00h.

    A key with scan code 0 is a character typed as such (CP437 E0h, alpha), not
    a grey key, and keeps its code.
    """
    if key & 0xFF == 0xE0 and key >> 8:
        return key & 0xFF00
    return key


class _HostKeyboard:
    """The host's side of the keyboard, made with the VDD: a restart of the machine sets
    the VDD up again, but the keyboard stays plugged in with what it still has to type."""

    def __init__(self) -> None:
        self.attached = False
        self.lock = threading.Lock()  # the queue is filled by host threads
        # What waits to be typed, in order: (scan code byte or ("char", word), pasted).
        # Pasted items go at the VIDEO_FASTPASTE rate, pressed keys at once.
        self.queue: deque = deque()


class Keyboard(Vdd):
    name = "VKBD"
    settings = {
        "VIDEO_FASTPASTE": Setting("VIDEO_FASTPASTE", "bool", "1",
                                   "paste as fast as the program reads keys (off: at a typing rate)"),
    }

    restart_keeps = ("_host",)  # a restart of the machine keeps the host's keyboard

    def __init__(self) -> None:
        self._host = _HostKeyboard()

    @property
    def source_attached(self) -> bool:
        return self._host.attached

    @source_attached.setter
    def source_attached(self, attached: bool) -> None:
        self._host.attached = attached

    @property
    def _lock(self) -> threading.Lock:
        return self._host.lock

    @property
    def _queue(self) -> deque:
        return self._host.queue

    def setup(self, vdh: Vdh) -> None:
        super().setup(vdh)
        self.ram = vdh.ram
        self.input = vdh.machine.console_in
        self.output = vdh.machine.console_out
        ram = self.ram
        ram.ww(BDA_BUF_START, BUF_FIRST)
        ram.ww(BDA_BUF_END, BUF_LAST)
        ram.ww(BDA_HEAD, BUF_FIRST)
        ram.ww(BDA_TAIL, BUF_FIRST)
        ram.ww(BDA_SHIFT, 0)
        ram.wb(BDA_KBD_TYPE, 0x10)
        vdh.hook_int(0x16, self.int16)
        self.kbc = I8042(lambda: vdh.raise_irq(1), vdh.set_a20, vdh.a20, reset_cpu=vdh.machine.restart)
        vdh.hook_io([0x60], read=self.kbc.read_data, write=self.kbc.write_data)
        vdh.hook_io([0x64], read=self.kbc.read_status, write=self.kbc.write_command)
        code = int09_code(vdh.svc(self.int09), vdh.svc(self._pause_wait))
        vdh.set_vector(0x09, ROM_SEG, vdh.rom_alloc(code))
        self._alt_typed = False  # keypad digits were typed with Alt held
        self._pause_bytes = 0  # the rest of a Pause key's E1h sequence to swallow
        self._period = IDLE_PERIOD
        self._feeder = vdh.timer(IDLE_PERIOD, self._feed)
        fast = vdh.machine.settings.get("VIDEO_FASTPASTE", "1")
        self.fast_paste = str(fast) == "1"
        if self._queue:
            self._set_period(self._next_period())

    # -- saved state ---------------------------------------------------------------------
    def save(self) -> dict:
        """The 8042, the keys typed but not yet read (the host's queue and the BIOS buffer)
        and the shift, pause and Alt+keypad states."""
        with self._lock:
            queue = [[list(item) if isinstance(item, tuple) else item, pasted] for item, pasted in self._queue]
        return {
            "i8042": self.kbc.save(),
            "queue": queue,
            "bda": [[start, self.ram.read(start, end - start)] for start, end in BDA_KEYBOARD],
            "pause_bytes": self._pause_bytes,
            "alt_typed": self._alt_typed,
            "source_attached": self.source_attached,
        }

    def load(self, state: dict) -> None:
        self.kbc.load(state.get("i8042", {}))
        for start, data in state.get("bda", ()):
            self.ram.write(int(start), bytes(data))
        self._pause_bytes = int(state.get("pause_bytes", 0))
        self._alt_typed = bool(state.get("alt_typed", False))
        self.source_attached = bool(state.get("source_attached", self.source_attached))
        items = [(tuple(item) if isinstance(item, list) else int(item), bool(pasted))
                 for item, pasted in state.get("queue", ())]
        with self._lock:
            self._queue.clear()
            self._queue.extend(items)
            self._set_period(self._next_period())
        if self.kbc.full and self.kbc.command_byte & 0x01:
            self.vdh.raise_irq(1)  # the byte waiting at port 60h still wants its interrupt
        if self.kbc.on_leds is not None:
            self.kbc.on_leds(self.kbc.leds)

    # -- host requests (DosRequestVDD, the server's VDD request endpoint) ------------------
    # Numbered from 10h: low numbers stay free (and invalid) for a DOS program's own use.
    REQ_SCANCODES, REQ_PASTE, REQ_SOURCE, REQ_STATE = 0x10, 0x11, 0x12, 0x13

    def request(self, cmd: int, data: bytes) -> bytes:
        """10h: type scan code bytes; 11h: paste UTF-8 text; 12h: attach (01) or detach (00) a
        keyboard; 13h: the state: shift bytes 0040:0017-0018, LEDs, keys still queued (word)."""
        if cmd == self.REQ_SCANCODES:
            self.send_scancodes(data)
        elif cmd == self.REQ_PASTE:
            self.paste(data.decode("utf-8", "replace"))
        elif cmd == self.REQ_SOURCE:
            self.attach_source(bool(data[:1] != b"\x00"))
        elif cmd == self.REQ_STATE:
            queued = min(len(self._queue), 0xFFFF)
            ram = self.ram
            return bytes((ram.rb(BDA_SHIFT), ram.rb(BDA_SHIFT2), self.kbc.leds)) + queued.to_bytes(2, "little")
        else:
            return super().request(cmd, data)
        return b""

    # -- key sources -----------------------------------------------------------------
    def attach_source(self, attached: bool = True) -> None:
        """Take keys only from the 8042 (a keyboard is attached), not from console input."""
        self.source_attached = attached

    def press(self, name: str, mods: tuple[str, ...] = ()) -> None:
        """Press and release a key by name (`a`, `f1`, `up`), with modifier keys held."""
        self.send_scancodes(key_strokes(name, mods))

    def send_scancodes(self, codes) -> None:
        """Queue raw scan code bytes (set 1) as the keyboard would send them; thread-safe."""
        self._enqueue([(code & 0xFF, False) for code in codes])

    def paste(self, text: str | bytes, paced: bool = True) -> None:
        """Type `text` into the session: host text (str) or DOS characters (bytes); thread-safe.

        Pasted text goes at the typing rate VIDEO_FASTPASTE sets (`paced`); text a
        person types (`paced=False`) goes as fast as the program takes keys. Both
        share one queue with `press`, so keys and text arrive in the order given.
        A character no key of a US keyboard types (accented letters, box drawing)
        enters the BIOS buffer as a word with scan code 0 at its turn.
        """
        data = text if isinstance(text, bytes) else host_to_dos(text.replace("\r\n", "\n"))
        items: list = []
        for ch in data:
            strokes = char_strokes(ch)
            items += strokes if strokes is not None else [("char", ch)]
        self._enqueue([(item, paced) for item in items])

    def pending_keys(self) -> bool:
        return bool(self._queue)

    def _enqueue(self, items: list) -> None:
        with self._lock:
            self._queue.extend(items)
            self._set_period(self._next_period())
        self.vdh.machine.wake()

    def _next_period(self) -> float:
        if not self._queue:
            return IDLE_PERIOD
        pasted = self._queue[0][1]
        return TYPING_PERIOD if pasted and not self.fast_paste else FAST_PERIOD

    def _set_period(self, period: float) -> None:
        if period != self._period or period == IDLE_PERIOD:
            self._period = period
            self.vdh.machine.clock.set_period(self._feeder, period)

    def _feed(self) -> None:
        """Timer: move the next queued scan code into the 8042 once it may take one."""
        with self._lock:
            self.kbc.pump()
            if self._queue and self._ready():
                item = self._queue.popleft()[0]
                if isinstance(item, tuple):
                    self.push(item[1])
                else:
                    self.kbc.deliver(item)
            period = self._next_period()
            if period != self._period:
                self._set_period(period)

    def _ready(self) -> bool:
        """Whether the next scan code may go: the last one was read and its IRQ1 served.

        Waiting for the EOI keeps a program's INT 09h hook that reads port 60h
        and then chains to the BIOS from seeing a later key than the BIOS does.
        """
        master = self.vdh.machine.pic.master
        served = not (master.isr | master.irr) & 0x02
        return served and not self.kbc.full and self.kbc.keyboard_enabled and self._room()

    def _room(self) -> bool:
        """Whether the BIOS buffer can take two more keys: pasting never overflows it."""
        start, end = self._bounds()
        used = (self.ram.rw(BDA_TAIL) - self.ram.rw(BDA_HEAD)) % max(end - start, 2)
        return used + 4 < end - start

    # -- INT 09h: IRQ1 ------------------------------------------------------------------
    def int09(self, r: Registers) -> None:
        """The BIOS keyboard interrupt's work: AL is the code read from port 60h (and passed
        by INT 15h/4Fh); track the shift states and buffer the key. AH tells the ROM code
        what to do next (ACT_*)."""
        r.ah = self.scan_code(r.al)

    def scan_code(self, byte: int) -> int:
        """Take one scan code byte as the BIOS does; returns the ACT_* the key asks for."""
        ram = self.ram
        flags = ram.rb(BDA_KBD_TYPE)
        if self._pause_bytes:
            self._pause_bytes -= 1
            if self._pause_bytes == 3:  # E1 1D 45: the Pause key is down
                shift2 = ram.rb(BDA_SHIFT2)
                if shift2 & SHIFT2_HOLD:  # already paused: like any key, it ends the pause
                    ram.wb(BDA_SHIFT2, shift2 & ~SHIFT2_HOLD)
                    return ACT_NONE
                ram.wb(BDA_SHIFT2, shift2 | SHIFT2_HOLD)
                return ACT_PAUSE
            return ACT_NONE
        if byte == 0xE1:  # Pause: E1 1D 45 E1 9D C5, no break code
            self._pause_bytes = 5
            return ACT_NONE
        if byte == E0_PREFIX:
            ram.wb(BDA_KBD_TYPE, flags | KBD_LAST_E0)
            return ACT_NONE
        extended = bool(flags & KBD_LAST_E0)
        ram.wb(BDA_KBD_TYPE, flags & ~KBD_LAST_E0)
        scan, release = byte & 0x7F, bool(byte & 0x80)
        if extended and scan in (SC_LSHIFT, SC_RSHIFT):
            return ACT_NONE  # the fake shifts around grey keys
        if scan == SC_SYSRQ and not extended:
            return self._sysrq(release)
        if scan == SC_ALT and release and not extended:
            self._alt_released()
        if scan == SC_NUM and not extended and not release and ram.rb(BDA_SHIFT) & 0x04:
            return self._ctrl_numlock()
        if self._modifier(scan, extended, release) or release:
            return ACT_NONE
        if scan == SC_DELETE and ram.rb(BDA_SHIFT) & 0x0C == 0x0C:  # Ctrl+Alt+Del, paused or not
            ram.ww(BDA_RESET_FLAG, 0x1234)
            self.vdh.machine.restart()
            return ACT_NONE
        if ram.rb(BDA_SHIFT2) & SHIFT2_HOLD:  # paused: this key ends the pause, and goes no further
            ram.wb(BDA_SHIFT2, ram.rb(BDA_SHIFT2) & ~SHIFT2_HOLD)
            return ACT_NONE
        return self._make_code(scan, extended)

    def _ctrl_numlock(self) -> int:
        """Ctrl+NumLock is Pause, as on the 84-key keyboard that had no Pause key (NumLock
        itself is not toggled); pressed again while paused, it ends the pause."""
        shift2 = self.ram.rb(BDA_SHIFT2)
        if shift2 & SHIFT2_HOLD:
            self.ram.wb(BDA_SHIFT2, shift2 & ~SHIFT2_HOLD)
            return ACT_NONE
        self.ram.wb(BDA_SHIFT2, shift2 | SHIFT2_HOLD)
        return ACT_PAUSE

    def _make_code(self, scan: int, extended: bool) -> int:
        """A key other than a shift key went down."""
        ram = self.ram
        shift = ram.rb(BDA_SHIFT)
        if scan == SC_PRTSC and self._print_screen_key(extended, shift):
            if shift & 0x04:
                self.push(0x7200)  # Ctrl+PrtSc is a key, not a print
                return ACT_NONE
            return ACT_PRINT
        if shift & 0x08 and not extended and scan in KEYPAD and KEYPAD[scan][0].isdigit():
            self._alt_digit(int(KEYPAD[scan][0]))
            return ACT_NONE
        if scan == SC_INSERT and (extended or not shift & 0x20 or shift & 0x03):
            ram.wb(BDA_SHIFT, shift ^ 0x80)
        if extended and scan == SC_SCROLL and shift & 0x04:
            self._ctrl_break()
            return ACT_BREAK
        key = bios_key(scan, extended, shift)
        if key is not None:
            self.push(key)
        return ACT_NONE

    def _print_screen_key(self, extended: bool, shift: int) -> bool:
        """E0 37 is the PrtSc key; on the 84-key keyboard, Shift with the keypad's * is."""
        enhanced = self.ram.rb(BDA_KBD_TYPE) & 0x10
        return extended or (not enhanced and bool(shift & 0x03))

    def _sysrq(self, release: bool) -> int:
        """SysRq (Alt+PrtSc): INT 15h/85h when it goes down (not its repeats) and up."""
        shift2 = self.ram.rb(BDA_SHIFT2)
        if release:
            self.ram.wb(BDA_SHIFT2, shift2 & ~SHIFT2_SYSRQ)
            return ACT_SYSRQ_BREAK
        if shift2 & SHIFT2_SYSRQ:
            return ACT_NONE
        self.ram.wb(BDA_SHIFT2, shift2 | SHIFT2_SYSRQ)
        return ACT_SYSRQ_MAKE

    def _pause_wait(self, r: Registers):
        """The ROM's Pause loop: wait, sleeping on the host, until a key clears the hold bit.

        Interrupts stay on, so timer ticks go on and the next key's INT 09h runs."""
        if self.ram.rb(BDA_SHIFT2) & SHIFT2_HOLD:
            self.output.flush()
            return BLOCK
        return None

    def _ctrl_break(self) -> None:
        """Ctrl+Break: the buffer emptied, a 0000h word in it, and the break flag at 0040:0071
        set; the ROM code then calls INT 1Bh (DOS's handler makes its next check see ^C)."""
        self.ram.ww(BDA_HEAD, self.ram.rw(BDA_TAIL))
        self.push(0x0000)
        self.ram.wb(BDA_BREAK, 0x80)

    def _alt_digit(self, digit: int) -> None:
        """Alt held, a keypad digit: the code typed so far (mod 256) in 0040:0019."""
        self.ram.wb(BDA_ALT_KEYPAD, (self.ram.rb(BDA_ALT_KEYPAD) * 10 + digit) & 0xFF)
        self._alt_typed = True

    def _alt_released(self) -> None:
        """Left Alt up after keypad digits: the character they spelt enters the buffer."""
        if self._alt_typed:
            self.push(self.ram.rb(BDA_ALT_KEYPAD))
        self.ram.wb(BDA_ALT_KEYPAD, 0)
        self._alt_typed = False

    def _modifier(self, scan: int, extended: bool, release: bool) -> bool:
        """Update 0040:0017/0018/0096 for Shift, Ctrl, Alt and the locks; True if `scan` is one."""
        ram = self.ram
        shift, shift2, flags = ram.rb(BDA_SHIFT), ram.rb(BDA_SHIFT2), ram.rb(BDA_KBD_TYPE)
        held = {SC_LSHIFT: 0x02, SC_RSHIFT: 0x01}.get(scan)
        if held is not None:
            shift = shift & ~held if release else shift | held
        elif scan in (SC_CTRL, SC_ALT):
            left, right = (0x01, 0x04) if scan == SC_CTRL else (0x02, 0x08)
            if extended:
                flags = flags & ~right if release else flags | right
            else:
                shift2 = shift2 & ~left if release else shift2 | left
            down = bool(shift2 & left or flags & right)
            bit = 0x04 if scan == SC_CTRL else 0x08
            shift = shift | bit if down else shift & ~bit
        elif scan in (SC_CAPS, SC_NUM, SC_SCROLL) and not extended:
            bit = {SC_CAPS: 0x40, SC_NUM: 0x20, SC_SCROLL: 0x10}[scan]
            if release:
                shift2 &= ~bit
            elif not shift2 & bit:  # typematic repeats do not toggle again
                shift2 |= bit
                shift ^= bit
        else:
            return False
        ram.wb(BDA_SHIFT, shift)
        ram.wb(BDA_SHIFT2, shift2)
        ram.wb(BDA_KBD_TYPE, flags)
        self._update_leds(shift)
        return True

    def _update_leds(self, shift: int) -> None:
        leds = (shift >> 4) & 0x07  # Scroll, Num, Caps: the same order as EDh's argument
        ram = self.ram
        if ram.rb(BDA_LEDS) & 0x07 != leds:
            ram.wb(BDA_LEDS, (ram.rb(BDA_LEDS) & ~0x07) | leds)
            self.kbc.leds = leds
            if self.kbc.on_leds is not None:
                self.kbc.on_leds(leds)

    # -- the BDA ring buffer ------------------------------------------------------
    def _bounds(self) -> tuple[int, int]:
        return self.ram.rw(BDA_BUF_START), self.ram.rw(BDA_BUF_END)

    def _next(self, ptr: int) -> int:
        start, end = self._bounds()
        ptr += 2
        return start if ptr >= end else ptr

    def buffered(self) -> int | None:
        head, tail = self.ram.rw(BDA_HEAD), self.ram.rw(BDA_TAIL)
        return None if head == tail else self.ram.rw(0x400 + head)

    def push(self, key: int) -> bool:
        tail = self.ram.rw(BDA_TAIL)
        nxt = self._next(tail)
        if nxt == self.ram.rw(BDA_HEAD):
            return False
        self.ram.ww(0x400 + tail, key)
        self.ram.ww(BDA_TAIL, nxt)
        return True

    def _drop(self) -> None:
        self.ram.ww(BDA_HEAD, self._next(self.ram.rw(BDA_HEAD)))

    def peek_key(self) -> int | None:
        """The next key without taking it; pulls one from console input if needed."""
        key = self.buffered()
        if key is None and not self.source_attached:
            ch = self.input.get()
            if ch is None:
                return None
            if ch == 0x0A:  # the LF of a host line end: Enter was the CR before it
                return self.peek_key()
            self.push(key_for(ch))
            key = self.buffered()
        return key

    def take_key(self) -> int | None:
        key = self.peek_key()
        if key is not None:
            self._drop()
        return key

    def wait_reason(self, r: Registers | None = None):
        """BLOCK while input may still come; end the session when it cannot."""
        if self.input.at_eof and not self.source_attached and not self.pending_keys():
            self.vdh.machine.end_session(
                "input-ended", 125, "session stopped: the program waits for a key and standard input has ended")
            return None
        self.output.flush()
        if r is not None:
            interrupts_on_while_waiting(r)
        return BLOCK

    # -- INT 16h --------------------------------------------------------------------
    def int16(self, r: Registers):
        fn = r.ah
        if fn in (0x00, 0x10):
            key = self.take_key()
            if key is None:
                return self.wait_reason(r)
            if fn == 0x00:
                key = _classic(key)
            r.ax = key
        elif fn in (0x01, 0x11):
            key = self.peek_key()
            if key is None and self.vdh.idle_poll() is BLOCK:
                return BLOCK  # polling in a loop: sleep a tick instead of spinning
            r.zf = key is None
            if key is not None:
                if fn == 0x01:
                    key = _classic(key)
                r.ax = key
        elif fn in (0x02, 0x12):
            r.al = self.ram.rb(BDA_SHIFT)
            if fn == 0x12:
                r.ah = self.ram.rb(BDA_SHIFT2)
        elif fn == 0x05:
            r.al = 0 if self.push(r.cx) else 1
        return None
