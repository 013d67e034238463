; INT 21h information calls: 30h, 33h, 35h/25h, 50h/51h/62h, 4Dh.
%include "macros.inc"
        org 100h
        mov ax, 3000h
        int 21h
        call hex16                  ; version: AL major, AH minor
        call space
        mov ax, bx
        call hex16                  ; BH OEM
        call newline
        mov ax, 3301h               ; set break checking on, read it back
        mov dl, 1
        int 21h
        mov ax, 3300h
        int 21h
        mov al, dl
        mov ah, 0
        call hex16
        call newline
        mov ax, 3560h               ; set and get a vector
        mov dx, 1234h
        push ds
        mov bx, 5678h
        mov ds, bx
        mov ax, 2560h
        int 21h
        pop ds
        mov ax, 3560h
        int 21h
        mov ax, es
        call hex16
        call space
        mov ax, bx
        call hex16
        call newline
        mov ah, 51h                 ; PSP: 51h and 62h agree with CS
        int 21h
        mov ax, cs
        cmp ax, bx
        jne fail
        mov ah, 62h
        int 21h
        mov ax, cs
        cmp ax, bx
        jne fail
        mov ah, 50h                 ; 50h sets it (output uses the current PSP's
        mov bx, 1234h               ; handles, so print after switching back)
        int 21h
        mov ah, 62h
        int 21h
        push bx
        mov ah, 50h
        mov bx, cs
        int 21h
        pop ax
        call hex16
        call newline
        mov ah, 4Dh                 ; no child has run: 0
        int 21h
        call hex16
        call newline
        mov ah, 0FFh                ; an unknown function: CF, error 1
        int 21h
        jnc fail
        call hex16
        call newline
        exit 0
fail:   exit 1
%include "lib.inc"
