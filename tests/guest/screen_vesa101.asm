; Reference screen: VESA mode 101h, 640x480 in 256 colours through the linear
; framebuffer: the default palette as 16x16 blocks of 40x28 pixels, x XOR y in
; the last 32 lines, and a frame in colour 0Fh.
%define SCREEN_VESA
%include "screen_lib.inc"
main:   mov word [v_mode], 101h
        mov byte [v_bytes], 1
        call vesa_picture
        jmp finish

colour: cmp si, 0                       ; the frame
        je .frame
        cmp si, 639
        je .frame
        cmp bp, 0
        je .frame
        cmp bp, 479
        je .frame
        cmp bp, 448
        jae .xor
        mov ax, bp                      ; (y / 28) * 16 + x / 40
        mov bl, 28
        div bl
        mov bh, al
        shl bh, 4
        mov ax, si
        mov bl, 40
        div bl
        add al, bh
        ret
.xor:   mov ax, si
        xor ax, bp
        ret
.frame: mov al, 0Fh
        ret
