; Runs the TSR twice (31h, then INT 27h): the return code says it stayed
; resident, its INT 66h handler answers after it ended, and its memory stays taken.
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        jc fail
        mov [block + 4], cs
        mov [block + 8], cs
        mov [block + 12], cs
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        mov [free_before], bx
        mov byte [tail + 3], '1'
        call run                             ; INT 21h/31h
        int 66h
        call show
        int 66h
        call show
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        cmp bx, [free_before]
        jae fail
        mov [free_before], bx
        print s_resident
        mov byte [tail + 3], '7'
        call run                             ; INT 27h
        int 66h
        call show
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        cmp bx, [free_before]
        jae fail
        print s_resident
        exit 0
fail:   print s_fail
        exit 1

run:    mov dx, tsr
        mov bx, block
        mov ax, 4B00h
        int 21h
        jc fail
        push cs
        pop ds
        mov ah, 4Dh
        int 21h
        print s_code
        call hex16
        call newline
        ret

show:   push bx
        print s_int
        call hex16
        call space
        pop ax
        call hex16
        call newline
        ret

tsr     db "PTSR.COM", 0
tail    db 3, " 31", 13
block   dw 0
        dw tail, 0
        dw 5Ch, 0
        dw 6Ch, 0
free_before dw 0
s_code  db "code:$"
s_int   db "int66:$"
s_resident db "resident:ok", 13, 10, "$"
s_fail  db "FAILED", 13, 10, "$"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
