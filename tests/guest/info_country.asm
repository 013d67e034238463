; Country information: 38h (the US defaults, byte by byte), 65h/01h (the same
; behind country and code page), 65h/02h (the upper-case table), 65h/20h-23h,
; 66h/01h, and 63h (no double-byte lead bytes).
%include "macros.inc"
        org 100h
start:
        mov di, buffer                       ; 38h fills 24 bytes and leaves the rest
        mov cx, 34
        mov al, 0EEh
        rep stosb
        mov dx, buffer
        mov ax, 3800h
        int 21h
        jc fail
        push ax
        print s_38
        pop ax
        call hex16
        call space
        mov ax, bx
        call hex16
        call newline
        mov si, buffer                       ; date format .. time format
        mov cx, 12h
        call dump
        mov si, buffer + 16h                 ; list separator
        mov cx, 2
        call dump
        mov si, buffer + 18h                 ; untouched
        mov cx, 2
        call dump
        call newline

        mov di, buffer                       ; 65h/01h: ID, size, country, code page, info
        mov ax, 6501h
        mov bx, 0FFFFh
        mov dx, 0FFFFh
        mov cx, 41
        int 21h
        jc fail
        print s_65
        mov ax, cx
        call hex16
        call space
        mov si, buffer
        mov cx, 7
        call dump
        mov si, buffer + 7
        mov cx, 12h
        call dump
        call newline

        mov di, buffer                       ; 65h/02h: a pointer to the upper-case table
        mov ax, 6502h
        mov bx, 0FFFFh
        mov dx, 0FFFFh
        mov cx, 5
        int 21h
        jc fail
        print s_upper
        mov al, [buffer]
        xor ah, ah
        call hex16
        call space
        les bx, [buffer + 1]
        mov ax, [es:bx]                      ; 128 entries, for 80h-FFh
        call hex16
        call space
        mov al, [es:bx + 2 + 1]              ; 81h (u umlaut) in capitals
        xor ah, ah
        call hex16
        call newline
        push cs
        pop es

        mov ax, 6520h                        ; capitalise a character
        mov dl, 'q'
        int 21h
        print s_cap
        mov al, dl
        xor ah, ah
        call hex16
        call space
        mov ax, 6523h                        ; yes or no?
        mov dl, 'y'
        int 21h
        call hex16
        call space
        mov ax, 6523h
        mov dl, 'N'
        int 21h
        call hex16
        call space
        mov ax, 6523h
        mov dl, '?'
        int 21h
        call hex16
        call newline

        mov ax, 6601h                        ; code page
        int 21h
        print s_cp
        mov ax, bx
        call hex16
        call space
        mov ax, dx
        call hex16
        call newline

        push ds
        mov ax, 6300h                        ; DBCS lead bytes: none
        int 21h
        mov ax, [si]
        pop ds
        push ax
        print s_dbcs
        pop ax
        call hex16
        call newline
        exit 0
fail:   print s_fail
        exit 1

; print CX bytes at DS:SI in hex
dump:   lodsb
        xor ah, ah
        push cx
        call hex2
        pop cx
        loop dump
        ret
hex2:   mov cl, 4
        push ax
        shr al, cl
        call digit
        pop ax
        and al, 0Fh
digit:  add al, '0'
        cmp al, '9'
        jbe .out
        add al, 7
.out:   mov dl, al
        mov ah, 02h
        int 21h
        ret

buffer  times 48 db 0
s_38    db "38:$"
s_65    db "65/01:$"
s_upper db "65/02:$"
s_cap   db "cap:$"
s_cp    db "cp:$"
s_dbcs  db "dbcs:$"
s_fail  db "FAILED", 13, 10, "$"
%include "lib.inc"
