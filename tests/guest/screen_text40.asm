; Reference screen: text mode 01h, 40x25 (each dot twice as wide), the picture of
; screen_text80 in 40 columns.
%include "screen_lib.inc"
main:   set_mode 01h
        call text_screen
        jmp finish
