; A damaged MCB chain and the calls DOS 5 refuses: every memory call that walks
; the chain says 7 (arena trashed), 49h on the damaged block says 9, repairing
; the header makes allocation work again; upper-memory link and bad strategies
; are error 1. Ends with the chain damaged again: the session must simply end.
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        mov bx, 10h
        mov ah, 48h
        int 21h
        mov [seg_a], ax
        mov bx, 10h
        mov ah, 48h
        int 21h
        mov [seg_b], ax
        mov ax, cs                           ; 4Ah on what is not a block: 7
        add ax, 2
        mov es, ax
        mov bx, 1
        mov ah, 4Ah
        int 21h
        call status
        mov ax, [seg_b]                      ; overwrite B's header
        dec ax
        mov es, ax
        mov byte [es:0], 'X'
        mov bx, 10h
        mov ah, 48h
        int 21h
        call status                          ; 7
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        call status                          ; 7, and BX is left alone
        mov ax, bx
        call hex16
        call newline
        mov es, [seg_b]
        mov bx, 8
        mov ah, 4Ah
        int 21h
        call status                          ; 7
        mov ah, 49h
        int 21h
        call status                          ; 9: not a block any more
        mov es, [seg_a]
        mov bx, 8
        mov ah, 4Ah
        int 21h
        call status                          ; 7: A's neighbour is broken
        mov ah, 49h
        int 21h
        call status                          ; freeing A checks only A: ok
        mov ax, [seg_b]                      ; repair B's header
        dec ax
        mov es, ax
        mov byte [es:0], 'M'
        mov bx, 10h
        mov ah, 48h
        int 21h
        call status                          ; ok again
        mov ax, 5802h
        int 21h
        call status
        xor ah, ah
        call hex16                           ; UMBs are not linked
        call newline
        mov ax, 5803h
        mov bx, 1
        int 21h
        call status                          ; 1: there are none to link
        mov ax, 5801h
        mov bx, 3
        int 21h
        call status                          ; 1: no such fit
        mov ax, 5801h
        mov bx, 41h
        int 21h
        call status                          ; best fit, upper memory only: accepted
        mov ax, 5800h
        int 21h
        call status
        call hex16
        call newline
        mov ax, 5804h
        int 21h
        call status                          ; 1
        mov ax, [seg_b]                      ; damage the chain and end
        dec ax
        mov es, ax
        mov byte [es:0], 0
        exit 3

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
s_ok    db "ok", 13, 10, "$"
s_err   db "error $"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
