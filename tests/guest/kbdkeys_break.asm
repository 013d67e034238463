; Ctrl+Break with a program's own INT 1Bh: counts the calls in its handler while
; reading keys with INT 21h/08h (which looks for ^C) until "q". DOS's INT 1Bh is
; not called, so no ^C reaches DOS and INT 23h (the default: end the program)
; never runs. Prints "=" and: the count, the key read, 0040:0071.
        org 100h
        mov ax, 351Bh
        int 21h
        mov [old1b], bx
        mov [old1b+2], es
        mov dx, handler
        mov ax, 251Bh
        int 21h
.key:   mov ah, 08h
        int 21h
        cmp al, 'q'
        jne .key
        xor ah, ah
        push ax
        push ds
        lds dx, [old1b]
        mov ax, 251Bh
        int 21h
        pop ds
        mov ax, [count]
        call save
        pop ax
        call save
        push es
        mov ax, 40h
        mov es, ax
        mov al, [es:71h]
        pop es
        xor ah, ah
        call save
        jmp report

handler:
        inc word [cs:count]
        iret

old1b   dd 0
count   dw 0

%include "lib.inc"
%include "results.inc"
