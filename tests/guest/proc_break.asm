; Ctrl-C in console input. The tail picks the INT 23h handler: n none (DOS's
; default ends the program), i one that returns with IRET (the read goes on),
; c RETF with CF clear (goes on), r RETF with CF set (the program ends),
; l like i but reading lines with 0Ah. Reads with 08h and echoes until 'x'.
%include "macros.inc"
        org 100h
start:
        mov al, [82h]
        mov [mode], al
        cmp al, 'n'
        je .read
        mov dx, handler
        mov ax, 2523h
        int 21h
        cmp byte [mode], 'l'
        je .lines
.read:  mov ah, 08h
        int 21h
        cmp al, 'x'
        je .done
        mov dl, al
        mov ah, 02h
        int 21h
        jmp .read
.lines: mov dx, buffer
        mov ah, 0Ah
        int 21h
        print s_line
        mov cl, [buffer + 1]
        xor ch, ch
        mov si, buffer + 2
.put:   jcxz .done
        mov dl, [si]
        inc si
        mov ah, 02h
        int 21h
        dec cx
        jmp .put
.done:  print s_calls
        mov al, [count]
        add al, '0'
        mov dl, al
        mov ah, 02h
        int 21h
        print s_end
        exit 11h

handler:
        inc byte [cs:count]
        push ax
        push dx
        push ds
        push cs
        pop ds
        print s_h
        pop ds
        pop dx
        pop ax
        cmp byte [cs:mode], 'r'
        je .abort
        cmp byte [cs:mode], 'c'
        je .go_on
        iret
.abort: stc
        retf
.go_on: clc
        retf

mode    db 0
count   db 0
buffer  db 20, 0
        times 22 db 0
s_h     db "[h]$"
s_line  db 13, 10, "line:$"
s_calls db "[calls:$"
s_end   db "]", 13, 10, "$"
