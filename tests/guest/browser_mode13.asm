; For the browser window test: mode 13h filled with colour 4 (red), a key, then a
; 10x10 blue (colour 1) square at the top left, a key, and exit 0.
%include "macros.inc"
        org 100h
        mov ax, 0013h
        int 10h
        mov ax, 0A000h
        mov es, ax
        xor di, di
        mov cx, 320 * 200
        mov al, 4
        rep stosb
        mov ah, 08h
        int 21h
        xor di, di
        mov dx, 10
.row:   mov cx, 10
        mov al, 1
        rep stosb
        add di, 320 - 10
        dec dx
        jnz .row
        mov ah, 08h
        int 21h
        exit 0
