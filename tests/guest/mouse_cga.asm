; The default arrow in the mode MODE, shown at (320, 100). In the CGA modes
; (04h, 06h) the screen is filled with the byte 1Bh first; in the others that
; fill goes into memory not shown. Prints "=" then the counter.
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
