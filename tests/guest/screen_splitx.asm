; Reference screen: mode X scrolled and split: the picture of screen_modex shown
; from 10 lines down and 12 pixels right (start address 323h), panned a pixel
; left, and from address 0 again below scan line 299 (from line 150 on: lines are
; two scan lines, and an even line compare would split one), unpanned.
%define SPLIT
%include "screen_modex.asm"
