; Channel 0 of the 8254 reprogrammed to 1000 Hz (reload 1193) with an INT 08h
; hook that counts and acknowledges: INT 15h/86h waits 500 ms meanwhile.
; Prints "=" then the number of interrupts counted.
        org 100h
        mov ax, 3508h
        int 21h
        mov [old], bx
        mov [old + 2], es
        mov dx, hook
        mov ax, 2508h
        int 21h
        cli
        mov al, 36h             ; channel 0, low then high byte, mode 3
        out 43h, al
        mov ax, 1193
        out 40h, al
        mov al, ah
        out 40h, al
        sti
        mov ah, 86h
        mov cx, 0007h
        mov dx, 0A120h
        int 15h
        cli
        mov si, [count]
        mov al, 36h             ; back to 18.2 Hz
        out 43h, al
        xor al, al
        out 40h, al
        out 40h, al
        push ds
        lds dx, [old]
        mov ax, 2508h
        int 21h
        pop ds
        sti

        mov dx, eq
        mov ah, 09h
        int 21h
        mov ax, si
        call hex16
        mov ax, 4C00h
        int 21h

hook:   inc word [cs:count]
        push ax
        mov al, 20h
        out 20h, al
        pop ax
        iret

count   dw 0
old     dd 0
eq      db "=$"

%include "lib.inc"
