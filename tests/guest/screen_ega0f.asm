; Reference screen: EGA mode 0Fh, 640x350 monochrome graphics, the picture of
; screen_ega10 drawn in planes 0 and 2 only (the two this mode shows, as colours
; 0, 1, 4 and 5: black, grey and bright white twice in the BIOS's palette 00h 08h
; 00h 00h 18h 18h...), and a last line of INT 10h/0Ch pixels in colour 5.
%include "screen_lib.inc"
main:   set_mode 0Fh
        mov word [p_bytes], 80
        mov word [p_lines], 350
        mov byte [p_planes], 05h
        mov byte [p_plane6], 04h
        call planar_picture
        xor si, si
.row:   pixel si, 349, 05h
        inc si
        cmp si, 640
        jb .row
        jmp finish
