; EXEC with a name and a parameter block in nowhere: an error code, not a crash.
        org 100h
        mov ax, 0FFFFh
        mov ds, ax
        mov es, ax
        mov dx, 0FFF0h
        mov bx, 0FFFEh
        mov ax, 4B00h
        int 21h
        push cs
        pop ds
        mov ax, 4B03h
        int 21h
        mov ah, 4Ch
        int 21h
