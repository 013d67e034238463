; For the browser window's paste: counts keyboard interrupts (IRQ1, INT 09h) while
; it reads keys with INT 16h/00h up to Enter, then prints "irqs=NN keys=TEXT".
; Pasted text goes through the 8042, so each character costs IRQs; text put
; straight into console input would cost none. Exit 0.
%include "macros.inc"
        org 100h
        mov ax, 3509h
        int 21h
        mov [old09], bx
        mov [old09 + 2], es
        mov dx, int09
        mov ax, 2509h
        int 21h
        mov di, line
next:   xor ah, ah
        int 16h
        cmp al, 0Dh
        je done
        mov [di], al
        inc di
        jmp next
done:   mov byte [di], '$'
        push ds
        lds dx, [old09]
        mov ax, 2509h
        int 21h
        pop ds
        print irqs
        mov al, [count]
        mov dl, al              ; two hex digits of the count
        shr dl, 4
        call hex
        mov dl, [count]
        and dl, 0Fh
        call hex
        print keys
        print line
        print crlf
        exit 0

hex:    add dl, '0'
        cmp dl, '9'
        jbe .out
        add dl, 'A' - '9' - 1
.out:   mov ah, 02h
        int 21h
        ret

int09:  inc byte [cs:count]
        jmp far [cs:old09]

count   db 0
old09   dd 0
irqs    db "irqs=$"
keys    db " keys=$"
crlf    db 13, 10, "$"
line    times 80 db 0
