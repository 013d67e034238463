; Reference screen: VESA mode 101h, 640x480 in 256 colours through the linear
; framebuffer: the default palette as 16x16 blocks of 40x28 pixels, x XOR y in
; the last 32 lines, and a frame in colour 0Fh.
%define SCREEN_VESA
%include "screen_lib.inc"
main:   mov word [v_mode], 101h
        mov byte [v_bytes], 1
        call vesa_picture
        jmp finish

%include "screen_vesa101_colour.inc"
