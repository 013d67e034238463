; A child ended by Ctrl-C (PBREAK.COM without a handler): the parent gets control
; back with termination type 1 from 4Dh.
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        mov [block + 4], cs
        mov [block + 8], cs
        mov [block + 12], cs
        mov dx, child
        mov bx, block
        mov ax, 4B00h
        int 21h
        jc fail
        push cs
        pop ds
        mov ah, 4Dh
        int 21h
        print s_code
        call hex16
        call newline
        exit 0
fail:   exit 1

child   db "PBREAK.COM", 0
tail    db 2, " n", 13
block   dw 0
        dw tail, 0
        dw 5Ch, 0
        dw 6Ch, 0
s_code  db 13, 10, "code:$"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
