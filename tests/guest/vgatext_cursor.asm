; The cursor programmed through the CRTC alone: lines 2-5 of the cell (0Ah/0Bh)
; at location 593 = row 7, column 33 (0Eh/0Fh), without telling the BIOS.
; HIDE: then 0Ah bit 5 set, which hides it. SKEW: 0Bh bits 5-6 = 1 (one cell right).
%include "macros.inc"
%include "vgatext_lib.inc"
        org 100h
        mov ax, 0003h
        int 10h
        crtc_out 0Ah, 02h
%ifdef SKEW
        crtc_out 0Bh, 25h
%else
        crtc_out 0Bh, 05h
%endif
        crtc_out 0Eh, 02h
        crtc_out 0Fh, 51h
%ifdef HIDE
        crtc_out 0Ah, 22h
%endif
        exit 0
