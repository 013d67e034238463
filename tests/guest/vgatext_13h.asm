; Mode 13h through the CRTC. Video memory holds at address a the colour
; (a + 7 * (a / 256)) mod 256. As defined:
;   AFTER_PLANAR: mode 12h first, so the planes are hooked at A0000
;   START:   start address 0123h (in the doubleword addressing), offset 30h
;   BYTEPAN: preset row scan bits 5-6 = 1
;   SPLIT:   line compare 199: lines from 100 on show memory from address 0
;   PAN:     attribute 13h = 2 (one pixel)
;   NOPANSPLIT: attribute mode control bit 5
%include "macros.inc"
%include "vgatext_lib.inc"
        org 100h
%ifdef AFTER_PLANAR
        mov ax, 0012h
        int 10h
%endif
        mov ax, 0013h
        int 10h
        mov ax, 0A000h
        mov es, ax
        xor di, di
.fill:  mov ax, di
        mov bl, al
        mov al, ah
        mov ah, 7
        mul ah                          ; 7 * (a / 256)
        add al, bl
        stosb
        test di, di
        jnz .fill
%ifdef START
        crtc_out 0Ch, 01h
        crtc_out 0Dh, 23h
        crtc_out 13h, 30h
%endif
%ifdef BYTEPAN
        crtc_out 08h, 20h
%endif
%ifdef SPLIT
        crtc_out 18h, 0C7h
        crtc_in 07h
        and al, 0EFh
        out dx, al
        crtc_in 09h
        and al, 0BFh
        out dx, al
%endif
%ifdef PAN
        attr_out 13h, 02h
%endif
%ifdef NOPANSPLIT
        attr_out 10h, 61h
%endif
        exit 0
