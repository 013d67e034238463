; Reference screen: CGA mode 05h (04h with the colour burst off), the picture of
; screen_cga4 with a green background in normal intensity and palette 1 (cyan,
; magenta, white).
%define MODE 05h
%define BACKGROUND 02h
%define PALETTE 01h
%include "screen_cga4.asm"
