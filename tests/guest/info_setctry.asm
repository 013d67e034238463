; Set the country to Germany (49), read it back, try an unknown one (error 2),
; and write the 24 bytes 38h gave to standard output.
        org 100h
        mov ax, 38FFh           ; set Germany (49)
        mov bx, 49
        mov dx, 0FFFFh
        int 21h
        jc bad
        mov ax, 3800h           ; now the current country
        mov dx, buf
        int 21h
        jc bad
        cmp bx, 49
        jne bad
        mov ax, 38FFh           ; no such country: error 2
        mov bx, 999
        mov dx, 0FFFFh
        int 21h
        jnc bad
        cmp ax, 2
        jne bad
        mov ah, 40h
        mov bx, 1
        mov cx, 24
        mov dx, buf
        int 21h
        mov ax, 4C00h
        int 21h
bad:
        mov ax, 4C01h
        int 21h
buf times 34 db 0
