; Reference screen: EGA mode 0Eh, 640x200 in 16 colours, the picture of
; screen_ega0d in 80 bytes a line.
%include "screen_lib.inc"
main:   set_mode 0Eh
        mov word [p_bytes], 80
        mov word [p_lines], 200
        call planar_picture
        mov ax, 1000h                   ; palette register 5: colour 3Fh (white)
        mov bx, 3F05h
        int 10h
        xor si, si
.row:   pixel si, 199, 0Eh
        inc si
        cmp si, 640
        jb .row
        xor si, si
.col:   pixel 600, si, 89h
        inc si
        cmp si, 199
        jb .col
        jmp finish
