; Console input: 0Ah buffered line, 01h with echo, 08h without, 0Bh status,
; 06h direct input, 0Ch flush-then-read. Prints what it got in brackets.
%include "macros.inc"
        org 100h
        mov dx, buf                 ; 0Ah: a line of at most 20 characters
        mov ah, 0Ah
        int 21h
        print open
        mov cl, [buf + 1]
        xor ch, ch
        mov si, buf + 2
.l:     jcxz .done
        lodsb
        mov dl, al
        mov ah, 02h
        int 21h
        dec cx
        jmp .l
.done:  print close
        mov ah, 0Bh                 ; input waiting?
        int 21h
        mov ah, 0
        call hex16
        call newline
        mov ah, 08h                 ; read without echo
        int 21h
        mov ah, 0
        call hex16
        call newline
        mov ah, 01h                 ; read with echo
        int 21h
        mov ah, 0
        call newline
        call hex16
        call newline
        mov ah, 06h                 ; direct input: a key is waiting
        mov dl, 0FFh
        int 21h
        jz fail
        mov ah, 0
        call hex16
        call newline
        mov ah, 0Ch                 ; flush type-ahead, then read a line
        mov al, 0Ah
        mov dx, buf
        int 21h
        print open
        mov al, [buf + 1]
        mov ah, 0
        call hex16
        print close
        exit 0
fail:   exit 1

buf     db 20, 0
        times 21 db 0
open    db "[$"
close   db "]", 13, 10, "$"
%include "lib.inc"
