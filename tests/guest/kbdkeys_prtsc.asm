; Print Screen: shows a line, then waits for "q" with INT 16h/00h while the host
; presses PrtSc (INT 05h prints the screen through INT 17h). With HOOK defined it
; hooks INT 05h and counts the calls instead. Prints "=" and: 0050:0000, the
; INT 05h calls its hook saw.
        org 100h
%ifdef HOOK
        mov dx, hook5
        mov ax, 2505h
        int 21h
%endif
        mov dx, line
        mov ah, 09h
        int 21h
.key:   mov ah, 00h
        int 16h
        cmp al, 'q'
        jne .key
        push es
        mov ax, 50h
        mov es, ax
        mov al, [es:0]
        pop es
        xor ah, ah
        call save
        mov ax, [count]
        call save
        jmp report

hook5:  inc word [cs:count]
        iret

count   dw 0
line    db "PRINT ME ON PAPER", 13, 10, "$"

%include "lib.inc"
%include "results.inc"
