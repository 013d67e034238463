; For the browser window test: reads keys with INT 16h/00h and prints each as
; "key XXXX" (its BIOS word in hex) on a line of its own; Escape ends it (exit 0).
%include "macros.inc"
        org 100h
next:   xor ah, ah
        int 16h
        cmp al, 1Bh
        je done
        mov bx, ax
        print label
        mov cx, 4
.digit: rol bx, 4
        mov dl, bl
        and dl, 0Fh
        add dl, '0'
        cmp dl, '9'
        jbe .out
        add dl, 'A' - '9' - 1
.out:   mov ah, 02h
        int 21h
        loop .digit
        print crlf
        jmp next
done:   exit 0

label   db "key $"
crlf    db 13, 10, "$"
