; INT 1Ah/02h and 04h: the real-time clock in BCD. Prints "=" then
; CX DX of 02h (hour:minute, second:DST), CF, CX DX of 04h (century:year,
; month:day), CF.
        org 100h
        stc
        mov ah, 02h
        int 1Ah
        call save_cx_dx_cf
        stc
        mov ah, 04h
        int 1Ah
        call save_cx_dx_cf

        mov dx, eq
        mov ah, 09h
        int 21h
        mov si, saved
        mov cx, 6
.out:   lodsw
        call hex16
        call space
        loop .out
        mov ax, 4C00h
        int 21h

save_cx_dx_cf:
        pushf
        mov di, [nsaved]
        mov [saved + di], cx
        mov [saved + di + 2], dx
        pop ax
        and ax, 1
        mov [saved + di + 4], ax
        add word [nsaved], 6
        ret

eq      db "=$"
nsaved  dw 0
saved   times 8 dw 0

%include "lib.inc"
