; Scrolling text through the CRTC. The 16K cells of text memory hold, at cell i,
; the character i mod 256 with the attribute (5i + i / 128) mod 128; the cursor
; is hidden. Then, as defined:
;   PRESET:  preset row scan 5 (the first row starts 5 lines into its cells)
;   BYTEPAN: preset row scan bits 5-6 = 1 (one cell further)
;   START:   start address 0123h, offset 2Ch (88 cells a row)
;   SPLIT:   line compare 199: lines from 200 on show memory from address 0
;   PAN:     attribute 13h = 3 (4 dots in 9-dot cells)
;   NOPANSPLIT: attribute mode control bit 5: the split part is not panned
%include "macros.inc"
%include "vgatext_lib.inc"
        org 100h
        mov ax, 0003h
        int 10h
        mov ax, 0B800h
        mov es, ax
        xor di, di
        xor si, si
        mov cx, 4000h
.fill:  mov bx, si
        shl bx, 2
        add bx, si                      ; 5i
        mov dx, si
        shr dx, 7
        add bx, dx
        and bl, 7Fh
        mov ax, si
        mov ah, bl
        stosw
        inc si
        loop .fill
        crtc_out 0Ah, 20h
%ifdef PRESET
%ifdef BYTEPAN
        crtc_out 08h, 25h
%else
        crtc_out 08h, 05h
%endif
%elifdef BYTEPAN
        crtc_out 08h, 20h
%endif
%ifdef START
        crtc_out 0Ch, 01h
        crtc_out 0Dh, 23h
        crtc_out 13h, 2Ch
%endif
%ifdef SPLIT
        crtc_out 18h, 0C7h
        crtc_in 07h                     ; bit 8 of the line compare: writable though 07h is locked
        and al, 0EFh
        out dx, al
        crtc_in 09h
        and al, 0BFh
        out dx, al
%endif
%ifdef PAN
        attr_out 13h, 03h
%endif
%ifdef NOPANSPLIT
        attr_out 10h, 2Ch
%endif
        exit 0
