; Reference screen: 80x43 text on 350 lines: INT 10h/12h (BL=30h) selects 350
; lines, mode 03h then has 8x14 cells in 8-dot columns (640x350), and 1112h the
; 8x8 cells of 43 rows; the picture of screen_text80.
%include "screen_lib.inc"
main:   mov ax, 1201h
        mov bl, 30h
        int 10h
        set_mode 03h
        mov ax, 1112h
        xor bl, bl
        int 10h
        call text_screen
        jmp finish
