; BREAK ON: a ^C typed ahead ends the program at its next DOS call, whatever it is.
        org 100h
        mov ax, 3301h           ; BREAK ON
        mov dl, 1
        int 21h
        mov ah, 19h             ; a call that has nothing to do with the console
        int 21h
        mov ax, 4C05h
        int 21h
