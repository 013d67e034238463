; For the browser window test: shows the mouse pointer and prints "shown", waits for
; a key, hides it and prints "hidden", waits for a key and ends (exit 0).
%include "macros.inc"
        org 100h
        xor ax, ax              ; reset the driver
        int 33h
        mov ax, 1               ; show the pointer
        int 33h
        print shown
        xor ah, ah
        int 16h
        mov ax, 2               ; hide it
        int 33h
        print hidden
        xor ah, ah
        int 16h
        exit 0

shown   db "shown", 13, 10, "$"
hidden  db "hidden", 13, 10, "$"
