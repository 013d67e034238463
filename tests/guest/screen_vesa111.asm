; Reference screen: VESA mode 111h, 640x480 in 16 bits (5:6:5) through the linear
; framebuffer: red x / 20, green y * 2 / 15, blue ((x XOR y) / 8) mod 32.
%define SCREEN_VESA
%include "screen_lib.inc"
main:   mov word [v_mode], 111h
        mov byte [v_bytes], 2
        call vesa_picture
        jmp finish

colour: mov ax, si                      ; red
        mov bl, 20
        div bl
        movzx cx, al
        shl cx, 11
        mov ax, bp                      ; green
        shl ax, 1
        mov bl, 15
        div bl
        movzx ax, al
        shl ax, 5
        or cx, ax
        mov ax, si                      ; blue
        xor ax, bp
        shr ax, 3
        and ax, 1Fh
        or ax, cx
        ret
