; The child xms_high.asm loads with strategy 80h: says whether it runs above A000h.
%include "macros.inc"
        org 100h
start:
        mov ax, cs
        cmp ax, 0A000h
        jb .low
        print s_high
        exit 0
.low:   print s_low
        exit 0
s_high: db "child high", 13, 10, "$"
s_low:  db "child low", 13, 10, "$"
