; The default arrow in mode 13h. Fills the screen with a pattern (the pixel at
; offset o has colour o mod 256), shows the pointer at (200, 60) - pixel
; (100, 60), x halved on the 640-wide virtual screen - and ends with it shown.
; Prints "=" then the show counter.
%include "mouse_lib.inc"
        org 100h
        mov ax, 13h
        int 10h
        mov ax, 0A000h
        mov es, ax
        xor di, di
        mov cx, 64000
.fill:  mov ax, di
        stosb
        loop .fill
        mouse 0
        mouse_at 200, 60
        mouse 1
        save_counter
        report_home

%include "lib.inc"
%include "results.inc"
