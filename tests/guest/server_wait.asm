; Prints a prompt without a line end, waits for a key (INT 21h/08h, no echo),
; prints "got X" and exits with the key's code.
%include "macros.inc"
        org 100h
        print prompt
        mov ah, 08h
        int 21h
        mov [key], al
        print got
        mov ah, 4Ch
        mov al, [key]
        int 21h

prompt  db "press a key: $"
got     db 13, 10, "got "
key     db "?", 13, 10, "$"
