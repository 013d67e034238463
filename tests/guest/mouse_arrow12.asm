; The default arrow in mode 12h. Fills the planes through the sequencer's map
; mask (planes 0 and 2: CCh, plane 1: AAh, plane 3: 0), shows the pointer at
; (300, 200) and ends with it shown. Prints "=" then the show counter.
%include "mouse_lib.inc"
        org 100h
        mov ax, 12h
        int 10h
        mov ax, 0A000h
        mov es, ax
        mov dx, 3C4h
        mov ax, 0502h           ; map mask: planes 0 and 2
        out dx, ax
        xor di, di
        mov cx, 38400
        mov al, 0CCh
        rep stosb
        mov ax, 0202h           ; plane 1
        out dx, ax
        xor di, di
        mov cx, 38400
        mov al, 0AAh
        rep stosb
        mov ax, 0F02h
        out dx, ax
        mouse 0
        mouse_at 300, 200
        mouse 1
        save_counter
        report_home

%include "lib.inc"
%include "results.inc"
