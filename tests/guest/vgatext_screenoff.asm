; Mode 13h filled with colour 4, then the display blanked through the sequencer's
; clocking mode register (01h bit 5, "screen off"), as programs do while they load
; a picture unseen. Ends with the screen off.
        org 100h
        mov ax, 0013h
        int 10h
        mov ax, 0A000h
        mov es, ax
        xor di, di
        mov al, 4
        mov cx, 64000
        rep stosb
        mov dx, 3C4h
        mov al, 01h
        out dx, al
        inc dx
        in al, dx
        or al, 20h
        out dx, al
        mov ax, 4C00h
        int 21h
