; Reference screen: 80x50 text, mode 03h with the 8x8 cells of INT 10h/1112h, the
; picture of screen_text80 in 8-line glyphs.
%include "screen_lib.inc"
main:   set_mode 03h
        mov ax, 1112h
        xor bl, bl
        int 10h
        call text_screen
        jmp finish
