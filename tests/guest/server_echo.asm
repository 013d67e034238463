; Prints "echo:" and its command tail on one line, then exits with the tail's
; length as its code, so that each session of a test has its own output and code.
%include "macros.inc"
        org 100h
        print hello
        mov cl, [80h]
        xor ch, ch
        mov si, 81h
.t:     jcxz .done
        lodsb
        mov dl, al
        mov ah, 02h
        int 21h
        dec cx
        jmp .t
.done:  print crlf
        mov al, [80h]
        mov ah, 4Ch
        int 21h

hello   db "echo:$"
crlf    db 13, 10, "$"
