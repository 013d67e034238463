; CRTC start address, offset (line pitch), line compare split and attribute
; pixel panning in mode 12h or (MODEX defined) mode X. Plane p holds at
; address a the byte (a + 37p) mod 256 everywhere; then, as defined:
;   START: start address 1234h, offset 30h (96 bytes a line)
;   SPLIT: line compare 300 (12h) or 199 (mode X), so lower lines show address 0
;   PAN:   attribute 13h = 3 (12h: 3 pixels; mode X: 1 pixel)
;   NOPANSPLIT: attribute mode control bit 5, the split part not panned
;   MODE0D with PAGE: mode 0Dh, page 1 selected through INT 10h/05h
        org 100h
%ifdef MODEX
        mov ax, 0013h
        int 10h
        mov dx, 3C4h
        mov ax, 0604h           ; chain-4 off
        out dx, ax
        mov dx, 3D4h
        mov ax, 0014h           ; dword mode off
        out dx, ax
        mov ax, 0E317h          ; byte mode
        out dx, ax
%elifdef MODE0D
        mov ax, 000Dh
        int 10h
%else
        mov ax, 0012h
        int 10h
%endif
        mov ax, 0A000h
        mov es, ax
        xor bx, bx              ; plane, bias in bh... kept in si
        xor si, si              ; 37 * plane
.plane: mov dx, 3C4h
        mov al, 02h
        mov ah, 1
        mov cl, bl
        shl ah, cl
        out dx, ax
        xor di, di
        mov cx, 8000h
.fill:  mov ax, di
        add ax, si
        mov ah, al
        inc ah
        stosw
        loop .fill
        add si, 37
        inc bx
        cmp bx, 4
        jb .plane

        mov dx, 3D4h
%ifdef START
        mov ax, 120Ch
        out dx, ax
        mov ax, 340Dh
        out dx, ax
        mov ax, 3013h
        out dx, ax
%endif
%ifdef SPLIT
%ifdef MODEX
        mov ax, 0C718h          ; 199: bits 8 and 9 clear
        out dx, ax
        mov al, 07h
        out dx, al
        inc dx
        in al, dx
        and al, 0EFh
        out dx, al
        dec dx
%else
        mov ax, 2C18h           ; 300 = 12Ch: bit 8 set (07h bit 4), bit 9 clear
        out dx, ax
        mov al, 07h
        out dx, al
        inc dx
        in al, dx
        or al, 10h
        out dx, al
        dec dx
%endif
        mov al, 09h             ; bit 9 (09h bit 6) clear
        out dx, al
        inc dx
        in al, dx
        and al, 0BFh
        out dx, al
%endif
%ifdef PAN
        mov dx, 3DAh            ; the attribute flip-flop to the index
        in al, dx
        mov dx, 3C0h
        mov al, 33h             ; 13h, display kept on
        out dx, al
        mov al, 3
        out dx, al
%endif
%ifdef NOPANSPLIT
        mov dx, 3DAh
        in al, dx
        mov dx, 3C0h
        mov al, 30h
        out dx, al
%ifdef MODEX
        mov al, 61h
%else
        mov al, 21h
%endif
        out dx, al
%endif
%ifdef PAGE
        mov ax, 0501h           ; INT 10h page 1: the CRTC start moves a page on
        int 10h
%endif
        mov ax, 4C00h
        int 21h
