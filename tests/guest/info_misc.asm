; InDOS (34h) reads 0 between calls; the switch character stays '/' (37h).
        org 100h
        mov ah, 34h
        int 21h
        mov al, [es:bx]
        add al, '0'
        mov dl, al
        mov ah, 02h
        int 21h
        mov ax, 3700h
        int 21h
        mov ah, 02h
        int 21h
        mov ax, 3701h           ; DOS 5 keeps '/'
        mov dl, '-'
        int 21h
        mov ax, 3700h
        int 21h
        mov ah, 02h
        int 21h
        mov ax, 4C00h
        int 21h
