; Mode 04h: bytes written straight into the interleaved CGA memory (even lines
; at B800:0000, odd ones at B800:2000), pixels drawn with INT 10h/0Ch, and the
; palette switched to palette 0 with INT 10h/0Bh.
        org 100h
        mov ax, 0004h
        int 10h
        mov ax, 0B800h
        mov es, ax
        mov byte [es:0], 1Bh            ; line 0: pixels 0-3 = 0, 1, 2, 3
        mov byte [es:2000h], 0E4h       ; line 1: pixels 0-3 = 3, 2, 1, 0
        mov byte [es:80 + 1], 0FFh      ; line 2: pixels 4-7 = 3
        mov ax, 0C02h                   ; pixel (100, 51) = 2
        xor bh, bh
        mov cx, 100
        mov dx, 51
        int 10h
        mov ax, 0C81h                   ; XOR 1 onto (100, 51): 3
        int 10h
        mov ah, 0Bh                     ; palette 0: green, red, brown
        mov bx, 0100h
        int 10h
        mov ax, 4C00h
        int 21h
