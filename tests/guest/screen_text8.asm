; Reference screen: text mode 03h in 8-dot cells (sequencer clocking mode bit 0,
; the 25 MHz clock in the misc output): 640x400, the picture of screen_text80.
%include "screen_lib.inc"
main:   set_mode 03h
        call text_screen
        outw 3C4h, 0100h                ; synchronous reset
        outw 3C4h, 0101h                ; 8-dot cells
        mov dx, 3CCh
        in al, dx
        and al, 0F3h                    ; clock 0: 25 MHz
        mov dx, 3C2h
        out dx, al
        outw 3C4h, 0300h
        mov dx, 3DAh                    ; no ninth-dot panning: 0
        in al, dx
        mov dx, 3C0h
        mov al, 33h
        out dx, al
        xor al, al
        out dx, al
        jmp finish
