; Printer output: PRN and LPT1 by name, and INT 21h/05h.
%include "macros.inc"
        org 100h
        mov ax, 3D01h
        mov dx, n_prn
        int 21h
        mov bx, ax
        mov ah, 40h
        mov cx, 8
        mov dx, t_prn
        int 21h
        mov ah, 3Eh
        int 21h
        mov ax, 3D01h
        mov dx, n_lpt
        int 21h
        mov bx, ax
        mov ah, 40h
        mov cx, 9
        mov dx, t_lpt
        int 21h
        mov ah, 3Eh
        int 21h
        mov si, t_05
.next:  lodsb
        or al, al
        jz .done
        mov dl, al
        mov ah, 05h
        int 21h
        jmp .next
.done:  print done
        exit 0

n_prn   db "PRN", 0
n_lpt   db "C:\LPT1.DOC", 0
t_prn   db "to PRN", 13, 10
t_lpt   db "to LPT1", 13, 10
t_05    db "by 05h", 13, 10, 0
done    db "done", 13, 10, "$"
