; Reference screen: the DAC's pixel mask (3C6h) in mode 12h: the picture of
; screen_vga12 with the attribute palette made 00h-0Fh (INT 10h/1002h) and the
; mask 0Bh, which clears bit 2 of every colour on its way to the DAC. (With
; these palette values it is the same whether the mask is applied before the
; palette or after it, as a VGA's DAC does; one emulator does it before.)
%include "screen_lib.inc"
main:   set_mode 12h
        mov word [p_bytes], 80
        mov word [p_lines], 480
        call planar_picture
        push cs
        pop es
        mov ax, 1002h
        mov dx, identity
        int 10h
        mov dx, 3C6h
        mov al, 0Bh
        out dx, al
        jmp finish

identity: db 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0
