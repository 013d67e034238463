; Prints "." at every BIOS timer tick (about 18 a second) and a line end every
; 32 ticks, forever: output that grows while the session runs and stops growing
; while it is paused.
%include "macros.inc"
        org 100h
        xor bx, bx                  ; ticks printed
.wait:  mov ah, 00h
        int 1Ah                     ; CX:DX = ticks since midnight
        cmp dx, [last]
        je .wait
        mov [last], dx
        mov dl, '.'
        mov ah, 02h
        int 21h
        inc bx
        test bx, 31
        jnz .wait
        print crlf
        jmp .wait

last    dw 0FFFFh
crlf    db 13, 10, "$"
