; Reference screen: text mode 03h, 80x25 in 9x16 cells, a computed font, all 256
; characters in all 16 foregrounds and 16 backgrounds (blinking off), and rows of
; the line-drawing characters whose 9th dot column repeats the 8th.
%include "screen_lib.inc"
main:   set_mode 03h
        call text_screen
        jmp finish
