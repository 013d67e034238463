; The CGA modes through the CRTC: mode 04h (MODE6: 06h) with the 16 KiB at B800
; holding at address a the byte (a + 7 * (a / 256)) mod 256. As defined:
;   START: start address 0015h (words in mode 04h, bytes in 06h)
;   SPLIT: line compare 199: lines from 100 on show memory from address 0
%include "macros.inc"
%include "vgatext_lib.inc"
        org 100h
%ifdef MODE6
        mov ax, 0006h
%else
        mov ax, 0004h
%endif
        int 10h
        mov ax, 0B800h
        mov es, ax
        xor di, di
.fill:  mov ax, di
        mov bl, al
        mov al, ah
        mov ah, 7
        mul ah
        add al, bl
        stosb
        cmp di, 4000h
        jb .fill
%ifdef START
        crtc_out 0Ch, 00h
        crtc_out 0Dh, 15h
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
        exit 0
