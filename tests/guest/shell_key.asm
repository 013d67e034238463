; Waits for a key (INT 21h/01h, which checks for Ctrl-C) and exits with its code.
        org 100h
        mov ah, 01h
        int 21h
        mov ah, 4Ch
        int 21h
