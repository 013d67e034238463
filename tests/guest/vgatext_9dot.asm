; 9-dot cells: C4h (a line graphics character), 'M', B3h (a line character
; outside C0h-DFh) and DBh, in yellow on blue, cursor hidden.
; NOGRAPHICS: attribute mode control bit 2 cleared (the 9th dot is always the
; background). EIGHT: 8-dot cells (sequencer 01h bit 0 set).
%include "macros.inc"
%include "vgatext_lib.inc"
        org 100h
        mov ax, 0003h
        int 10h
        crtc_out 0Ah, 20h
        mov ax, 0B800h
        mov es, ax
        mov word [es:0], 1EC4h
        mov word [es:2], 1E00h | 'M'
        mov word [es:4], 1EB3h
        mov word [es:6], 1EDBh
%ifdef NOGRAPHICS
        attr_out 10h, 08h
%endif
%ifdef EIGHT
        seq_out 01h, 01h
        attr_out 13h, 0
%endif
        exit 0
