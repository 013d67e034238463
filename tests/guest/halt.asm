; Waits in HLT for the timer interrupt a few times, then exits with code 3.
; With NOINT it halts with interrupts disabled, which can never end.
%include "macros.inc"
        org 100h
%ifdef NOINT
        cli
        hlt
%else
        sti
        mov cx, 3
.w:     hlt
        loop .w
%endif
        exit 3
