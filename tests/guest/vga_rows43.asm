; 80x43 text: 350 scan lines selected with INT 10h/1201h-30h, mode 3 set, then
; the 8x8 font loaded with 1112h. Prints a line on the last row, 42.
        org 100h
        mov ax, 1201h
        mov bl, 30h
        int 10h
        mov ax, 0003h
        int 10h
        mov ax, 1112h
        xor bl, bl
        int 10h
        mov ah, 02h
        xor bh, bh
        mov dx, 2A00h
        int 10h
        mov dx, msg
        mov ah, 09h
        int 21h
        mov ax, 4C00h
        int 21h
msg:    db "row 42$"
