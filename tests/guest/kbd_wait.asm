; INT 16h/00h waits for keys: prints "=" and each key in hex, until "q".
        org 100h
        mov dx, eq
        mov ah, 09h
        int 21h
.key:   mov ah, 00h
        int 16h
        call hex16
        call space
        cmp al, 'q'
        jne .key
        mov ax, 4C07h
        int 21h

eq      db "=$"

%include "lib.inc"
