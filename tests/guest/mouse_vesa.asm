; The default arrow in a 640x480 VESA mode: MODE (101h, 256 colours, unless
; defined: 111h and 112h are 16 and 32 bits a pixel). Fills the first 64 KiB
; window with a pattern (each byte = its offset mod 256),
; shows the pointer at (300, 60) and ends with it shown. Prints "=" then the
; 4F02h status and the show counter.
%include "mouse_lib.inc"
%ifndef MODE
%define MODE 101h
%endif
        org 100h
        mov ax, 4F02h
        mov bx, MODE
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
