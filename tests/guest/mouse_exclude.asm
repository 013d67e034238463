; 10h, conditional off, in mode 03h over a blank screen (cells 0720h). The
; pointer is shown at (80, 40): row 5, column 10. Prints "=" then, per step,
; the show counter (2Ah) and the cells the comments name. Last, a cell the
; program writes over the pointer keeps what it wrote when the pointer moves on.
%include "mouse_lib.inc"
        org 100h
        mov ax, 3
        int 10h
        mouse 0
        mouse_at 80, 40
        mouse 1
        save_counter
        save_cell 5, 10         ; 0000 7020: shown, inverted
        exclude 400, 100, 500, 150
        save_counter
        save_cell 5, 10         ; 0000 7020: an area elsewhere leaves it shown
        exclude 100, 50, 0, 0   ; (given right to left, bottom to top)
        save_counter
        save_cell 5, 10         ; FFFF 0720: inside: hidden
        mouse_at 400, 160
        save_counter            ; FFFF: hidden until shown again, wherever it goes
        mouse 1
        save_counter
        save_cell 20, 50        ; 0000 7020: 01h shows it and ends the area
        mouse_at 80, 40
        save_counter
        save_cell 5, 10         ; 0000 7020: the old area is gone
        save_cell 20, 50        ; 0720
        exclude 200, 0, 300, 100
        mouse_at 240, 48        ; moved into the area
        save_counter
        save_cell 6, 30         ; FFFF 0720
        save_cell 5, 10         ; 0720
        mouse 1                 ; shown again at row 6, column 30
        push es
        mov ax, 0B800h
        mov es, ax
        mov word [es:(6 * 80 + 30) * 2], 2E5Ah ; the program writes over the pointer
        pop es
        mouse_at 0, 160
        save_cell 6, 30         ; 2E5A: what the program wrote stays
        save_cell 20, 0         ; 7020
        report_home

%include "lib.inc"
%include "results.inc"
