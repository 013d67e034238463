; Upper memory owned by DOS (DOS_UMB=ON): XMS has none left to give (B1h); the
; chain ends at the link block 9FFFh until INT 21h/5803h links the UMBs; then an
; allocation with strategy 40h comes from upper memory, and an EXEC with strategy
; 80h (as LOADHIGH does it) loads the child above A000h. Unlinked again, 40h finds
; nothing (error 8, BX 0); 5803h with BX=2 is error 1.
%include "macros.inc"
        cpu 386
        org 100h

start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        call xms_find
        jnc .found
        exit 1
.found:
        mov dx, 0FFFFh
        mov ah, 10h
        call xms_call
        call show                            ; 0000 B1
        call link_state                      ; 00
        call chain_tail                      ; 9FFF Z 0008 ...
        mov bx, 1
        mov ax, 5803h
        int 21h
        call status
        call link_state                      ; 01
        call chain_tail                      ; 9FFF M 0008 ..., then the UMBs

        mov bx, 40h                          ; upper memory only, first fit
        mov ax, 5801h
        int 21h
        mov bx, 100h
        mov ah, 48h
        int 21h
        call status
        call high_or_low                     ; high
        mov es, ax
        mov ah, 49h
        int 21h
        call status

        mov bx, 80h                          ; upper memory first: LOADHIGH
        mov ax, 5801h
        int 21h
        mov [block + 4], cs
        mov [block + 8], cs
        mov [block + 12], cs
        mov dx, child
        mov bx, block
        mov ax, 4B00h
        int 21h
        call status
        push cs
        pop ds
        push cs
        pop es

        xor bx, bx
        mov ax, 5801h
        int 21h
        xor bx, bx
        mov ax, 5803h
        int 21h
        call status
        call link_state                      ; 00
        mov bx, 40h
        mov ax, 5801h
        int 21h
        mov bx, 10h
        mov ah, 48h
        int 21h
        call status                          ; error 0008
        mov ax, bx
        call hex16
        call newline                         ; 0000
        xor bx, bx
        mov ax, 5801h
        int 21h
        mov bx, 2
        mov ax, 5803h
        int 21h
        call status                          ; error 0001
        exit 0

status: jc .err
        print s_ok
        ret
.err:   print s_error
        call hex16
        call newline
        ret

high_or_low:
        cmp ax, 0A000h
        jb .low
        print s_high
        ret
.low:   print s_low
        ret

link_state:
        mov ax, 5802h
        int 21h
        call hex8
        call newline
        ret

; Walk the chain from the list of lists: print every block from 9FFFh on as
; "segment signature owner size".
chain_tail:
        push es
        mov ah, 52h
        int 21h
        mov ax, [es:bx - 2]
.walk:  mov es, ax
        cmp ax, 9FFFh
        jb .next
        push ax
        call hex16
        call space
        mov dl, [es:0]
        mov ah, 02h
        int 21h
        call space
        mov ax, [es:1]
        call hex16
        call space
        mov ax, [es:3]
        call hex16
        call newline
        pop ax
.next:  cmp byte [es:0], 'Z'
        je .done
        add ax, [es:3]
        inc ax
        jmp .walk
.done:  pop es
        ret

child:  db "XMSCHILD.COM", 0
tail:   db 0, 13
block:  dw 0
        dw tail, 0
        dw 5Ch, 0
        dw 6Ch, 0
s_ok:   db "ok", 13, 10, "$"
s_error: db "error $"
s_high: db "high", 13, 10, "$"
s_low:  db "low", 13, 10, "$"

%include "xms_lib.inc"
        align 16
        times 256 db 0
stack_top:
