; Reference screen: 512 characters in text mode 03h: the picture of
; screen_text80 with its font in map 0 and the same font inverted (every glyph
; line XOR FFh) in map 1, and the character map select (INT 10h/1103h, 04h) making
; map 1 map B: attribute bit 3 picks map A (0, bright foregrounds) or B (1).
%include "screen_lib.inc"
main:   set_mode 03h
        call text_screen
        mov byte [t_xor], 0FFh
        mov byte [t_block], 1
        call text_screen
        mov ax, 1103h
        mov bl, 04h
        int 10h
        jmp finish
