; Mode 1 (40x25): teletype 45 characters wrap after column 39.
; Prints "=" then the cursor (0105) and 0Fh's AX (2801) on row 3.
        org 100h
        mov ax, 0001h
        int 10h
        mov cx, 45
.x:     mov ax, 0E78h
        mov bx, 0007h
        int 10h
        loop .x
        mov ah, 03h
        mov bh, 0
        int 10h
        mov si, dx
        mov ah, 0Fh
        int 10h
        mov di, ax
        mov ah, 02h
        mov bh, 0
        mov dx, 0300h
        int 10h
        mov dx, eq
        mov ah, 09h
        int 21h
        mov ax, si
        call hex16
        call space
        mov ax, di
        call hex16
        mov ax, 4C00h
        int 21h

eq      db "=$"

%include "lib.inc"
