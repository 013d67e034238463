; The default arrow in the VESA mode 101h (640x480, 256 colours). Fills the
; first 64 KiB window (rows 0-101) with a pattern (colour = offset mod 256),
; shows the pointer at (300, 60) and ends with it shown. Prints "=" then the
; 4F02h status and the show counter.
%include "mouse_lib.inc"
        org 100h
        mov ax, 4F02h
        mov bx, 101h
        int 10h
        call save
        mov ax, 0A000h
        mov es, ax
        xor di, di
        mov cx, 8000h
.fill:  mov ax, di
        stosb
        mov ax, di
        stosb
        loop .fill
        mouse 0
        mouse_at 300, 60
        mouse 1
        save_counter
        report_home

%include "lib.inc"
%include "results.inc"
