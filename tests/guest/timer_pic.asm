; More of the 8259: "rotate on non-specific EOI" (A0h) also ends the interrupt;
; reinitialising the master with ICW1-ICW4 moves IRQ0 to another vector; the
; slave's mask reads back. Prints "=" then: calls of an INT 08h hook that
; acknowledges with A0h during 300 ms, calls of an INT 50h hook during 300 ms
; with the master based at 50h, calls of the INT 08h hook during 300 ms after
; going back to 08h, the slave mask written as B7h.
        org 100h
        mov ax, 3508h
        int 21h
        mov [old08], bx
        mov [old08 + 2], es
        mov ax, 3550h
        int 21h
        mov [old50], bx
        mov [old50 + 2], es
        in al, 21h
        mov [mask], al

        mov dx, rotack
        mov ax, 2508h
        int 21h
        call wait300
        mov ax, [count]
        call save               ; several

        mov dx, hook50
        mov ax, 2550h
        int 21h
        mov word [count], 0
        mov bl, 50h
        call init_master
        call wait300
        mov ax, [count]
        call save               ; several: IRQ0 came as INT 50h

        mov word [count], 0
        mov bl, 08h
        call init_master
        call wait300
        mov ax, [count]
        call save               ; several: back at INT 08h

        in al, 0A1h
        mov bl, al
        mov al, 0B7h
        out 0A1h, al
        in al, 0A1h
        mov ah, 0
        call save               ; 00B7
        mov al, bl
        out 0A1h, al

        cli
        push ds
        lds dx, [old08]
        mov ax, 2508h
        int 21h
        pop ds
        push ds
        lds dx, [old50]
        mov ax, 2550h
        int 21h
        pop ds
        sti
        jmp report

init_master:                    ; ICW1-ICW4 with vector base BL, then the old mask
        cli
        mov al, 11h
        out 20h, al
        mov al, bl
        out 21h, al
        mov al, 04h
        out 21h, al
        mov al, 01h
        out 21h, al
        mov al, [mask]
        out 21h, al
        sti
        ret

wait300:
        mov ah, 86h
        mov cx, 0004h
        mov dx, 93E0h
        int 15h
        ret

rotack: inc word [cs:count]
        push ax
        mov al, 0A0h            ; rotate on non-specific EOI
        out 20h, al
        pop ax
        iret

hook50: inc word [cs:count]
        push ax
        mov al, 20h
        out 20h, al
        pop ax
        iret


count   dw 0
old08   dd 0
old50   dd 0
mask    db 0

%include "lib.inc"
%define SAVED_WORDS 16
%include "results.inc"
