; Masking IRQ0 at the master 8259 (port 21h bit 0) stops the timer interrupt;
; unmasking lets it run again. Prints "=" then: the mask at start, the mask
; after setting bit 0, the ticks counted during 300 ms masked, the mask after
; clearing bit 0, the ticks counted during 300 ms unmasked.
        org 100h
        mov ax, 40h
        mov es, ax
        in al, 21h
        mov ah, 0
        call save
        or al, 01h
        out 21h, al
        in al, 21h
        mov ah, 0
        call save
        call wait300
        call save

        in al, 21h
        and al, 0FEh
        out 21h, al
        in al, 21h
        mov ah, 0
        call save
        call wait300
        call save

        jmp report

wait300:                        ; AX = BIOS ticks counted during a 300 ms wait
        mov bx, [es:6Ch]
        mov ah, 86h
        mov cx, 0004h           ; 000493E0h = 300000
        mov dx, 93E0h
        int 15h
        mov ax, [es:6Ch]
        sub ax, bx
        ret



%include "lib.inc"
%define SAVED_WORDS 16
%include "results.inc"
