; Reference screen: VESA mode 112h, 640x480 in 32 bits (x, red, green, blue)
; through the linear framebuffer: red x * 2 / 5, green y * 8 / 15, blue x XOR y.
%define SCREEN_VESA
%include "screen_lib.inc"
main:   mov word [v_mode], 112h
        mov byte [v_bytes], 4
        call vesa_picture
        jmp finish

colour: mov ax, si                      ; red
        shl ax, 1
        mov bl, 5
        div bl
        movzx ecx, al
        shl ecx, 16
        mov ax, bp                      ; green
        shl ax, 3
        mov bl, 15
        div bl
        movzx eax, al
        shl eax, 8
        or ecx, eax
        mov ax, si                      ; blue
        xor ax, bp
        movzx eax, al
        or eax, ecx
        ret
