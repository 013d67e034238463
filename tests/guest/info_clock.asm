; The DOS clock: set the date and the time and read them back; impossible dates
; and times are refused with AL = FFh.
%include "macros.inc"
        org 100h
start:
%ifdef READ_ONLY
        jmp read
%endif
        mov cx, 2000                         ; 29 February 2000, a Tuesday
        mov dx, 021Dh
        mov ah, 2Bh
        int 21h
        call showal
        mov cx, 2001                         ; no 29 February in 2001
        mov dx, 021Dh
        mov ah, 2Bh
        int 21h
        call showal
        mov cx, 1979                         ; before DOS's time
        mov dx, 0101h
        mov ah, 2Bh
        int 21h
        call showal
        mov cx, 0D2Dh                        ; 13:45:20.00
        mov dx, 1400h
        mov ah, 2Dh
        int 21h
        call showal
        mov cx, 1800h                        ; 24:00 is not a time
        xor dx, dx
        mov ah, 2Dh
        int 21h
        call showal
        call newline
read:   mov ah, 2Ah
        int 21h
        push ax
        mov ax, cx
        call hex16
        call space
        mov ax, dx
        call hex16
        call space
        pop ax
        xor ah, ah
        call hex16                           ; day of the week: 2, Tuesday
        call newline
        mov ah, 2Ch
        int 21h
        mov ax, cx
        call hex16                           ; hour and minute
        call space
        cmp dh, 20                           ; a few seconds at most have passed
        jb .bad
        cmp dh, 25
        ja .bad
        print s_sec
.bad:   exit 0

showal: xor ah, ah
        call hex16
        call space
        ret

s_sec   db "seconds:ok", 13, 10, "$"
%include "lib.inc"
