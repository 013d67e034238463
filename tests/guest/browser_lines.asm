; For the browser window test: puts "MVM" in yellow on blue straight into video
; memory (top right), then twice reads a line (INT 21h/0Ah) and prints it back as
; "you typed: LINE"; then waits for a key (INT 21h/08h) and exits with 0.
%include "macros.inc"
        org 100h
        push es
        mov ax, 0B800h
        mov es, ax
        mov di, (0 * 80 + 76) * 2
        mov ax, 1E00h | 'M'
        stosw
        mov al, 'V'
        stosw
        mov al, 'M'
        stosw
        pop es
        mov bp, 2
.line:  print prompt
        mov dx, buffer
        mov ah, 0Ah
        int 21h
        mov bl, [buffer + 1]            ; the count of characters typed
        xor bh, bh
        mov byte [buffer + 2 + bx], '$'
        print answer
        print buffer + 2
        print crlf
        dec bp
        jnz .line
        print bye
        mov ah, 08h
        int 21h
        exit 0

prompt  db "line? $"
answer  db 13, 10, "you typed: $"
crlf    db 13, 10, "$"
bye     db "bye: press a key$"
buffer  db 60, 0
        times 62 db 0
