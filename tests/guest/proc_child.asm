; A child for the EXEC tests: prints what its parent passed (entry AX, command
; tail, both FCBs, environment strings and its own path) and exits with 2Ah.
%include "macros.inc"
        org 100h
start:
        push ax                     ; AX at entry: FCB drive checks
        print s_ax
        pop ax
        call hex16
        call newline
        print s_tail                ; the command tail at PSP:80h
        mov cl, [80h]
        xor ch, ch
        mov si, 81h
        call putn
        print s_close
        print s_fcb1                ; drive byte and 11 name bytes of each FCB
        mov si, 5Ch
        call putfcb
        print s_fcb2
        mov si, 6Ch
        call putfcb
        mov ax, [16h]               ; the parent PSP: a PSP starts with INT 20h
        mov es, ax
        cmp word [es:0], 20CDh
        jne .noparent
        print s_parent
.noparent:
        mov es, [2Ch]               ; the environment: NAME=value strings
        xor si, si
.env:   cmp byte [es:si], 0
        je .envend
        print s_env
.envc:  mov dl, [es:si]
        inc si
        or dl, dl
        jz .envnl
        mov ah, 02h
        int 21h
        jmp .envc
.envnl: call newline
        jmp .env
.envend:
        inc si                      ; the empty string, then a count word of 1 and the path
        cmp word [es:si], 1
        jne .nopath
        add si, 2
        print s_path
.path:  mov dl, [es:si]
        inc si
        or dl, dl
        jz .pathnl
        mov ah, 02h
        int 21h
        jmp .path
.pathnl:
        call newline
.nopath:
        mov ax, 4C2Ah
        int 21h

; print CX characters at DS:SI
putn:   jcxz .done
.next:  mov dl, [si]
        inc si
        mov ah, 02h
        int 21h
        loop .next
.done:  ret

; print the FCB at DS:SI: drive in hex, a space, 11 name bytes
putfcb: mov al, [si]
        xor ah, ah
        call hex16
        call space
        inc si
        mov cx, 11
        call putn
        call newline
        ret

s_ax     db "ax:$"
s_tail   db "tail:[$"
s_close  db "]", 13, 10, "$"
s_fcb1   db "fcb1:$"
s_fcb2   db "fcb2:$"
s_parent db "parent:ok", 13, 10, "$"
s_env    db "env:$"
s_path   db "path:$"
%include "lib.inc"
