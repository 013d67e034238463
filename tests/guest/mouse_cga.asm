; The default arrow in the CGA mode MODE (04h or 06h): the screen filled with
; the byte 1Bh, the pointer shown at (320, 100). Prints "=" then the counter.
%include "mouse_lib.inc"
        org 100h
        mov ax, MODE
        int 10h
        mov ax, 0B800h
        mov es, ax
        xor di, di
        mov cx, 4000h
        mov al, 1Bh
        rep stosb
        mouse 0
        mouse_at 320, 100
        mouse 1
        save_counter
        report_home

%include "lib.inc"
%include "results.inc"
