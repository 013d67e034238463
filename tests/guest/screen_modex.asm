; Reference screen: mode X, 320x240 in 256 colours unchained: mode 13h, chain-4
; off, the CRTC set for 240 lines of 60 Hz (misc output E3h, vertical timing),
; byte addressing. Pixel (x, y) is in plane x mod 4 at byte y * 80 + x / 4 and
; holds (x / 16 + (y / 16) * 20) mod 256, with a frame of colour 28h, the
; diagonal x = y in colour 0Fh and x = y + 80 in colour 2Ch.
%include "screen_lib.inc"
main:   set_mode 13h
        seq 04h, 06h                    ; chain-4 off
        outw 3C4h, 0100h                ; synchronous reset while the clock changes
        mov dx, 3C2h
        mov al, 0E3h
        out dx, al
        outw 3C4h, 0300h
        mov dx, 3D4h                    ; CRTC 0-7 writable
        mov al, 11h
        out dx, al
        inc dx
        in al, dx
        and al, 7Fh
        out dx, al
        mov si, crtc
        mov cx, (crtc_end - crtc) / 2
        mov dx, 3D4h
.crtc:  lodsw
        out dx, ax
        loop .crtc

        mov ax, 0A000h
        mov es, ax
        xor bx, bx                      ; plane
.plane: mov dx, 3C4h
        mov al, 02h
        mov ah, 1
        mov cl, bl
        shl ah, cl
        out dx, ax
        xor di, di
        xor dx, dx                      ; y
.row:   xor cx, cx                      ; x / 4
.col:   mov si, cx                      ; x
        shl si, 2
        add si, bx
        cmp dx, 0                       ; the frame
        je .frame
        cmp dx, 239
        je .frame
        cmp si, 0
        je .frame
        cmp si, 319
        je .frame
        cmp si, dx
        je .diag
        mov ax, dx
        add ax, 80
        cmp si, ax
        je .diag2
        mov ax, dx                      ; (y / 16) * 20 + x / 16
        shr ax, 4
        imul ax, ax, 20
        shr si, 4
        add ax, si
        jmp .put
.frame: mov al, 28h
        jmp .put
.diag:  mov al, 0Fh
        jmp .put
.diag2: mov al, 2Ch
.put:   stosb
        inc cx
        cmp cx, 80
        jb .col
        inc dx
        cmp dx, 240
        jb .row
        inc bx
        cmp bx, 4
        jb .plane
%ifdef SPLIT
        mov bx, 10 * 80 + 3             ; 10 lines down, 12 pixels right
        mov cx, 0200h                   ; panned a pixel (2 half pixels)
        mov dx, 299                     ; from address 0 below scan line 299: from line 150
        call scroll_split
%endif
        jmp finish

crtc:   dw 0D06h                        ; vertical total
        dw 3E07h                        ; overflow
        dw 4109h                        ; cell height 2 (each line twice)
        dw 0EA10h                       ; vertical retrace start
        dw 0AC11h                       ; retrace end (CRTC 0-7 protected again)
        dw 0DF12h                       ; vertical display end: 480 lines
        dw 0014h                        ; underline location: dword mode off
        dw 0E715h                       ; vertical blank start
        dw 0616h                        ; vertical blank end
        dw 0E317h                       ; mode control: byte mode
crtc_end:
