; A loop of CALLS INT 21h calls with AH=FUNC (default 30h, get DOS version).
; Build: nasm -f bin -DCALLS=n [-DFUNC=0Bh] [-DEMPTY] [-DWARMUP=n] int21.asm -o INT21.COM
; With EMPTY defined the loop has the same instructions but no INT 21h, so that
; its time can be taken off. Prints "calls done" and exits with code 0.

%ifndef CALLS
%define CALLS 1
%endif
%ifndef FUNC
%define FUNC 30h
%endif

        org 100h
%ifdef WARMUP
        ; A fixed busy loop before the measured part (the same for every run length),
        ; for emulators that tune their speed during the first second or so.
        mov ecx, WARMUP
warm:   dec ecx
        jnz warm
%endif
        mov esi, CALLS          ; AH=30h returns in AX, BX and CX: count in ESI
.loop:  mov ah, FUNC
%ifdef EMPTY
        nop
        nop
%else
        int 21h
%endif
        dec esi
        jnz .loop

        mov dx, message
        mov ah, 09h
        int 21h
        mov ax, 4C00h
        int 21h

message db "calls done", 13, 10, "$"
