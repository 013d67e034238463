; Reference screen: EGA mode 10h, 640x350 in 16 colours, the picture of
; screen_ega0d in 80 bytes a line and 350 lines, the palette register 5 changed.
%include "screen_lib.inc"
main:   set_mode 10h
        mov word [p_bytes], 80
        mov word [p_lines], 350
        call planar_picture
        mov ax, 1000h                   ; palette register 5: colour 3Ah
        mov bx, 3A05h
        int 10h
        xor si, si
.row:   pixel si, 349, 0Eh
        inc si
        cmp si, 640
        jb .row
        xor si, si
.col:   pixel 600, si, 89h
        inc si
        cmp si, 349
        jb .col
        jmp finish
