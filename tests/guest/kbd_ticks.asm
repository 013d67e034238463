; The timer keeps running while INT 16h/00h waits for a key, also when the
; call goes through a program's INT 16h hook that passes it on (the BIOS
; enables interrupts while it waits). Prints "=", the key, and the INT 1Ch
; calls counted during the wait, twice: without and with the INT 16h hook.
        org 100h
        mov ax, 351Ch
        int 21h
        mov [old1c], bx
        mov [old1c + 2], es
        mov ax, 3516h
        int 21h
        mov [old16], bx
        mov [old16 + 2], es
        mov dx, hook1c
        mov ax, 251Ch
        int 21h

        mov dx, eq
        mov ah, 09h
        int 21h
        call waitkey
        mov dx, hook16
        mov ax, 2516h
        int 21h
        call waitkey

        push ds
        lds dx, [old16]
        mov ax, 2516h
        int 21h
        pop ds
        push ds
        lds dx, [old1c]
        mov ax, 251Ch
        int 21h
        pop ds
        mov ax, 4C00h
        int 21h

waitkey:
        mov word [count], 0
        mov ah, 00h
        int 16h
        call hex16
        call space
        mov ax, [count]
        call hex16
        call space
        ret

hook1c: inc word [cs:count]
        iret

hook16: jmp far [cs:old16]

count   dw 0
old1c   dd 0
old16   dd 0
eq      db "=$"

%include "lib.inc"
