; INT 15h/86h waits CX:DX microseconds while the timer goes on: 500 ms called
; directly, then 300 ms through a hook of the program's that passes INT 15h on.
; Prints "=" then: CF (0000), AH (0000) and the timer ticks counted meanwhile
; (about 9) for the first wait; CF and the ticks (about 5) for the second.
        org 100h
        mov ax, 40h
        mov es, ax
        mov bx, [es:6Ch]
        stc
        mov ah, 86h
        mov cx, 0007h           ; 0007A120h = 500000
        mov dx, 0A120h
        int 15h
        call save_cf
        mov al, 0
        call save
        mov ax, [es:6Ch]
        sub ax, bx
        call save

        push es
        mov ax, 3515h
        int 21h
        mov [old15], bx
        mov [old15 + 2], es
        pop es
        mov dx, hook15
        mov ax, 2515h
        int 21h
        mov bx, [es:6Ch]
        stc
        mov ah, 86h
        mov cx, 0004h           ; 000493E0h = 300000
        mov dx, 93E0h
        int 15h
        call save_cf
        mov ax, [es:6Ch]
        sub ax, bx
        call save
        push ds
        lds dx, [old15]
        mov ax, 2515h
        int 21h
        pop ds

        jmp report

hook15: jmp far [cs:old15]

save_cf:
        pushf
        push ax
        pushf
        pop ax
        and ax, 1
        call save
        pop ax
        popf
        ret


old15   dd 0

%include "lib.inc"
%define SAVED_WORDS 8
%include "results.inc"
