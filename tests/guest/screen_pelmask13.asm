; Reference screen: the DAC's pixel mask (3C6h) in mode 13h: the picture of
; screen_13h with the mask 0E7h (bits 3 and 4 of every colour cleared).
%define PELMASK 0E7h
%include "screen_13h.asm"
