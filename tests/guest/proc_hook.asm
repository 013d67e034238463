; EXEC through a hooked INT 21h (a handler that counts calls and passes them on
; with PUSHF / CALL FAR / RETF 2, as TSRs do): the child runs and its parent
; gets control back in the handler, then in the program, with its stack.
; With BREAK_CHILD defined the child is PBREAK.COM i (Ctrl-C through the hook).
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        mov ax, 3521h
        int 21h
        mov [old], bx
        mov [old + 2], es
        mov dx, hook
        mov ax, 2521h
        int 21h
        mov [block + 4], cs
        mov [block + 8], cs
        mov [block + 12], cs
        mov [saved_sp], sp
        push cs
        pop es
        mov dx, child
        mov bx, block
        mov si, 5A5Ah
        mov ax, 4B00h
        int 21h
        jc fail
        cmp sp, [cs:saved_sp]
        jne fail
        cmp si, 5A5Ah
        jne fail
        push cs
        pop ds
        mov ah, 4Dh
        int 21h
        print s_code
        call hex16
        call newline
        cmp word [count], 3                  ; ours, and the child's own calls
        jb fail
        print s_hooked
        lds dx, [old]                        ; unhook
        mov ax, 2521h
        int 21h
        exit 0
fail:   push cs
        pop ds
        print s_fail
        exit 1

hook:   inc word [cs:count]
        pushf
        call far [cs:old]
        retf 2

old     dd 0
count   dw 0
saved_sp dw 0
%ifdef BREAK_CHILD
child   db "PBREAK.COM", 0
tail    db 2, " i", 13
%else
child   db "PCHILD.COM", 0
tail    db 0, 13
%endif
block   dw 0
        dw tail, 0
        dw 5Ch, 0
        dw 6Ch, 0
s_code  db "code:$"
s_hooked db "hooked:ok", 13, 10, "$"
s_fail  db "FAILED", 13, 10, "$"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
