; Console output through every INT 21h output path, and handle errors.
%include "macros.inc"
        org 100h
        mov dl, 'A'                 ; 02h
        mov ah, 02h
        int 21h
        mov dl, 'B'                 ; 06h output
        mov ah, 06h
        int 21h
        mov al, 'C'                 ; INT 29h fast console output
        int 29h
        print crlf
        print line                  ; 09h
        mov ah, 40h                 ; 40h on stdout
        mov bx, 1
        mov cx, out1_len
        mov dx, out1
        int 21h
        jc fail
        cmp ax, out1_len
        jne fail
        mov ah, 40h                 ; 40h on stderr
        mov bx, 2
        mov cx, out2_len
        mov dx, out2
        int 21h
        jc fail
        mov ah, 40h                 ; a handle that is not open: error 6
        mov bx, 9
        mov cx, 1
        mov dx, out1
        int 21h
        jnc fail
        cmp ax, 6
        jne fail
        mov ah, 3Fh                 ; reading from it fails the same way
        mov bx, 12
        int 21h
        jnc fail
        cmp ax, 6
        jne fail
        print tabs
        print cp437
        exit 0
fail:   print failed
        exit 1

crlf    db 13, 10, "$"
line    db "nine", 13, 10, "$"
out1    db "forty", 13, 10
out1_len equ $ - out1
out2    db "to stderr", 13, 10
out2_len equ $ - out2
tabs    db "a", 9, "b", 13, 10, "$"
cp437   db 82h, "t", 82h, " ", 0C9h, 0CDh, 0BBh, " ", 0E3h, 13, 10, "$"
failed  db "FAILED", 13, 10, "$"
%include "lib.inc"
