; A TSR-style hook of INT 21h: counts calls and chains to the previous
; handler with a far jump. DOS services must work through the chain, and
; the carry flag DOS returns must reach the caller.
%include "macros.inc"
        org 100h
        mov ax, 3521h
        int 21h
        mov [old], bx
        mov [old + 2], es
        mov dx, hook
        mov ax, 2521h
        int 21h
        print msg                   ; through the hook
        mov ah, 40h                 ; an error through the hook: CF must come back set
        mov bx, 77
        mov cx, 1
        mov dx, msg
        int 21h
        jnc fail
        cmp ax, 6
        jne fail
        mov ah, 30h                 ; and a success clears it
        int 21h
        jc fail
        push ds                     ; restore the vector
        lds dx, [old]
        mov ax, 2521h
        int 21h
        pop ds
        mov ax, [count]
        call hex16
        call newline
        exit 0
fail:   print failed
        exit 1

hook:   inc word [cs:count]
        jmp far [cs:old]

old     dd 0
count   dw 0
msg     db "through the chain", 13, 10, "$"
failed  db "FAILED", 13, 10, "$"
%include "lib.inc"
