; Reference screen: EGA mode 0Dh, 320x200 in 16 colours, drawn through the
; graphics controller (write modes 0-3, set/reset, XOR, latches, map mask), the
; attribute palette register 5 changed through INT 10h/1000h, and INT 10h/0Ch pixels.
%include "screen_lib.inc"
main:   set_mode 0Dh
        mov word [p_bytes], 40
        mov word [p_lines], 200
        call planar_picture
        mov ax, 1000h                   ; palette register 5: colour 3Fh (white)
        mov bx, 3F05h
        int 10h
        call pixels
        jmp finish

pixels: xor si, si                      ; the last line in colour 0Eh
.row:   pixel si, 199, 0Eh
        inc si
        cmp si, 320
        jb .row
        xor si, si                      ; x = 300, XORed with colour 9 (0Ch bit 7)
.col:   pixel 300, si, 89h
        inc si
        cmp si, 199
        jb .col
        ret
