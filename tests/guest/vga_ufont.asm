; A text font of the program's own: INT 10h/1110h replaces the glyph of 'A'
; (16 lines) with stripes, then 'A' is written at the top left corner.
        org 100h
        mov ax, 0003h
        int 10h
        mov ax, 1110h
        mov bx, 1000h                   ; 16 bytes a glyph, block 0
        mov cx, 1
        mov dx, 'A'
        mov bp, glyph
        int 10h
        mov ax, 0B800h
        mov es, ax
        mov word [es:0], 0700h | 'A'
        mov word [es:2], 0700h | 'B'
        mov ah, 02h                     ; the cursor out of the way
        xor bh, bh
        mov dx, 0500h
        int 10h
        mov ax, 4C00h
        int 21h
glyph:  times 8 db 0FFh, 00h
