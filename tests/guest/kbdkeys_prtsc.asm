; Print Screen: shows a line, then waits for "q" with INT 16h/00h while the host
; presses PrtSc (INT 05h prints the screen through INT 17h). With HOOK defined it
; hooks INT 05h and counts the calls instead, and hooks INT 15h to log the AL of
; each 85h (SysRq) call. Prints "=" and: 0050:0000, the INT 05h calls its hook
; saw, then the SysRq log (AL + 1 for each call).
        org 100h
%ifdef HOOK
        mov dx, hook5
        mov ax, 2505h
        int 21h
        mov ax, 3515h
        int 21h
        mov [old15], bx
        mov [old15+2], es
        mov dx, hook15
        mov ax, 2515h
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
%ifdef HOOK
        push ds
        lds dx, [old15]
        mov ax, 2515h
        int 21h
        pop ds
        mov ax, [sysrq]
        call save
%endif
        jmp report

hook5:  inc word [cs:count]
        iret

hook15: cmp ah, 85h
        jne .pass
        push ax                 ; log AL+1 as a hex digit: 1 pressed, 2 released
        mov ax, [cs:sysrq]
        shl ax, 4
        mov [cs:sysrq], ax
        pop ax
        push ax
        inc al
        or [cs:sysrq], al
        pop ax
.pass:  jmp far [cs:old15]

count   dw 0
sysrq   dw 0
old15   dd 0
line    db "PRINT ME ON PAPER", 13, 10, "$"

%include "lib.inc"
%include "results.inc"
