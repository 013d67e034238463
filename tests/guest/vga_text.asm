; Mode 3 text for the renderer: three cells written straight into B800 with
; their attributes, the cursor put at row 2 column 5.
        org 100h
        mov ax, 0003h
        int 10h
        mov ax, 0B800h
        mov es, ax
        mov word [es:0], 1E00h | 'H'
        mov word [es:2], 4F00h | 'i'
        mov word [es:4], 02DBh
        mov ah, 02h
        xor bh, bh
        mov dx, 0205h
        int 10h
        mov ax, 4C00h
        int 21h
