; A pointer of the program's own (09h) with its hot spot at (8, 4), in mode
; 13h over the same pattern as mouse_arrow13 (colour = offset mod 256), shown
; at (200, 60): pixel (100, 60), so its top left corner is at (92, 56).
; Prints "=" then 2Ah's counter and hot spot (AX BX CX).
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
        push cs
        pop es
        mov dx, shape
        mov bx, 8
        mov cx, 4
        mouse 9
        mouse_at 200, 60
        mouse 1
        mouse 2Ah
        call save
        mov ax, bx
        call save
        mov ax, cx
        call save
        report_home

; Upper half: four white pixels, four black, eight untouched; lower half: the
; right four pixels' colours with their low four bits inverted.
shape:  times 8 dw 00FFh
        times 8 dw 0FFFFh
        times 8 dw 0F000h
        times 8 dw 000Fh

%include "lib.inc"
%include "results.inc"
