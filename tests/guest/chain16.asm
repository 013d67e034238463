; Hooks INT 16h like a keyboard TSR and waits for a key through the chain:
; the wait must sleep and resume inside the chained call (the stub path).
%include "macros.inc"
        org 100h
        mov ax, 3516h
        int 21h
        mov [old], bx
        mov [old + 2], es
        mov dx, hook
        mov ax, 2516h
        int 21h
        mov ah, 00h                 ; wait for a key, through the hook
        int 16h
        call hex16
        call newline
        mov ah, 01h                 ; nothing left: ZF set, through the hook as well
        int 16h
        jnz fail
        mov ax, [count]
        call hex16
        call newline
        push ds
        lds dx, [old]
        mov ax, 2516h
        int 21h
        pop ds
        exit 0
fail:   exit 1

hook:   inc word [cs:count]
        pushf                       ; call the old handler as an interrupt
        call far [cs:old]
        retf 2                      ; return with the flags it left

old     dd 0
count   dw 0
%include "lib.inc"
