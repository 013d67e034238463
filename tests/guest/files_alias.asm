; Host names that are not 8.3 are reached by their alias; any case matches.
%include "macros.inc"
        org 100h
        mov ax, 3D00h
        mov dx, n_long
        int 21h
        call show
        mov bx, ax
        mov ah, 3Fh
        mov cx, 64
        mov dx, buf
        int 21h
        mov cx, ax
        mov si, buf
        call showbuf
        mov ah, 3Eh
        int 21h
        mov ax, 3D00h
        mov dx, n_mixed
        int 21h
        call show
        mov bx, ax
        mov ah, 3Fh
        mov cx, 64
        mov dx, buf
        int 21h
        mov cx, ax
        mov si, buf
        call showbuf
        mov ah, 3Eh
        int 21h
        mov ah, 3Ch                 ; create over it: the host file keeps its name
        xor cx, cx
        mov dx, n_mixed
        int 21h
        call show
        mov bx, ax
        mov ah, 40h
        mov cx, 5
        mov dx, n_mixed
        int 21h
        mov ah, 3Eh
        int 21h
        exit 0

%include "files_common.inc"
n_long  db "LONGFI~1.TXT", 0
n_mixed db "MIXED.TXT", 0
buf     times 64 db 0
