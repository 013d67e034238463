; A TSR for the tests: hooks INT 66h (AX = BEEFh, BX = times called) and stays
; resident with INT 21h/31h (code 5), or with INT 27h when its tail is " 27".
%include "macros.inc"
        org 100h
start:  jmp install
handler:
        inc word [cs:count]
        mov ax, 0BEEFh
        mov bx, [cs:count]
        iret
count   dw 0
install:
        mov dx, handler
        mov ax, 2566h
        int 21h
        mov es, [2Ch]                        ; a TSR gives its environment back
        mov ah, 49h
        int 21h
        cmp byte [83h], '7'
        je .int27
        mov dx, (install - $$ + 100h + 15) / 16
        mov ax, 3105h
        int 21h
.int27: mov dx, install
        int 27h
