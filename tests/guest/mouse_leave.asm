; Installs an event handler for every condition and ends without resetting
; the driver: the handler's memory is free afterwards.
        org 100h
        xor ax, ax
        int 33h
        mov ax, 0Ch
        mov cx, 7Fh
        push cs
        pop es
        mov dx, handler
        int 33h
        mov ax, 4C00h
        int 21h
handler:
        retf
