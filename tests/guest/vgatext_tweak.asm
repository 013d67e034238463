; Text modes tweaked through the CRTC after a mode 03h set, cursor hidden:
;   default: 80x50, the maximum scan line 7 (the 16-line glyphs' top halves)
;   X90: 90x30 of 8x16 cells on 480 lines: CRTC 00h-07h unlocked, 01h = 89,
;        offset 45, vertical display end 479, 8-dot cells (sequencer 01h bit 0);
;        the cursor at row 29, column 88 (lines 13-14) through 0Eh/0Fh.
; Cells: 'A' (1Fh) at the top left, 'B' (2Eh) starting the second row, 'Z' (4Fh)
; at the last column of the last row.
%include "macros.inc"
%include "vgatext_lib.inc"
        org 100h
        mov ax, 0003h
        int 10h
        mov ax, 0B800h
        mov es, ax
%ifdef X90
        crtc_in 11h
        and al, 7Fh                     ; unlock 00h-07h
        out dx, al
        crtc_out 01h, 89
        crtc_out 13h, 45
        crtc_out 12h, 0DFh              ; 479: bit 8 in 07h bit 1, bit 9 in 07h bit 6
        crtc_in 07h
        or al, 02h
        and al, 0BFh
        out dx, al
        mov dx, 3C4h
        mov al, 01h
        out dx, al
        inc dx
        in al, dx
        or al, 01h                      ; 8 dots a cell
        out dx, al
        attr_out 13h, 0                 ; no panning in 8-dot cells
        crtc_out 0Eh, 0Ah               ; 29 * 90 + 88 = 0A8Ah
        crtc_out 0Fh, 8Ah
        mov word [es:0], 1F00h | 'A'
        mov word [es:90 * 2], 2E00h | 'B'
        mov word [es:(29 * 90 + 89) * 2], 4F00h | 'Z'
%else
        crtc_in 09h
        and al, 0E0h
        or al, 07h
        out dx, al
        crtc_out 0Ah, 20h
        mov word [es:0], 1F00h | 'A'
        mov word [es:80 * 2], 2E00h | 'B'
        mov word [es:(49 * 80 + 79) * 2], 4F00h | 'Z'
%endif
        exit 0
