"""The unicorn engine: QEMU's translator, driven through raw ctypes calls.

The Python binding's conveniences (a wrapper per hook call, one foreign call per
register) cost more than the guest work of a typical INT 21h call, so the hot
paths here call the C library directly: hooks are plain CFUNCTYPE callbacks and
registers move in one `uc_reg_read_batch` / `uc_reg_write_batch` call each way.
"""

from __future__ import annotations

import ctypes
import functools
import mmap
import os
import threading

from unicorn import UC_ARCH_X86, UC_HOOK_INSN, UC_HOOK_INTR, UC_MODE_16, UC_PROT_ALL, Uc, UcError
from unicorn import unicorn_const as ucc
from unicorn import x86_const as x86
from unicorn.unicorn_py3.unicorn import uc_hook_h, uclib

from .base import IF, REG_COUNT, TF, Exit, ExitReason, Registers
from .memory import HMA_END, HMA_START, MIB, GuestRam

_UC_SLOTS = (
    x86.UC_X86_REG_EAX, x86.UC_X86_REG_EBX, x86.UC_X86_REG_ECX, x86.UC_X86_REG_EDX,
    x86.UC_X86_REG_ESI, x86.UC_X86_REG_EDI, x86.UC_X86_REG_EBP, x86.UC_X86_REG_ESP,
    x86.UC_X86_REG_EIP, x86.UC_X86_REG_EFLAGS,
    x86.UC_X86_REG_CS, x86.UC_X86_REG_DS, x86.UC_X86_REG_ES, x86.UC_X86_REG_SS,
    x86.UC_X86_REG_FS, x86.UC_X86_REG_GS,
)
assert len(_UC_SLOTS) == REG_COUNT

_INTR_CB = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p)
_IN_CB = ctypes.CFUNCTYPE(ctypes.c_uint32, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_void_p)
_OUT_CB = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint32,
                           ctypes.c_void_p)
_INVALID_CB = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p, ctypes.c_void_p)
# Prefixes that may precede INT n without changing it.
_INT_PREFIXES = frozenset((0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF2, 0xF3))

_FAULT_TEXT = {
    ucc.UC_ERR_FETCH_UNMAPPED: "instruction fetch from unmapped memory",
    ucc.UC_ERR_READ_UNMAPPED: "read from unmapped memory",
    ucc.UC_ERR_WRITE_UNMAPPED: "write to unmapped memory",
    ucc.UC_ERR_FETCH_PROT: "instruction fetch from protected memory",
    ucc.UC_ERR_EXCEPTION: "unhandled CPU exception",
}
_UNTIL = ctypes.c_uint64(0xFFFF_FFFF_FFFF_FFFF)
_ZERO = ctypes.c_uint64(0)
_IF = 0x200  # the interrupt flag in EFLAGS
_HOST_PAGE = mmap.PAGESIZE
_MAP_FIXED = 0x10  # Linux's MAP_FIXED (the mmap module does not export it)
_PROT_RW = mmap.PROT_READ | mmap.PROT_WRITE
_SHARED_FIXED = mmap.MAP_SHARED | _MAP_FIXED


def _batch_calls(handle, ids, ptrs):
    """Register batch calls with every argument bound in advance.

    The binding's prototypes make ctypes convert and check each argument on each
    call; a second handle on the library without prototypes, given ready-made
    ctypes objects, costs a third as much, and this is the trap path.
    """
    lib = ctypes.CDLL(uclib._name)
    engine = ctypes.c_void_p(handle.value if isinstance(handle, ctypes.c_void_p) else handle)
    count = ctypes.c_int(REG_COUNT)
    read, write = lib.uc_reg_read_batch, lib.uc_reg_write_batch
    read.restype = write.restype = ctypes.c_int
    return (functools.partial(read, engine, ids, ptrs, count),
            functools.partial(write, engine, ids, ptrs, count))


def _ignore_interrupt(vector: int, software: bool) -> None:
    pass


def _fixed_mmap():
    """libc's mmap, for placing file pages at a chosen address inside guest RAM."""
    libc = ctypes.CDLL(None, use_errno=True)
    fn = libc.mmap
    fn.restype = ctypes.c_void_p
    fn.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long)
    return fn


def _remove_cache_call(handle):
    """uc_ctl(UC_CTL_TB_REMOVE_CACHE) without the binding's per-call argument wrapping."""
    lib = ctypes.CDLL(uclib._name)
    fn = lib.uc_ctl
    fn.restype = ctypes.c_int
    # Declared with its two 64-bit arguments, so ctypes converts plain ints itself
    # (the integer registers carry them exactly as for the variadic call).
    fn.argtypes = (ctypes.c_void_p, ctypes.c_int, ctypes.c_uint64, ctypes.c_uint64)
    code = (ucc.UC_CTL_IO_WRITE << 30) | (2 << 26) | ucc.UC_CTL_TB_REMOVE_CACHE
    engine = handle.value if isinstance(handle, ctypes.c_void_p) else handle
    return functools.partial(fn, engine, code)


class UnicornEngine:
    """A real-mode 80386 on unicorn, with guest RAM shared through a memoryview."""

    name = "unicorn"

    def __init__(self, ram: GuestRam) -> None:
        self.ram = ram
        self.mem = ram.mem
        self._uc = Uc(UC_ARCH_X86, UC_MODE_16)
        self._h = self._uc._uch
        # Real mode has no paging: the virtual TLB skips the soft-MMU walk (7x faster).
        self._uc.ctl_set_tlb_mode(ucc.UC_TLB_VIRTUAL)
        self._map_ram()
        self._a20 = True
        self._a20_wanted = True
        self._mmap = _fixed_mmap()
        self._remove_cache = _remove_cache_call(self._h)
        self._shadow_fd = -1  # displaced RAM, kept for map_window(..., None); made on first use
        self._displaced: set[int] = set()  # host pages of guest RAM that now live in _shadow_fd
        self._windows: set[tuple[int, int]] = set()  # ranges whose pages are all in _displaced
        self._host_buffers: list = []  # host memory shown to the guest (map_host_memory), kept alive

        self._ids = (ctypes.c_int * REG_COUNT)(*_UC_SLOTS)
        self._vals = (ctypes.c_uint64 * REG_COUNT)()
        base = ctypes.addressof(self._vals)
        self._ptrs = (ctypes.c_void_p * REG_COUNT)(*(base + 8 * i for i in range(REG_COUNT)))
        self._regs = Registers(self._vals)
        # While an interrupt hook runs, the view holds the live registers (read
        # once on entry, kept current by commit), so regs() need not read again.
        self._fresh = False
        self._read_all, self._write_all = _batch_calls(self._h, self._ids, self._ptrs)

        self.on_interrupt = _ignore_interrupt
        self.on_io_read = lambda port, size: (1 << (8 * size)) - 1
        self.on_io_write = lambda port, size, value: None

        self._running = False
        self._stop_requested = False
        self._hook_error: BaseException | None = None
        self._lock = threading.Lock()
        self._callbacks = []  # keep ctypes callbacks alive
        self._context = ctypes.c_void_p()
        if uclib.uc_context_alloc(self._h, ctypes.byref(self._context)):
            self._context = None
        self._add_hook(UC_HOOK_INTR, _INTR_CB(self._intr_cb))
        self._add_hook(ucc.UC_HOOK_INSN_INVALID, _INVALID_CB(self._invalid_cb))
        self._add_hook(UC_HOOK_INSN, _IN_CB(self._in_cb), x86.UC_X86_INS_IN)
        self._add_hook(UC_HOOK_INSN, _OUT_CB(self._out_cb), x86.UC_X86_INS_OUT)

    # -- set-up ------------------------------------------------------------------
    def _map_ram(self) -> None:
        uc, ram = self._uc, self.ram
        uc.mem_map_ptr(0, MIB, UC_PROT_ALL, ram.address)
        uc.mem_map_ptr(HMA_START, HMA_END - HMA_START, UC_PROT_ALL, ram.address + HMA_START)
        if ram.size > HMA_END:
            uc.mem_map_ptr(HMA_END, ram.size - HMA_END, UC_PROT_ALL, ram.address + HMA_END)

    def _add_hook(self, kind: int, callback, *extra: int) -> None:
        self._callbacks.append(callback)
        handle = uc_hook_h()
        args = [ctypes.c_int(e) for e in extra]
        status = uclib.uc_hook_add(self._h, ctypes.byref(handle), kind, ctypes.cast(callback, ctypes.c_void_p),
                                   None, ctypes.c_uint64(1), ctypes.c_uint64(0), *args)
        if status:
            raise UcError(status)

    # -- registers ---------------------------------------------------------------
    def regs(self) -> Registers:
        """Read every register in one call; the returned view is reused."""
        if self._fresh:
            return self._regs
        self._read_all()
        self._regs.dirty = False
        return self._regs

    def commit(self) -> None:
        """Write the register view back if a handler changed it."""
        if self._regs.dirty:
            self._write_all()
            self._regs.dirty = False

    def set_regs(self, **values: int) -> None:
        r = self.regs()
        for name, value in values.items():
            setattr(r, name, value)
        self.commit()

    # -- hooks (called by unicorn, inside emu_start) -----------------------------
    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except BaseException as exc:  # noqa: BLE001 - carried to run() and re-raised there
            if self._hook_error is None:
                self._hook_error = exc
            self.stop()
            return None

    def _intr_cb(self, handle, intno, user):
        # The hot path of every INT n the monitor serves: one register read here,
        # at most one write (commit) after the handler.
        self._read_all()
        self._regs.dirty = False
        self._fresh = True
        try:
            if intno >= 0x20:  # only vectors below 20h can be CPU exceptions
                self.on_interrupt(intno, True)
            else:
                self._interrupt_entry(intno)
        except BaseException as exc:  # noqa: BLE001 - carried to run() and re-raised there
            if self._hook_error is None:
                self._hook_error = exc
            self.stop()
        finally:
            self._fresh = False

    def _interrupt_entry(self, intno: int) -> None:
        software = self._is_software(intno)
        if not software:
            self._forget_exception(intno)
        self.on_interrupt(intno, software)

    def _forget_exception(self, intno: int) -> None:
        """Tell QEMU that the exception it raised has been delivered.

        QEMU notes a contributory exception (#DE, #GP...) in env->old_exception and
        clears the note only when it delivers the exception itself. Unicorn hands
        exceptions to our hook instead, so the note stays: the next divide error is
        then raised as a double fault (INT 8) and the one after that as a triple
        fault, which stops the CPU. The field has no register id; it lies 72 bytes
        before the end of the CPU state that uc_context_save copies (CPUX86State up
        to end_reset_fields), and is cleared only if it holds the number just
        reported, so a different layout leaves the state untouched.
        """
        if self._context is None:
            return
        h, ctx = self._h, self._context
        uclib.uc_context_save(h, ctx)
        note = ctypes.c_int32.from_address(ctx.value + uclib.uc_context_size(h) - 72)
        if note.value == intno:
            note.value = -1
            uclib.uc_context_restore(h, ctx)

    def _invalid_cb(self, handle, user) -> bool:
        return bool(self._guard(self._int6_entry))

    def _int6_entry(self) -> bool:
        """Serve INT 6, which unicorn mistakes for an invalid opcode.

        Unicorn stops on exception number 6 whether it is #UD or the INT 6
        instruction, with IP on the instruction. A real #UD is left to end the run
        as a fault; INT 6 is a software interrupt like any other.
        """
        r = self.regs()
        m = self.mem
        lin = self._linear(r.cs, r.ip)
        length = 0
        while length < 14 and m[lin + length] in _INT_PREFIXES:
            length += 1
        if m[lin + length] != 0xCD or m[lin + length + 1] != 6:
            return False
        r.ip = r.ip + length + 2
        self.commit()
        self.on_interrupt(6, True)
        return True

    def _in_cb(self, handle, port, size, user):
        value = self._guard(self.on_io_read, port, size)
        return 0xFFFFFFFF if value is None else value

    def _out_cb(self, handle, port, size, value, user):
        self._guard(self.on_io_write, port, size, value)

    def _is_software(self, intno: int) -> bool:
        """Tell INT n / INT3 / INTO from a CPU exception with the same number.

        Unicorn reports both through one hook; after INT n the IP is past the
        instruction, after a fault it is on the faulting instruction.
        """
        r = self.regs()
        lin = self._linear(r.cs, r.ip)
        m = self.mem
        if intno == 3 and m[lin - 1] == 0xCC:
            return True
        if intno == 4 and m[lin - 1] == 0xCE:
            return True
        if intno == 1 and m[lin - 1] == 0xF1:
            return True
        return m[lin - 2] == 0xCD and m[lin - 1] == intno

    # -- control -----------------------------------------------------------------
    def interrupt(self, vector: int) -> None:
        """Enter the guest's handler for `vector` as the CPU would in real mode."""
        r = self.regs()
        m = self.ram
        mem = self.mem
        sp = r.sp
        ss = r.ss
        for value in (r.flags, r.cs, r.ip):
            sp = (sp - 2) & 0xFFFF
            # Byte by byte through the CPU's view: the stack wraps within its
            # segment, and at 1 MiB while A20 is off.
            mem[self._linear(ss, sp)] = value & 0xFF
            mem[self._linear(ss, (sp + 1) & 0xFFFF)] = value >> 8
        r.sp = sp
        r.flags = r.flags & ~(IF | TF)
        r.ip = m.rw(vector * 4)
        r.cs = m.rw(vector * 4 + 2)
        self.commit()

    def _linear(self, seg: int, off: int) -> int:
        """The RAM offset the guest reaches at seg:off, with the 1 MiB wrap when A20 is off."""
        lin = (seg << 4) + off
        return lin if self._a20_wanted else lin & (MIB - 1)

    def stop(self) -> None:
        """Ask a running emu_start to return; safe from any thread and from hooks."""
        self._stop_requested = True
        if self._running:
            uclib.uc_emu_stop(self._h)

    def set_a20(self, enabled: bool) -> None:
        """Switch the 1 MiB wrap; takes effect before the next instruction run."""
        self._a20_wanted = enabled
        if self._running:
            self.stop()
        else:
            self._apply_a20()

    def _apply_a20(self) -> None:
        if self._a20 == self._a20_wanted:
            return
        uc, ram = self._uc, self.ram
        uc.mem_unmap(HMA_START, HMA_END - HMA_START)
        target = ram.address + (HMA_START if self._a20_wanted else 0)
        uc.mem_map_ptr(HMA_START, HMA_END - HMA_START, UC_PROT_ALL, target)
        self._a20 = self._a20_wanted
        self.invalidate(0, HMA_END)

    @property
    def a20(self) -> bool:
        return self._a20_wanted

    def map_mmio(self, start: int, size: int, read, write) -> None:
        """Give the pages [start, start+size) to device callbacks instead of RAM.

        `read(address, size) -> value` and `write(address, size, value)` get
        linear addresses. Both bounds must be 4 KiB aligned.
        """
        if start % 0x1000 or size % 0x1000 or size <= 0:
            raise ValueError("memory hooks cover whole 4 KiB pages")

        def on_read(uc, offset, width, user):
            value = self._guard(read, start + offset, width) if read else None
            return 0 if value is None else value

        def on_write(uc, offset, width, value, user):
            if write:
                self._guard(write, start + offset, width, value)

        self._uc.mem_unmap(start, size)
        self._uc.mmio_map(start, size, on_read, None, on_write, None)
        self.invalidate(start, start + size)

    def invalidate(self, start: int, end: int) -> None:
        """Drop translated code for a range that the host wrote behind the guest's back."""
        self._uc.ctl_remove_cache(start, end)

    def map_window(self, start: int, size: int, fd: int | None = None, offset: int = 0) -> None:
        """Show `size` bytes of file `fd` from `offset` at guest RAM [start, start+size).

        With `fd` None the range shows its own RAM again, as it was when it was
        first remapped. Bounds and offset must be host-page aligned. The pages are
        placed in the host buffer itself (mmap with MAP_FIXED over guest RAM), so
        the guest and every VDD reading `mem` see the same bytes at once, the same
        file page may appear at several guest addresses, and the engine's
        translation of guest to host addresses stays valid: nothing is remapped
        inside the engine, only translated code for the range is dropped. That is
        why, unlike `set_a20`, this takes effect at once, even inside a hook.
        """
        if offset % _HOST_PAGE:
            raise ValueError(f"map_window: file offset {offset:#x} is not on a host page")
        if (start, size) not in self._windows:
            if start % _HOST_PAGE or size % _HOST_PAGE or size <= 0 or start < 0 or start + size > self.ram.size:
                raise ValueError(f"map_window: {start:#x}+{size:#x} is not whole host pages of guest RAM")
            self._keep_displaced(start, size)
        if fd is None:
            fd, offset = self._shadow_fd, start
        where = self.ram.address + start
        placed = self._mmap(where, size, _PROT_RW, _SHARED_FIXED, fd, offset)
        if placed != where:
            err = ctypes.get_errno()
            raise OSError(err, f"map_window: mmap failed: {os.strerror(err)}")
        self._remove_cache(start, start + size)

    def map_host_memory(self, start: int, size: int, buffer) -> None:
        """Show the host memory of `buffer` (a ctypes object) at guest [start, start+size).

        The range must be whole 4 KiB pages outside guest RAM and the buffer at least
        `size` bytes; the guest then reads and writes the buffer itself, at full speed.
        The engine keeps the buffer alive as long as it maps it.
        """
        if start % 0x1000 or size % 0x1000 or size <= 0 or start < self.ram.size:
            raise ValueError(f"map_host_memory: {start:#x}+{size:#x} is not whole pages above guest RAM")
        if ctypes.sizeof(buffer) < size:
            raise ValueError(f"map_host_memory: the buffer holds {ctypes.sizeof(buffer):#x} bytes, not {size:#x}")
        self._uc.mem_map_ptr(start, size, ucc.UC_PROT_READ | ucc.UC_PROT_WRITE, ctypes.addressof(buffer))
        self._host_buffers.append(buffer)

    def _keep_displaced(self, start: int, size: int) -> None:
        """Copy RAM that a window is about to cover into the shadow file, once per page."""
        if self._shadow_fd < 0:
            self._shadow_fd = os.memfd_create("mvm-ram-shadow", os.MFD_CLOEXEC)
            os.ftruncate(self._shadow_fd, self.ram.size)  # sparse: only displaced pages cost memory
        mem = self.mem
        for page in range(start, start + size, _HOST_PAGE):
            # A page copied once is only ever shown from the shadow file afterwards,
            # so the copy there stays the page's true content.
            if page not in self._displaced:
                os.pwrite(self._shadow_fd, mem[page:page + _HOST_PAGE], page)
                self._displaced.add(page)
        self._windows.add((start, size))

    def run(self) -> Exit:
        """Run until the SVC gate, HLT, a stop request or a fault."""
        self._apply_a20()
        r = self.regs()
        begin = (r.cs << 4) + r.ip
        self._stop_requested = False
        self._running = True
        try:
            status = uclib.uc_emu_start(self._h, ctypes.c_uint64(begin), _UNTIL, _ZERO, ctypes.c_size_t(0))
        finally:
            self._running = False
        if self._hook_error is not None:
            exc, self._hook_error = self._hook_error, None
            raise exc
        if status == ucc.UC_ERR_INSN_INVALID:
            return Exit(ExitReason.FAULT, 6, "invalid opcode")
        if status:
            return Exit(ExitReason.FAULT, -1, _FAULT_TEXT.get(status, f"unicorn error {status}"))
        return self._classify_stop()

    def step(self, count: int = 1) -> Exit:
        """Run at most `count` instructions (slow: for tests and tracing, not sessions)."""
        self._apply_a20()
        before = bytes(self.regs().v)
        status = self._start_counted(count)
        if not status and not self._stop_requested and self._hook_error is None \
                and bytes(self.regs().v) == before:
            # An instruction that stores into its own code page makes QEMU drop the
            # translated block and restart the instruction alone, and unicorn counts
            # the restart: with count 1 the instruction never runs. One more count
            # lets the restarted single-instruction block run it.
            status = self._start_counted(count + 1)
        if self._hook_error is not None:
            exc, self._hook_error = self._hook_error, None
            raise exc
        if status == ucc.UC_ERR_INSN_INVALID:
            return Exit(ExitReason.FAULT, 6, "invalid opcode")
        if status:
            return Exit(ExitReason.FAULT, -1, _FAULT_TEXT.get(status, f"unicorn error {status}"))
        return Exit(ExitReason.SLICE)

    def _start_counted(self, count: int) -> int:
        r = self.regs()
        begin = (r.cs << 4) + r.ip
        self._stop_requested = False
        self._running = True
        try:
            return uclib.uc_emu_start(self._h, ctypes.c_uint64(begin), _UNTIL, _ZERO, ctypes.c_size_t(count))
        finally:
            self._running = False

    def _classify_stop(self) -> Exit:
        r = self.regs()
        lin = (r.cs << 4) + r.ip
        m = self.mem
        if m[lin - 1] == 0xF4:
            if r.cs == 0xF000 and m[lin] ^ m[lin + 1] == 0xFF:
                number = m[lin]
                r.ip = r.ip + 2
                self.commit()
                return Exit(ExitReason.SVC, number)
            # A stop request that comes while HLT ends the run leaves the same marks as one that
            # stops the guest just after an instruction whose last byte is F4h (OUT 0F4h, AL). With
            # interrupts on, taking it as HLT costs at most a wait for the next interrupt, while
            # taking a real HLT as a stop would lose the wait; with them off, only a run that no
            # stop request ended is surely HLT (a wrong "halted for ever" would end the session).
            if not self._stop_requested or r.eflags & _IF:
                return Exit(ExitReason.HALT)
        return Exit(ExitReason.SLICE)

    def close(self) -> None:
        if self._shadow_fd >= 0:
            os.close(self._shadow_fd)  # the pages stay while guest RAM still maps them
            self._shadow_fd = -1
        if self._context is not None:
            uclib.uc_context_free(self._context)
            self._context = None
        self._callbacks.clear()
        self._uc = None

