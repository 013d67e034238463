; INT 21h/59h after failed calls: AX the error, BH its class, BL the suggested
; action, CH the locus. A file that is not there, then memory that is not there.
%include "macros.inc"
        org 100h
start:
        mov dx, nofile
        mov ax, 3D00h
        int 21h
        jnc fail
        call show
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        jnc fail
        call show
        mov ah, 0FFh                         ; no such function
        int 21h
        call show
        exit 0
fail:   exit 1

show:   push ax
        mov ah, 59h
        xor bx, bx
        int 21h
        print s_call
        pop ax
        call hex16
        print s_ext
        call hex16
        call space
        mov ax, bx
        call hex16
        call space
        mov al, ch
        xor ah, ah
        call hex16
        call newline
        ret

nofile  db "NOFILE.XYZ", 0
s_call  db "call:$"
s_ext   db " 59h:$"
%include "lib.inc"
