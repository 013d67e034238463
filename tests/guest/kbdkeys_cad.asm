; Ctrl+Alt+Del swallowed by a program's INT 15h/4Fh hook (it clears CF for the
; Delete key's make code, 53h): no restart. Reads keys until "q"; exits with 5.
        org 100h
        mov ax, 3515h
        int 21h
        mov [old15], bx
        mov [old15+2], es
        mov dx, hook
        mov ax, 2515h
        int 21h
.key:   mov ah, 00h
        int 16h
        cmp al, 'q'
        jne .key
        push ds
        lds dx, [old15]
        mov ax, 2515h
        int 21h
        pop ds
        mov ax, 4C05h
        int 21h

hook:   cmp ah, 4Fh
        jne .pass
        cmp al, 53h
        jne .pass
        clc                     ; swallow the key: CF clear on return
        retf 2
.pass:  jmp far [cs:old15]

old15   dd 0

%include "lib.inc"
