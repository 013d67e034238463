; Ctrl+Break with DOS's INT 1Bh: the next DOS console call sees ^C and calls INT 23h.
; The program's INT 23h handler counts and returns with IRET (the call is issued
; again); it reads keys with INT 21h/08h until "q". Prints "=" and: INT 23h
; calls, the key read. With NOHOOK defined, DOS's own INT 23h ends the program.
        org 100h
%ifndef NOHOOK
        mov dx, handler
        mov ax, 2523h
        int 21h
%endif
.key:   mov ah, 08h
        int 21h
        cmp al, 'q'
        jne .key
        mov ax, [count]
        call save
        mov ax, 'q'
        call save
        jmp report

handler:
        inc word [cs:count]
        iret

count   dw 0

%include "lib.inc"
%include "results.inc"
