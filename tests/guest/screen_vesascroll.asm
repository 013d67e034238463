; Reference screen: VESA mode 101h with a logical scan line of 800 pixels
; (4F06h), the picture of screen_vesa101 drawn in its first 640 columns, shown
; from pixel 24 of line 12 (4F07h), and DAC entries 0F8h-0FFh set through 4F09h.
%define SCREEN_VESA
%include "screen_lib.inc"
main:   mov word [v_mode], 101h
        mov byte [v_bytes], 1
        mov word [v_scan], 800
        mov word [v_start_x], 24
        mov word [v_start_y], 12
        call vesa_picture
        push cs
        pop es
        mov ax, 4F09h                   ; 8 entries from 0F8h: blue, green, red, pad
        xor bl, bl
        mov cx, 8
        mov dx, 0F8h
        mov di, entries
        int 10h
        jmp finish

entries: db 3, 2, 1, 0,  0, 31, 62, 0,  9, 17, 33, 0,  44, 60, 5, 0
         db 63, 63, 63, 0,  63, 42, 21, 0,  0, 1, 0, 0,  59, 0, 40, 0
%include "screen_vesa101_colour.inc"
