; Fonts: INT 10h/1130h gives the 8x16 (BH=6), 8x8 (BH=3) and 8x14 (BH=2) sets in
; ROM; the program copies the glyph of 'A' of each into its own buffer, then
; switches to 80x50 text with 1112h and prints a line on row 49.
        org 100h
        mov ax, 1130h
        mov bh, 6
        int 10h
        mov si, 'A' * 16
        mov di, g16
        mov cx, 16
        call copy
        mov ax, 1130h
        mov bh, 3
        int 10h
        mov si, 'A' * 8
        mov di, g8
        mov cx, 8
        call copy
        mov ax, 1130h
        mov bh, 2
        int 10h
        mov si, 'A' * 14
        mov di, g14
        mov cx, 14
        call copy
        mov ax, 1112h                   ; 8x8 font: 50 rows
        xor bl, bl
        int 10h
        mov ax, 1130h                   ; rows - 1 in DL, cell height in CX
        xor bh, bh
        int 10h
        mov [rows], dl
        mov [height], cl
        mov ah, 02h
        xor bh, bh
        mov dx, 3100h                   ; row 49
        int 10h
        mov dx, msg
        mov ah, 09h
        int 21h
        mov ax, 4C00h
        int 21h

copy:   push ds                         ; CX bytes from ES:BP+SI to DS:DI
        push es
        pop ds
        add si, bp
        push cs
        pop es
.next:  lodsb
        mov [es:di], al
        inc di
        loop .next
        pop ds
        push cs
        pop es
        ret

msg:    db "row 49$"
        align 16
g16:    times 16 db 0
g8:     times 8 db 0
g14:    times 14 db 0
rows:   db 0
height: db 0
