; Waits for a key with INT 21h/08h, then prints how many timer ticks passed
; while it waited (BIOS tick count from INT 1Ah/00h).
%include "macros.inc"
        org 100h
        mov ah, 00h
        int 1Ah
        mov [start], dx
        mov ah, 08h
        int 21h
        mov ah, 00h
        int 1Ah
        sub dx, [start]
        mov ax, dx
        call hex16
        call newline
        exit 0
start   dw 0
%include "lib.inc"
