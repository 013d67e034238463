; Mode X: mode 13h unchained (sequencer memory mode 06h, CRTC dword and byte
; modes off), then every plane filled through the map mask: pixel (x, y) is
; in plane x mod 4 at byte y * 80 + x / 4, and holds (x + 2y) mod 256.
; Then the display start moves down one line (CRTC 0Ch/0Dh = 80).
        org 100h
        mov ax, 0013h
        int 10h
        mov dx, 3C4h
        mov ax, 0604h           ; chain-4 off
        out dx, ax
        mov dx, 3D4h
        mov ax, 0014h           ; underline location: dword mode off
        out dx, ax
        mov ax, 0E317h          ; mode control: byte mode
        out dx, ax
        mov ax, 0A000h
        mov es, ax

        xor bx, bx              ; plane
.plane: mov dx, 3C4h
        mov al, 02h
        mov ah, 1
        mov cl, bl
        shl ah, cl
        out dx, ax
        xor di, di
        xor dx, dx              ; y
.row:   xor cx, cx              ; x / 4
.col:   mov al, cl              ; x = 4 * (x/4) + plane
        shl al, 2
        add al, bl
        add al, dl
        add al, dl
        stosb
        inc cx
        cmp cx, 80
        jb .col
        inc dx
        cmp dx, 204
        jb .row
        inc bx
        cmp bx, 4
        jb .plane

        mov dx, 3D4h            ; display start one line down
        mov ax, 000Ch
        out dx, ax
        mov ax, 500Dh
        out dx, ax
        mov ax, 4C00h
        int 21h
