; Waits in HLT for the timer interrupt a few times, then exits with code 3.
; With NOINT it halts with interrupts disabled, which can never end (and halts
; again should the CPU ever go on, as programs that stop for good do).
%include "macros.inc"
        org 100h
%ifdef NOINT
        cli
.stop:  hlt
        jmp .stop
%else
        sti
        mov cx, 3
.w:     hlt
        loop .w
%endif
        exit 3
