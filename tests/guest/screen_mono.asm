; Reference screen: monochrome text mode 07h (memory at B000), the picture of
; screen_text80 in every monochrome attribute but those with an underline and a
; background (see plain_underline_attrs).
%include "screen_lib.inc"
main:   set_mode 07h
        call plain_underline_attrs
        call text_screen
        jmp finish
