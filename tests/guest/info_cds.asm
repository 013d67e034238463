; The CDS entry of C: follows CHDIR: prints its path after CD SUB.
        org 100h
        mov dx, subdir
        mov ah, 3Bh
        int 21h
        mov ah, 52h
        int 21h
        les bx, [es:bx + 16h]
        add bx, 2 * 58h
next:
        mov dl, [es:bx]
        or dl, dl
        jz done
        mov ah, 02h
        int 21h
        inc bx
        jmp next
done:
        mov ax, 4C00h
        int 21h
subdir db "SUB", 0
