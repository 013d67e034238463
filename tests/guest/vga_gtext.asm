; Text in a graphics mode: INT 10h/0Eh draws with the colour in BL (mode 12h,
; 8x16 cells), then INT 10h/09h draws 'C' three times in colour 0Ch at row 1.
        org 100h
        mov ax, 0012h
        int 10h
        mov ax, 0E41h
        mov bx, 000Eh
        int 10h
        mov al, 'B'
        int 10h
        mov ah, 02h
        xor bh, bh
        mov dx, 0100h
        int 10h
        mov ax, 0943h
        mov bx, 000Ch
        mov cx, 3
        int 10h
        mov ax, 4C00h
        int 21h
