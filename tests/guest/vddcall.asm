; Talks to a VDD the test installs: INT 60h service, port E0h, and IRQ 5
; (INT 0Dh) raised by the VDD's timer.
%include "macros.inc"
        org 100h
        mov ax, 1111h
        int 60h                     ; the VDD doubles AX and sets CF when asked
        call hex16
        call space
        mov ax, 0FFFFh
        int 60h                     ; carry from the VDD
        mov ax, 0
        adc ax, 0
        call hex16
        call space
        in al, 0E0h                 ; port read
        mov ah, 0
        call hex16
        call newline
        mov al, 77h                 ; port write
        out 0E0h, al
        mov dx, irq5                ; IRQ 5 handler
        mov ax, 250Dh
        int 21h
        sti
.wait:  hlt
        cmp word [count], 3
        jb .wait
        mov ax, [count]
        call hex16
        call newline
        exit 0
irq5:   inc word [cs:count]
        push ax
        mov al, 20h
        out 20h, al
        pop ax
        iret
count   dw 0
%include "lib.inc"
