; The BIOS timer interrupt calls INT 1Ch on every tick: a hook counts the calls
; while the program halts until 9 of them came (about half a second).
; Prints "=" then the count and the ticks the BIOS counted meanwhile.
        org 100h
        mov ax, 351Ch
        int 21h
        mov [old], bx
        mov [old + 2], es
        mov ax, 40h
        mov es, ax
        mov dx, hook
        mov ax, 251Ch
        int 21h
        mov ax, [es:6Ch]
        mov [t0], ax
.wait:  hlt
        cmp word [count], 9
        jb .wait
        mov bx, [es:6Ch]
        sub bx, [t0]
        mov si, [count]
        push ds
        lds dx, [old]
        mov ax, 251Ch
        int 21h
        pop ds

        mov dx, eq
        mov ah, 09h
        int 21h
        mov ax, si
        call hex16
        call space
        mov ax, bx
        call hex16
        mov ax, 4C00h
        int 21h

hook:   inc word [cs:count]
        iret

count   dw 0
t0      dw 0
old     dd 0
eq      db "=$"

%include "lib.inc"
