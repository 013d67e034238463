; EXEC from a program: runs PCHILD.COM and PCHILDX.EXE with a parameter block
; (its own environment, a command tail, two FCBs), checks that it gets its
; registers and stack back, reads each return code with 4Dh, checks that the
; children's memory came back, and that a missing program is error 2.
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16  ; keep only what this program uses
        mov ah, 4Ah
        int 21h
        jc fail
        mov bx, (envtext_len + 15) / 16      ; an environment of our own
        mov ah, 48h
        int 21h
        jc fail
        mov [envseg], ax
        mov es, ax
        xor di, di
        mov si, envtext
        mov cx, envtext_len
        rep movsb
        push cs
        pop es
        mov bx, 0FFFFh                       ; free memory before
        mov ah, 48h
        int 21h
        mov [free_before], bx

        mov dx, child_com
        call run
        mov dx, child_exe
        call run

        mov dx, missing                      ; a program that is not there
        mov bx, block
        mov ax, 4B00h
        int 21h
        jnc fail
        print s_err
        call hex16
        call newline

        mov bx, 0FFFFh                       ; the children's memory is free again
        mov ah, 48h
        int 21h
        cmp bx, [free_before]
        jne fail
        print s_mem
        exit 0
fail:   print s_fail
        exit 1

; EXEC the program named at DS:DX with the block; print what comes back.
run:    mov ax, [envseg]
        mov [block], ax
        mov [block + 4], cs                  ; the far pointers of the block
        mov [block + 8], cs
        mov [block + 12], cs
        mov bx, block
        mov [saved_sp], sp
        mov [saved_dx], dx
        mov si, 1111h
        mov di, 2222h
        mov bp, 3333h
        mov cx, 4444h
        mov ax, 4B00h
        int 21h
        jc fail
        cmp sp, [cs:saved_sp]
        jne .bad
        mov [cs:ret_ax], ax
        mov ax, ss
        mov [cs:ret_ss], ax
        mov ax, cs                           ; DS and ES come back too
        mov [cs:ret_ds], ds
        mov [cs:ret_es], es
        push cs
        pop ds
        cmp si, 1111h
        jne .bad
        cmp di, 2222h
        jne .bad
        cmp bp, 3333h
        jne .bad
        cmp cx, 4444h
        jne .bad
        cmp bx, block
        jne .bad
        cmp dx, [saved_dx]
        jne .bad
        cmp ax, [ret_ss]
        jne .bad
        cmp ax, [ret_ds]
        jne .bad
        cmp ax, [ret_es]
        jne .bad
        print s_regs
        mov ax, [ret_ax]
        call hex16
        call newline
        mov ah, 4Dh
        int 21h
        print s_code
        call hex16
        call newline
        mov ah, 4Dh                          ; read once: the next read gives 0
        int 21h
        print s_again
        call hex16
        call newline
        ret
.bad:   push cs
        pop ds
        print s_badregs
        exit 2

child_com db "PCHILD.COM", 0
child_exe db "PCHILDX.EXE", 0
missing   db "NOSUCH.COM", 0
envtext   db "ALPHA=1", 0, "BETA=two", 0, 0
envtext_len equ $ - envtext
tail      db 16, " FILE.TXT Q:ZZ.C", 13
fcb1      db 3, "FILE    TXT", 0, 0, 0, 0
fcb2      db 17, "ZZ      C  ", 0, 0, 0, 0
block     dw 0
          dw tail, 0
          dw fcb1, 0
          dw fcb2, 0
envseg    dw 0
saved_sp  dw 0
saved_dx  dw 0
free_before dw 0
ret_ax    dw 0
ret_ss    dw 0
ret_ds    dw 0
ret_es    dw 0
s_err     db "missing:$"
s_mem     db "memory:ok", 13, 10, "$"
s_fail    db "FAILED", 13, 10, "$"
s_regs    db "back:ok ax:$"
s_badregs db "back:registers changed", 13, 10, "$"
s_code    db "code:$"
s_again   db "again:$"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
