; Hooks INT 15h/4Fh, the keyboard intercept the BIOS INT 09h calls for every
; scan code: turns A (1Eh) into B (30h) and swallows Z (2Ch, CF clear). Reads
; keys with INT 16h/10h until the Q key; prints "=" and the keys.
        org 100h
        mov ax, 3515h
        int 21h
        mov [old15], bx
        mov [old15+2], es
        push ds
        pop es
        mov dx, hook
        mov ax, 2515h
        int 21h
        mov di, keys
.key:   mov ah, 10h
        int 16h
        stosw
        cmp ah, 10h
        jne .key
        push ds
        lds dx, [old15]
        mov ax, 2515h
        int 21h
        pop ds
        mov dx, eq
        mov ah, 09h
        int 21h
        mov si, keys
.pk:    cmp si, di
        jae .end
        lodsw
        call hex16
        call space
        jmp .pk
.end:   mov ax, 4C00h
        int 21h

hook:   cmp ah, 4Fh
        jne .chain
        cmp al, 1Eh
        jne .notA
        mov al, 30h
        stc
        retf 2
.notA:  cmp al, 2Ch
        jne .chain
        clc                     ; swallowed: the BIOS forgets this code
        retf 2
.chain: jmp far [cs:old15]

eq      db "=$"
old15   dd 0
keys    times 64 dw 0

%include "lib.inc"
