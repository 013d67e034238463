; Reference screen: the underline in a colour text mode: the picture of
; screen_text80 with the underline location (CRTC 14h) on line 13 of the 16,
; which a VGA draws in the foreground under attributes with bit 0 set and bits
; 1-2 and 4-6 clear (01h, 09h, 81h, 89h); the grid's attributes leave out those
; with foreground bits 001 and a background (see plain_underline_attrs).
%include "screen_lib.inc"
main:   set_mode 03h
        call plain_underline_attrs
        call text_screen
        outw 3D4h, 0D14h
        jmp finish
