; Sizes: a zero-length write cuts the file (or extends it) at the position;
; a write past the end fills the gap with zeros.
%include "macros.inc"
        org 100h
        mov ah, 3Ch                 ; 1: create SIZES.DAT with 10 bytes
        xor cx, cx
        mov dx, n_file
        int 21h
        call show
        mov bx, ax
        mov ah, 40h
        mov cx, 10
        mov dx, digits
        int 21h
        call show
        mov ax, 4200h               ; 2: to offset 4, write nothing: size 4
        xor cx, cx
        mov dx, 4
        int 21h
        mov ah, 40h
        xor cx, cx
        int 21h
        call show
        mov ax, 4202h
        xor cx, cx
        xor dx, dx
        int 21h
        call showdx
        mov ax, 4200h               ; 3: to offset 8 (past the end), write 2: size 10
        xor cx, cx
        mov dx, 8
        int 21h
        mov ah, 40h
        mov cx, 2
        mov dx, digits
        int 21h
        call show
        mov ax, 4202h
        xor cx, cx
        xor dx, dx
        int 21h
        call showdx
        mov ax, 4200h               ; 4: read it all back: 0123 0000 01
        xor cx, cx
        xor dx, dx
        int 21h
        mov ah, 3Fh
        mov cx, 20
        mov dx, buf
        int 21h
        call show
        mov si, buf
        mov cx, ax
.hex:   lodsb
        xor ah, ah
        call hex16
        loop .hex
        call newline
        mov ax, 4200h               ; 5: to 70000 (past 64 KiB), write nothing: size 70000
        mov cx, 1
        mov dx, 70000 - 65536
        int 21h
        call showdx
        mov ah, 40h
        xor cx, cx
        int 21h
        call show
        mov ax, 4202h
        xor cx, cx
        xor dx, dx
        int 21h
        call showdx
        mov ax, 4202h               ; 6: 5 back from the end
        mov cx, 0FFFFh
        mov dx, -5
        int 21h
        call showdx
        mov ah, 3Eh
        int 21h
        call show
        exit 0

%include "files_common.inc"
n_file  db "SIZES.DAT", 0
digits  db "0123456789"
buf     times 32 db 0
