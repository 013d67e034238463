; Reference screen: VGA mode 12h scrolled and split: the picture of screen_vga12,
; shown from 16 lines down and 16 pixels right (start address 502h), panned 3
; pixels left, and from address 0 again below line 300 (line compare), unpanned.
%include "screen_lib.inc"
main:   set_mode 12h
        mov word [p_bytes], 80
        mov word [p_lines], 480
        call planar_picture
        mov bx, 16 * 80 + 2
        mov cx, 0300h
        mov dx, 300
        call scroll_split
        jmp finish
