; Nested EXEC: PNEST.COM N runs PNEST.COM N-1 down to 0, each level printing
; when it starts and ends and the return code of its child; exits with code N.
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        jc fail
        mov al, [82h]                        ; the level: one digit after the blank
        sub al, '0'
        cmp al, 9
        ja fail
        mov [level], al
        print s_in
        call putlevel
        call newline
        cmp byte [level], 0
        je .leave
        mov al, [level]                      ; the child's tail: " N-1"
        add al, '0' - 1
        mov [tail + 2], al
        mov [block + 4], cs
        mov [block + 8], cs
        mov [block + 12], cs
        mov dx, self
        mov bx, block
        mov ax, 4B00h
        int 21h
        jc fail
        push cs
        pop ds
        print s_out
        call putlevel
        print s_child
        mov ah, 4Dh
        int 21h
        call hex16
        call newline
.leave: mov al, [level]
        mov ah, 4Ch
        int 21h
fail:   print s_fail
        exit 0FFh

putlevel:
        mov dl, [level]
        add dl, '0'
        mov ah, 02h
        int 21h
        ret

self    db "PNEST.COM", 0
tail    db 2, " 0", 13
block   dw 0
        dw tail, 0
        dw 5Ch, 0
        dw 6Ch, 0
level   db 0
s_in    db "in $"
s_out   db "out $"
s_child db " child $"
s_fail  db "FAILED", 13, 10, "$"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
