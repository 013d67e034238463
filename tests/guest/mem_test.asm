; INT 21h/48h, 49h, 4Ah and 58h as programs use them: allocate, fail with the
; largest block in BX, free, shrink, grow, fail to grow (BX: the most the block
; can have), bad blocks (error 9 for 49h, 7 for 4Ah) and last-fit allocation.
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah                          ; keep only what this program uses
        int 21h
        call status                          ; shrink
        mov bx, 100h
        mov ah, 48h
        int 21h
        call status                          ; allocate A
        mov [seg_a], ax
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        call status                          ; too much: 8, BX = the largest block
        mov [largest], bx
        inc bx
        mov ah, 48h
        int 21h
        call status                          ; one more than the largest: 8
        mov bx, [largest]
        mov ah, 48h
        int 21h
        call status                          ; exactly the largest
        mov [seg_b], ax
        mov bx, [largest]
        mov ah, 48h
        int 21h
        call status                          ; that much is not there twice: 8
        cmp bx, [largest]                    ; and BX is less now
        jae .notless
        print s_less
.notless:
        mov es, [seg_b]
        mov ah, 49h
        int 21h
        call status                          ; free B
        mov es, [seg_a]
        mov bx, 80h
        mov ah, 4Ah
        int 21h
        call status                          ; shrink A
        mov bx, 0FFFFh
        mov ah, 4Ah
        int 21h
        call status                          ; grow A too far: 8
        mov ah, 4Ah                          ; BX is now the most A can have: that works
        int 21h
        call status
        mov ax, [largest]                    ; A reaches the end of memory: all it joined
        add ax, 101h
        cmp ax, bx
        jne .notall
        print s_joined
.notall:
        mov bx, [largest]
        mov ah, 48h
        int 21h
        call status                          ; A took the largest free block: 8
        mov ah, 49h                          ; free A (ES still A)
        int 21h
        call status
        mov ax, cs                           ; not a block: error 9
        add ax, 2
        mov es, ax
        mov ah, 49h
        int 21h
        call status
        mov ax, 5800h                        ; strategy: first fit
        int 21h
        call hex16
        call newline
        mov bx, 10h                          ; a block near the start
        mov ah, 48h
        int 21h
        mov [seg_a], ax
        mov ax, 5801h                        ; last fit
        mov bx, 2
        int 21h
        call status
        mov bx, 10h
        mov ah, 48h
        int 21h
        mov [seg_b], ax
        mov ax, 5800h
        int 21h
        call hex16
        call newline
        mov ax, [seg_b]                      ; last fit takes the top of memory
        cmp ax, [seg_a]
        jbe .low
        print s_high
.low:   mov ax, 5801h
        mov bx, 0
        int 21h
        exit 0

; print CF and AX
status: pushf
        push ax
        jc .err
        print s_ok
        pop ax
        popf
        ret
.err:   print s_err
        pop ax
        push ax
        call hex16
        call newline
        pop ax
        popf
        ret

seg_a   dw 0
seg_b   dw 0
largest dw 0
s_ok    db "ok", 13, 10, "$"
s_err   db "error $"
s_joined db "joined:ok", 13, 10, "$"
s_less  db "less:ok", 13, 10, "$"
s_high  db "last fit:high", 13, 10, "$"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
