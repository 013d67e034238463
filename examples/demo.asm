; The bundled demo: greets, shows what the virtual machine reports about
; itself, echoes its command line, and draws a framed title on the screen.
        org 100h

        mov dx, hello
        mov ah, 09h
        int 21h

        mov ah, 30h             ; DOS version
        int 21h
        push ax
        mov dx, dosver
        mov ah, 09h
        int 21h
        pop ax
        push ax
        add al, '0'
        mov dl, al
        mov ah, 02h
        int 21h
        mov dl, '.'
        int 21h
        pop ax
        mov al, ah
        aam                     ; two decimal digits of the minor version
        add ax, '00'
        push ax
        mov dl, ah
        mov ah, 02h
        int 21h
        pop ax
        mov dl, al
        mov ah, 02h
        int 21h

        mov dx, crlf
        mov ah, 09h
        int 21h

        int 12h                 ; conventional memory in KiB
        mov bx, memtext
        call decimal
        mov dx, memtext
        mov ah, 09h
        int 21h

        mov dx, args            ; the command tail, as DOS passed it
        mov ah, 09h
        int 21h
        mov cl, [80h]
        xor ch, ch
        mov si, 81h
.arg:   jcxz .argsdone
        lodsb
        mov dl, al
        mov ah, 02h
        int 21h
        dec cx
        jmp .arg
.argsdone:
        mov dx, crlf
        mov ah, 09h
        int 21h

        mov ax, 1300h           ; a title drawn by the video BIOS (see --screen)
        mov bx, 001Eh
        mov cx, title_len
        mov dx, 0A18h
        push cs
        pop es
        mov bp, title
        int 10h

        mov ax, 4C00h
        int 21h

; Write AX as decimal into [BX] (5 characters, right aligned).
decimal:
        add bx, 4
        mov cx, 5
        mov si, 10
.next:  xor dx, dx
        div si
        add dl, '0'
        mov [bx], dl
        dec bx
        loop .next
        ret

hello   db "Hello from mvm, a virtual DOS machine.", 13, 10, "$"
dosver  db "DOS version: $"
memtext db "00000 KiB of conventional memory", 13, 10, "$"
args    db 13, 10, "Command tail:$"
crlf    db 13, 10, "$"
title   db "*** mvm demo: this line is on the screen ***"
title_len equ $ - title
